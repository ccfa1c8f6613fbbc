import { SimpleGrid, Stack } from '@mantine/core';
import { useEffect } from 'react';
import { z } from 'zod';
import { postalCodeSchema } from '../../../../src-shared/domain/schemas';
import { ErrorAlert } from '../../../components/ErrorAlert';
import { SelectField, TextField } from '../../../components/Field';
import { useZodForm } from '../../../components/form';
import { useApiQuery } from '../../../components/useApi';
import { parseLocalNumber } from '../../../i18n/format';
import { useLocale } from '../../../i18n/locale';
import { RestoredNotice, StepButtons, StepTitle, TextAreaField, useLocalDraft, useStepSave, type StepProps } from '../kit';

const schema = z.object({
  name: z.string().trim().min(2, { message: 'validation.required' }).max(200),
  address: z.string().trim().min(5, { message: 'validation.required' }).max(500),
  provinceCode: z.string().min(1, { message: 'validation.required' }),
  countyCode: z.string().min(1, { message: 'validation.required' }),
  postalCode: postalCodeSchema,
  uninsuredWorkers: z.preprocess(
    (v) => (v === '' || v === undefined ? undefined : parseLocalNumber(v)),
    z.number({ message: 'validation.number' }).int({ message: 'validation.number' }).min(1, { message: 'validation.workersMin' }).max(1000),
  ),
  activityDescription: z.string().trim().min(3, { message: 'validation.required' }).max(500),
});

export function WorkshopDetailsStep({ draft, onSaved, goBack }: StepProps) {
  const { t, locale } = useLocale();
  const w = draft.workshop;
  const form = useZodForm(schema, {
    name: w?.name ?? '', address: w?.address ?? '', provinceCode: w?.provinceCode ?? '', countyCode: w?.countyCode ?? '',
    postalCode: w?.postalCode ?? '', uninsuredWorkers: w?.uninsuredWorkers ? String(w.uninsuredWorkers) : '', activityDescription: w?.activityDescription ?? '',
  });
  const { restored, clear } = useLocalDraft(form, `${draft.case.id}.workshopDetails`);
  const { onSubmit, error } = useStepSave(form, draft, (v) => ({ step: 'workshopDetails', ...v }), onSaved, clear);
  const provinceCode = form.watch('provinceCode');
  const countyCode = form.watch('countyCode');
  const provinces = useApiQuery('reference.provinces', {});
  const counties = useApiQuery('reference.counties', { provinceCode: provinceCode || '__none__' });
  const name = (r: { nameFa: string; nameEn: string }) => (locale === 'fa' ? r.nameFa : r.nameEn);
  // A county of another province no longer fits once the province changes.
  useEffect(() => {
    if (counties.data && countyCode && !counties.data.some((c) => c.code === countyCode)) form.setValue('countyCode', '');
  }, [counties.data, countyCode, form]);

  return (
    <form onSubmit={onSubmit} noValidate>
      <Stack>
        <StepTitle>{t('intake.step.workshopDetails')}</StepTitle>
        <RestoredNotice restored={restored} />
        <ErrorAlert error={provinces.error ?? counties.error} />
        <TextField control={form.control} name="name" label={t('intake.field.workshopName')} />
        <SimpleGrid cols={{ base: 1, sm: 2 }}>
          <SelectField control={form.control} name="provinceCode" label={t('intake.field.province')} placeholder={t('intake.choose')} options={(provinces.data ?? []).map((p) => ({ value: p.code, label: name(p) }))} />
          <SelectField control={form.control} name="countyCode" label={t('intake.field.county')} placeholder={t('intake.choose')} options={(provinceCode ? (counties.data ?? []) : []).map((c) => ({ value: c.code, label: name(c) }))} />
        </SimpleGrid>
        <TextAreaField control={form.control} name="address" label={t('intake.field.workshopAddress')} />
        <SimpleGrid cols={{ base: 1, sm: 2 }}>
          <TextField control={form.control} name="postalCode" label={t('intake.field.postalCode')} dir="ltr" inputMode="numeric" autoComplete="off" />
          <TextField control={form.control} name="uninsuredWorkers" label={t('intake.field.workers')} dir="ltr" inputMode="numeric" autoComplete="off" />
        </SimpleGrid>
        <TextAreaField control={form.control} name="activityDescription" label={t('intake.field.activityDescription')} />
        <ErrorAlert error={error} />
        <StepButtons onBack={goBack} busy={form.formState.isSubmitting} />
      </Stack>
    </form>
  );
}
