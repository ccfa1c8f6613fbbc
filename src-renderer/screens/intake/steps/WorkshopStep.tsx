import { Alert, Anchor, Group, Stack, Text } from '@mantine/core';
import { z } from 'zod';
import { workshopCodeSchema } from '../../../../src-shared/domain/schemas';
import { Digits } from '../../../components/Digits';
import { ErrorAlert } from '../../../components/ErrorAlert';
import { TextField } from '../../../components/Field';
import { useZodForm } from '../../../components/form';
import { useLocale } from '../../../i18n/locale';
import { DuplicatesAlert, duplicatesOf, EligibilityBadge, RestoredNotice, StepButtons, StepTitle, TextAreaField, useLocalDraft, useStepSave, YesNoField, type StepProps } from '../kit';

const schema = z.discriminatedUnion('hasCode', [
  z.object({ hasCode: z.literal(true), workshopCode: workshopCodeSchema, duplicateReason: z.string() }),
  z.object({ hasCode: z.literal(false), workshopCode: z.string(), duplicateReason: z.string() }),
]);

/** The link to the tickets area's "new objection" page for this case (coordinated by URL only). */
export function objectionHref(caseId: string): string {
  return `#/tickets/new?case=${encodeURIComponent(caseId)}`;
}

export function EligibilityPanel({ caseId, status, identifier }: { caseId: string; status: 'eligible' | 'ineligible' | 'not_found' | 'overridden'; identifier: string }) {
  const { t } = useLocale();
  const blocked = status === 'ineligible' || status === 'not_found';
  return (
    <Alert color={blocked ? 'red' : 'green'} variant="light" role="status" aria-labelledby="intake-eligibility-title">
      <Stack gap="xs">
        <Group>
          <Text fw={700} id="intake-eligibility-title">
            {t('intake.eligibility.title')}
          </Text>
          <EligibilityBadge status={status} />
        </Group>
        <Text size="sm">
          {t('intake.workshop.identifier')}{' '}
          <Digits value={identifier} />
        </Text>
        {blocked && (
          <>
            <Text size="sm">{t('intake.eligibility.wayForward')}</Text>
            <Anchor href={objectionHref(caseId)} fw={700} data-testid="objection-link">
              {t('intake.eligibility.objection')}
            </Anchor>
          </>
        )}
      </Stack>
    </Alert>
  );
}

export function WorkshopStep({ draft, onSaved, goBack, onDraft }: StepProps & { onDraft: (v: typeof draft) => void }) {
  const { t } = useLocale();
  const w = draft.workshop;
  const form = useZodForm(schema, { hasCode: w ? w.workshopCode !== null : (undefined as unknown as true), workshopCode: w?.workshopCode ?? '', duplicateReason: '' });
  const { restored, clear } = useLocalDraft(form, `${draft.case.id}.workshop`);
  // Eligibility is shown at once: when the workshop's identifier changes the clerk stays here
  // to see its status (and, if it is not eligible, the way forward); "Save and continue" again moves on.
  const { onSubmit, error } = useStepSave(
    form,
    draft,
    (v) => ({ step: 'workshop', workshopCode: v.hasCode ? v.workshopCode : null, ...(v.duplicateReason.trim() ? { duplicateReason: v.duplicateReason } : {}) }),
    (view) => {
      const changed = view.workshop?.identifier !== w?.identifier;
      if (changed) onDraft(view);
      else onSaved(view);
    },
    clear,
  );
  const hasCode = form.watch('hasCode');
  const duplicates = duplicatesOf(error);

  return (
    <form onSubmit={onSubmit} noValidate>
      <Stack>
        <StepTitle>{t('intake.step.workshop')}</StepTitle>
        <RestoredNotice restored={restored} />
        <YesNoField control={form.control} name="hasCode" label={t('intake.workshop.hasCode')} />
        {hasCode === true && <TextField control={form.control} name="workshopCode" label={t('intake.workshop.code')} dir="ltr" inputMode="numeric" autoComplete="off" />}
        {hasCode === false && (
          <Text size="sm">
            {t('intake.workshop.noCodeHint')} <Digits value={draft.applicant.nationalCode} />
          </Text>
        )}
        {w && <EligibilityPanel caseId={draft.case.id} status={w.eligibility} identifier={w.identifier} />}
        {duplicates && (
          <DuplicatesAlert duplicates={duplicates}>
            <TextAreaField control={form.control} name="duplicateReason" label={t('intake.duplicate.reason')} />
          </DuplicatesAlert>
        )}
        {!duplicates && <ErrorAlert error={error} />}
        <StepButtons onBack={goBack} busy={form.formState.isSubmitting} />
      </Stack>
    </form>
  );
}
