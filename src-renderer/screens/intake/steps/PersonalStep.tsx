import { Badge, Group, SimpleGrid, Stack } from '@mantine/core';
import { z } from 'zod';
import { GENDERS } from '../../../../src-shared/api/intake';
import { jalaliDateSchema, personNameSchema } from '../../../../src-shared/domain/schemas';
import { formatDate } from '../../../../src-shared/domain/jalali';
import { ErrorAlert } from '../../../components/ErrorAlert';
import { SelectField, TextField } from '../../../components/Field';
import { useZodForm } from '../../../components/form';
import { useLocale } from '../../../i18n/locale';
import { AA, RestoredNotice, StepButtons, StepTitle, TextAreaField, useLocalDraft, useStepSave, type StepProps } from '../kit';

const schema = z.object({
  firstName: personNameSchema,
  lastName: personNameSchema,
  fatherName: personNameSchema,
  birthDate: jalaliDateSchema,
  gender: z.enum(GENDERS, { message: 'validation.required' }),
  homeAddress: z.string().trim().min(5, { message: 'validation.required' }).max(500),
});

export function PersonalStep({ draft, onSaved, goBack }: StepProps) {
  const { t } = useLocale();
  const a = draft.applicant;
  const locked = a.registryFilled;
  const form = useZodForm(schema, {
    firstName: a.firstName, lastName: a.lastName, fatherName: a.fatherName,
    birthDate: a.birthDate ? formatDate(a.birthDate, 'fa') : '', gender: (a.gender ?? '') as 'male', homeAddress: a.homeAddress,
  });
  const { restored, clear } = useLocalDraft(form, `${draft.case.id}.personal`);
  const { onSubmit, error } = useStepSave(form, draft, (v) => ({ step: 'personal', ...v }), onSaved, clear);
  return (
    <form onSubmit={onSubmit} noValidate>
      <Stack>
        <StepTitle>{t('intake.personal.title')}</StepTitle>
        <RestoredNotice restored={restored} />
        {locked && (
          <Group>
            <Badge color={AA.blue} variant="outline" size="lg">{t('intake.personal.fromRegistry')}</Badge>
            <Badge color={AA.orange} variant="outline" size="lg">{t('intake.identity.toVerify')}</Badge>
          </Group>
        )}
        <SimpleGrid cols={{ base: 1, sm: 2 }}>
          <TextField control={form.control} name="firstName" label={t('intake.field.firstName')} disabled={locked} />
          <TextField control={form.control} name="lastName" label={t('intake.field.lastName')} disabled={locked} />
          <TextField control={form.control} name="fatherName" label={t('intake.field.fatherName')} disabled={locked && !!a.fatherName} />
          <TextField control={form.control} name="birthDate" label={t('intake.field.birthDate')} description="۱۳۶۴/۰۱/۰۱" dir="ltr" disabled={locked && !!a.birthDate} />
          <SelectField
            control={form.control}
            name="gender"
            label={t('intake.field.gender')}
            placeholder={t('intake.choose')}
            options={GENDERS.map((g) => ({ value: g, label: t(`intake.gender.${g}`) }))}
            disabled={locked && !!a.gender}
          />
        </SimpleGrid>
        <TextAreaField control={form.control} name="homeAddress" label={t('intake.field.homeAddress')} />
        <ErrorAlert error={error} />
        <StepButtons onBack={goBack} busy={form.formState.isSubmitting} />
      </Stack>
    </form>
  );
}
