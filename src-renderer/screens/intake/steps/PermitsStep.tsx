import { SimpleGrid, Stack } from '@mantine/core';
import { z } from 'zod';
import { jalaliDateSchema } from '../../../../src-shared/domain/schemas';
import { formatDate } from '../../../../src-shared/domain/jalali';
import { ErrorAlert } from '../../../components/ErrorAlert';
import { TextField } from '../../../components/Field';
import { useZodForm } from '../../../components/form';
import { useLocale } from '../../../i18n/locale';
import { RestoredNotice, StepButtons, StepTitle, useLocalDraft, useStepSave, YesNoField, type StepProps } from '../kit';

const text = (max: number) => z.string().trim().min(1, { message: 'validation.required' }).max(max);
// One flat object (the permit's fields matter only with "yes"), each field checked by its own schema.
const schema = z
  .object({ has: z.boolean({ message: 'validation.required' }), type: z.string(), number: z.string(), issuer: z.string(), issuedOn: z.string() })
  .superRefine((v, ctx) => {
    if (!v.has) return;
    const checks = { type: text(100), number: text(100), issuer: text(200), issuedOn: jalaliDateSchema } as const;
    for (const [key, check] of Object.entries(checks)) {
      const r = check.safeParse(v[key as keyof typeof checks]);
      if (!r.success) ctx.addIssue({ code: 'custom', path: [key], message: r.error.issues[0]!.message });
    }
  });

export function PermitsStep({ draft, onSaved, goBack }: StepProps) {
  const { t } = useLocale();
  const p = draft.permit;
  const form = useZodForm(schema, {
    has: p ? p.has : (undefined as unknown as false),
    type: p?.has ? p.type : '', number: p?.has ? p.number : '', issuer: p?.has ? p.issuer : '', issuedOn: p?.has && p.issuedOn ? formatDate(p.issuedOn, 'fa') : '',
  });
  const { restored, clear } = useLocalDraft(form, `${draft.case.id}.permits`);
  const { onSubmit, error } = useStepSave(
    form,
    draft,
    (v) => ({
      step: 'permits',
      permit: v.has ? { has: true, type: v.type.trim(), number: v.number.trim(), issuer: v.issuer.trim(), issuedOn: jalaliDateSchema.parse(v.issuedOn) } : { has: false },
    }),
    onSaved,
    clear,
  );
  const has = form.watch('has');
  return (
    <form onSubmit={onSubmit} noValidate>
      <Stack>
        <StepTitle>{t('intake.step.permits')}</StepTitle>
        <RestoredNotice restored={restored} />
        <YesNoField control={form.control} name="has" label={t('intake.permits.question')} description={t('intake.permits.noHint')} />
        {has === true && (
          <SimpleGrid cols={{ base: 1, sm: 2 }}>
            <TextField control={form.control} name="type" label={t('intake.field.permitType')} />
            <TextField control={form.control} name="number" label={t('intake.field.permitNumber')} dir="ltr" />
            <TextField control={form.control} name="issuer" label={t('intake.field.permitIssuer')} />
            <TextField control={form.control} name="issuedOn" label={t('intake.field.permitDate')} description="۱۳۹۸/۰۲/۱۱" dir="ltr" />
          </SimpleGrid>
        )}
        <ErrorAlert error={error} />
        <StepButtons onBack={goBack} busy={form.formState.isSubmitting} />
      </Stack>
    </form>
  );
}
