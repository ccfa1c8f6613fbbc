import { Alert, Button, Group, Stack, Text, TextInput } from '@mantine/core';
import { useDebouncedValue } from '@mantine/hooks';
import { useState } from 'react';
import { z } from 'zod';
import { Digits } from '../../../components/Digits';
import { ErrorAlert } from '../../../components/ErrorAlert';
import { TextField } from '../../../components/Field';
import { useZodForm } from '../../../components/form';
import { useApiQuery } from '../../../components/useApi';
import { formatNumber, parseLocalNumber } from '../../../i18n/format';
import { useLocale } from '../../../i18n/locale';
import { RestoredNotice, StepButtons, StepTitle, useLocalDraft, useStepSave, type StepProps } from '../kit';

const schema = z.object({
  activityCode: z.string().min(1, { message: 'validation.required' }),
  requestedAmountToman: z.preprocess(
    (v) => (v === '' || v === undefined ? undefined : parseLocalNumber(v)),
    z.number({ message: 'validation.money.invalid' }).int({ message: 'validation.money.invalid' }).min(1, { message: 'validation.required' }),
  ),
});

export function ActivityStep({ draft, onSaved, goBack }: StepProps) {
  const { t, locale } = useLocale();
  const form = useZodForm(schema, {
    activityCode: draft.activity?.code ?? '',
    requestedAmountToman: draft.requestedAmountToman ? String(draft.requestedAmountToman) : draft.maxAmountToman ? String(draft.maxAmountToman) : '',
  });
  const { restored, clear } = useLocalDraft(form, `${draft.case.id}.activity`);
  const { onSubmit, error } = useStepSave(form, draft, (v) => ({ step: 'activity', ...v }), onSaved, clear);
  const [search, setSearch] = useState('');
  const [debounced] = useDebouncedValue(search, 200);
  const results = useApiQuery('reference.activityCodes', { ...(debounced.trim() ? { query: debounced.trim() } : {}), limit: 12 });
  const chosenCode = form.watch('activityCode');
  const [chosen, setChosen] = useState(draft.activity ? { code: draft.activity.code, nameFa: draft.activity.nameFa, nameEn: draft.activity.nameEn, agencyNameFa: draft.activity.agency.nameFa, agencyNameEn: draft.activity.agency.nameEn } : null);
  const name = (r: { nameFa: string; nameEn: string }) => (locale === 'fa' ? r.nameFa : r.nameEn);
  const codeError = form.formState.errors.activityCode?.message;

  return (
    <form onSubmit={onSubmit} noValidate>
      <Stack>
        <StepTitle>{t('intake.step.activity')}</StepTitle>
        <RestoredNotice restored={restored} />
        <TextInput
          label={t('intake.activity.search')}
          value={search}
          onChange={(e) => setSearch(e.currentTarget.value)}
          onKeyDown={(e) => {
            // Enter in the search picks the first result instead of submitting the step.
            if (e.key === 'Enter' && search.trim()) {
              e.preventDefault();
              const first = results.data?.[0];
              if (first) {
                form.setValue('activityCode', first.code, { shouldValidate: true, shouldDirty: true });
                setChosen({ code: first.code, nameFa: first.nameFa, nameEn: first.nameEn, agencyNameFa: first.agencyNameFa, agencyNameEn: first.agencyNameEn });
              }
            }
          }}
          autoComplete="off"
          error={codeError ? t(codeError) : undefined}
        />
        <Stack gap={4} role="list" aria-label={t('intake.activity.results')}>
          {results.data?.length === 0 && <Text size="sm">{t('intake.activity.none')}</Text>}
          {results.data?.map((r) => (
            <Group key={r.code} role="listitem" gap="xs" wrap="nowrap">
              <Button
                variant={r.code === chosenCode ? 'filled' : 'default'}
                size="compact-sm"
                type="button"
                aria-pressed={r.code === chosenCode}
                aria-label={t('intake.activity.pick', { name: `${r.code} ${name(r)}` })}
                onClick={() => {
                  form.setValue('activityCode', r.code, { shouldValidate: true, shouldDirty: true });
                  setChosen({ code: r.code, nameFa: r.nameFa, nameEn: r.nameEn, agencyNameFa: r.agencyNameFa, agencyNameEn: r.agencyNameEn });
                }}
              >
                <Digits value={r.code} />
              </Button>
              <Text size="sm">
                {name(r)} — {locale === 'fa' ? r.agencyNameFa : r.agencyNameEn}
              </Text>
            </Group>
          ))}
        </Stack>
        {chosen && chosen.code === chosenCode && (
          <Alert color="blue" variant="light" role="status" data-testid="activity-chosen">
            <Text fw={700}>{t('intake.activity.chosen', { code: chosen.code, name: name(chosen) })}</Text>
            <Text>{t('intake.activity.agency', { agency: locale === 'fa' ? chosen.agencyNameFa : chosen.agencyNameEn })}</Text>
          </Alert>
        )}
        <TextField
          control={form.control}
          name="requestedAmountToman"
          label={t('intake.field.amount')}
          description={draft.maxAmountToman ? t('intake.activity.max', { max: formatNumber(draft.maxAmountToman, locale) }) : undefined}
          dir="ltr"
          inputMode="numeric"
          autoComplete="off"
        />
        <ErrorAlert error={error} />
        <StepButtons onBack={goBack} busy={form.formState.isSubmitting} />
      </Stack>
    </form>
  );
}
