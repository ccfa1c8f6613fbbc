import { Anchor, Group, Text } from '@mantine/core';
import { INTAKE_STEPS, type DraftView, type IntakeStep } from '../../../src-shared/api/intake';
import { useLocale } from '../../i18n/locale';
import { STEP_KEYS } from './kit';

/** Which missing-step keys each wizard step answers (engine keys and the intake's own). */
const STEP_OF_MISSING: Record<string, IntakeStep> = {
  'step.rules': 'rules', 'step.registryVerified': 'identity', 'step.mobileConfirmed': 'identity', 'intake.step.account': 'account',
  'intake.step.personal': 'personal', 'step.workshop': 'workshop', 'step.workshopDetails': 'workshopDetails', 'step.activity': 'activity',
  'step.amount': 'activity', 'step.permits': 'permits', 'step.bankBranch': 'bankBranch',
};

export function stepOfMissing(key: string): IntakeStep | undefined {
  return STEP_OF_MISSING[key];
}

/** The steps as links (a draft's) or plain text (before the draft exists); done steps are marked. */
export function StepNav({ current, draft }: { current: IntakeStep; draft: DraftView | null }) {
  const { t } = useLocale();
  const incomplete = new Set((draft?.missing ?? []).map((k) => STEP_OF_MISSING[k]).filter(Boolean));
  const index = INTAKE_STEPS.indexOf(current);
  return (
    <nav aria-label={t('intake.steps.label')} className="kd-no-print">
      <Text size="sm" c="dimmed" mb={4}>
        {t('intake.stepOf', { n: index + 1, total: INTAKE_STEPS.length })}
      </Text>
      <Group gap="xs" component="ol" style={{ listStyle: 'none', padding: 0, margin: 0 }}>
        {INTAKE_STEPS.map((s, i) => {
          const label = `${(i + 1).toLocaleString(t('locale.name') === 'فارسی' ? 'fa-IR' : 'en-US')}. ${t(STEP_KEYS[s])}${draft && !incomplete.has(s) && s !== 'review' ? ' ✓' : ''}`;
          return (
            <li key={s}>
              {draft && s !== current ? (
                <Anchor href={`#/intake/case/${draft.case.id}/${s}`} size="sm">
                  {label}
                </Anchor>
              ) : (
                <Text size="sm" fw={s === current ? 700 : 400} aria-current={s === current ? 'step' : undefined} c={s === current ? undefined : 'dimmed'}>
                  {label}
                </Text>
              )}
            </li>
          );
        })}
      </Group>
    </nav>
  );
}
