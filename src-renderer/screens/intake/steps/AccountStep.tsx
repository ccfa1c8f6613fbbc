import { Alert, List, Progress, Stack, Text } from '@mantine/core';
import { z } from 'zod';
import { PORTAL_PASSWORD_RULES, portalPasswordSchema, portalPasswordStrength } from '../../../../src-shared/api/intake';
import { ErrorAlert } from '../../../components/ErrorAlert';
import { PasswordField } from '../../../components/Field';
import { useZodForm } from '../../../components/form';
import { useLocale } from '../../../i18n/locale';
import { RestoredNotice, StepButtons, StepTitle, useLocalDraft, useStepSave, YesNoField, type StepProps } from '../kit';

const schema = z
  .object({ portalAccess: z.boolean({ message: 'validation.required' }), password: z.string() })
  .superRefine((v, ctx) => {
    if (!v.portalAccess) return;
    const checked = portalPasswordSchema.safeParse(v.password);
    if (!checked.success) ctx.addIssue({ code: 'custom', path: ['password'], message: checked.error.issues[0]!.message });
  });

const NEVER_STORED = ['password'] as const;

export function AccountStep({ draft, onSaved, goBack }: StepProps) {
  const { t } = useLocale();
  const form = useZodForm(schema, { portalAccess: draft.applicant.accountAnswered ? draft.applicant.portalAccess : (undefined as unknown as boolean), password: '' });
  const { restored, clear } = useLocalDraft(form, `${draft.case.id}.account`, NEVER_STORED);
  const { onSubmit, error } = useStepSave(form, draft, (v) => (v.portalAccess ? { step: 'account', portalAccess: true, password: v.password } : { step: 'account', portalAccess: false }), onSaved, clear);
  const wants = form.watch('portalAccess');
  const password = form.watch('password');
  const strength = portalPasswordStrength(password);
  // A password already set may be kept: saving "yes" again without typing keeps it only if the clerk types it again.
  return (
    <form onSubmit={onSubmit} noValidate>
      <Stack>
        <StepTitle>{t('intake.account.title')}</StepTitle>
        <RestoredNotice restored={restored} />
        <YesNoField control={form.control} name="portalAccess" label={t('intake.account.wants')} />
        {wants && (
          <>
            {draft.applicant.portalAccess && <Alert color="gray" variant="light">{t('intake.account.stored')}</Alert>}
            <PasswordField control={form.control} name="password" label={t('intake.account.password')} description={t('intake.account.pattern')} autoComplete="new-password" />
            <div aria-live="polite">
              <Text size="sm" id="intake-password-strength">
                {t('intake.password.strength', { level: t(`intake.password.level.${strength}`) })}
              </Text>
              <div aria-hidden="true">
                <Progress value={strength * 25} color={strength >= 3 ? 'green' : strength === 2 ? 'yellow' : 'red'} mt={4} />
              </div>
              <List size="sm" mt="xs" data-testid="password-rules">
                {PORTAL_PASSWORD_RULES.map((r) => {
                  const met = r.test(password);
                  return (
                    <List.Item key={r.key} icon={<span aria-hidden>{met ? '✓' : '○'}</span>}>
                      {t(r.key)} — {t(met ? 'intake.password.ruleMet' : 'intake.password.ruleUnmet')}
                    </List.Item>
                  );
                })}
              </List>
            </div>
            <Text size="sm">{t('intake.account.remember')}</Text>
          </>
        )}
        <ErrorAlert error={error} />
        <StepButtons onBack={goBack} busy={form.formState.isSubmitting} />
      </Stack>
    </form>
  );
}
