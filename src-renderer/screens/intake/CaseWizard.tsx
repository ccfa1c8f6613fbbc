import { Alert, Paper, Stack, Text } from '@mantine/core';
import { useCallback, useEffect, useState } from 'react';
import type { ApiError } from '../../../src-shared/api';
import { INTAKE_STEPS, type DraftView, type IntakeStep } from '../../../src-shared/api/intake';
import { navigate } from '../../app/router';
import { ErrorAlert } from '../../components/ErrorAlert';
import { Loading } from '../../components/Loading';
import { useApiQuery } from '../../components/useApi';
import { useLocale } from '../../i18n/locale';
import { IntakeTitle, Shortcuts } from './IntakeScreen';
import { StepNav, stepOfMissing } from './StepNav';
import { RulesReadOnly } from './steps/RulesReadOnly';
import { IdentityStep } from './steps/IdentityStep';
import { AccountStep } from './steps/AccountStep';
import { PersonalStep } from './steps/PersonalStep';
import { WorkshopStep } from './steps/WorkshopStep';
import { WorkshopDetailsStep } from './steps/WorkshopDetailsStep';
import { ActivityStep } from './steps/ActivityStep';
import { PermitsStep } from './steps/PermitsStep';
import { BankBranchStep } from './steps/BankBranchStep';
import { ReviewStep } from './steps/ReviewStep';

function isStep(s: string | undefined): s is IntakeStep {
  return !!s && (INTAKE_STEPS as readonly string[]).includes(s);
}

/** A draft's steps, one at a time; each save moves on, and the URL says where the clerk is. */
export function CaseWizard({ caseId, step: rawStep }: { caseId: string; step: string | undefined }) {
  const { t } = useLocale();
  const query = useApiQuery('intake.draft', { caseId });
  const [draft, setDraft] = useState<DraftView | null>(null);
  const [refusal, setRefusal] = useState<ApiError | null>(null);
  useEffect(() => {
    if (query.data) setDraft(query.data);
  }, [query.data]);

  const firstIncomplete = draft ? (draft.missing.map(stepOfMissing).find(Boolean) ?? 'review') : 'identity';
  const step: IntakeStep = isStep(rawStep) ? rawStep : firstIncomplete;
  const index = INTAKE_STEPS.indexOf(step);
  const go = useCallback((s: IntakeStep) => navigate('intake', 'case', caseId, s), [caseId]);
  const goBack = useCallback(() => go(INTAKE_STEPS[Math.max(0, index - 1)]!), [go, index]);
  const onSaved = useCallback(
    (view: DraftView) => {
      setDraft(view);
      go(INTAKE_STEPS[Math.min(INTAKE_STEPS.length - 1, index + 1)]!);
    },
    [go, index],
  );

  useEffect(() => {
    const onKey = (e: KeyboardEvent) => {
      if (!e.altKey || e.ctrlKey || e.metaKey) return;
      if (e.code === 'KeyB' || e.code === 'ArrowLeft' || e.code === 'ArrowRight') {
        if (e.code !== 'KeyB' && (e.target as HTMLElement)?.tagName === 'INPUT') return;
        e.preventDefault();
        goBack();
      } else if (e.code === 'KeyR') {
        e.preventDefault();
        go('review');
      }
    };
    window.addEventListener('keydown', onKey);
    return () => window.removeEventListener('keydown', onKey);
  }, [go, goBack]);

  // Focus the step's heading when the step changes, so a screen reader and the Tab order start there.
  useEffect(() => {
    const heading = document.getElementById('intake-step-title');
    heading?.focus();
  }, [step, draft?.case.id]);

  if (query.error && !draft) return <ErrorAlert error={query.error} />;
  if (!draft) return <Loading />;
  const name = `${draft.applicant.firstName} ${draft.applicant.lastName}`.trim() || draft.applicant.nationalCode;
  const props = { draft, onSaved, goBack };

  return (
    <Stack>
      <IntakeTitle />
      <Text size="sm" data-testid="case-heading">
        {t('intake.case', { name, stage: t(`stage.${draft.case.stage}`) })}
      </Text>
      <StepNav current={step} draft={draft} />
      {!draft.editable && step !== 'review' && (
        <Alert color="gray" role="status">
          {t('intake.notEditable', { stage: t(`stage.${draft.case.stage}`) })}
        </Alert>
      )}
      <Paper withBorder p="md" component="section" aria-labelledby="intake-step-title" key={`${step}-${draft.case.id}`}>
        {step === 'rules' && <RulesReadOnly {...props} />}
        {step === 'identity' && <IdentityStep {...props} onDraft={setDraft} />}
        {step === 'account' && <AccountStep {...props} />}
        {step === 'personal' && <PersonalStep {...props} />}
        {step === 'workshop' && <WorkshopStep {...props} onDraft={setDraft} />}
        {step === 'workshopDetails' && <WorkshopDetailsStep {...props} />}
        {step === 'activity' && <ActivityStep {...props} />}
        {step === 'permits' && <PermitsStep {...props} />}
        {step === 'bankBranch' && <BankBranchStep {...props} refusal={refusal} clearRefusal={() => setRefusal(null)} />}
        {step === 'review' && (
          <ReviewStep
            {...props}
            onDraft={setDraft}
            onCreditRefused={(e) => {
              setRefusal(e);
              go('bankBranch');
            }}
          />
        )}
      </Paper>
      <Shortcuts />
    </Stack>
  );
}
