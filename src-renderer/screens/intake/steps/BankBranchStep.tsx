import { Alert, Badge, Group, List, Paper, Radio, Stack, Text, Title } from '@mantine/core';
import { useEffect } from 'react';
import { useController } from 'react-hook-form';
import { z } from 'zod';
import type { ApiError } from '../../../../src-shared/api';
import { tomanToRials } from '../../../../src-shared/domain/money';
import { Digits } from '../../../components/Digits';
import { ErrorAlert } from '../../../components/ErrorAlert';
import { SelectField } from '../../../components/Field';
import { useZodForm } from '../../../components/form';
import { useApiQuery } from '../../../components/useApi';
import { useLocale } from '../../../i18n/locale';
import { AA, RestoredNotice, StepButtons, StepTitle, useLocalDraft, useStepSave, type StepProps } from '../kit';

const schema = z.object({
  institutionCode: z.string().min(1, { message: 'validation.required' }),
  branchCode: z.string().min(1, { message: 'validation.required' }),
});

interface Alternative {
  code: string;
  institutionCode: string;
  nameFa: string;
  nameEn: string;
  queueSize: number;
}

export function BankBranchStep({ draft, onSaved, goBack, refusal, clearRefusal }: StepProps & { refusal: ApiError | null; clearRefusal: () => void }) {
  const { t, locale, message } = useLocale();
  const form = useZodForm(schema, { institutionCode: draft.institution?.code ?? '', branchCode: draft.branch?.code ?? '' });
  const { restored, clear } = useLocalDraft(form, `${draft.case.id}.bankBranch`);
  const { onSubmit, error } = useStepSave(form, draft, (v) => ({ step: 'bankBranch', ...v }), (v) => { clearRefusal(); onSaved(v); }, clear);
  const institutionCode = form.watch('institutionCode');
  const countyCode = draft.workshop?.countyCode ?? '';
  const institutions = useApiQuery('reference.institutions', {});
  const amountRials = draft.requestedAmountToman ? tomanToRials(draft.requestedAmountToman) : 0;
  const branches = useApiQuery('cases.branchChoices', { countyCode: countyCode || '__none__', institutionCode: institutionCode || '__none__', amountRials });
  const { field: branchField, fieldState: branchState } = useController({ control: form.control, name: 'branchCode' });
  const name = (r: { nameFa: string; nameEn: string }) => (locale === 'fa' ? r.nameFa : r.nameEn);
  const list = [...(institutionCode ? (branches.data ?? []) : [])].sort((a, b) => a.queueSize - b.queueSize);
  const chosen = list.find((b) => b.code === branchField.value);
  const institution = institutions.data?.find((i) => i.code === institutionCode);
  const county = draft.workshop?.county;
  const alternatives = ((refusal?.details as { alternatives?: Alternative[] } | undefined)?.alternatives ?? []);

  useEffect(() => {
    if (branches.data && branchField.value && institutionCode && !branches.data.some((b) => b.code === branchField.value)) form.setValue('branchCode', '');
  }, [branches.data, branchField.value, institutionCode, form]);

  return (
    <form onSubmit={onSubmit} noValidate>
      <Stack>
        <StepTitle>{t('intake.step.bankBranch')}</StepTitle>
        <RestoredNotice restored={restored} />
        {refusal && (
          <Alert color="red" variant="light" role="alert" title={t('intake.bank.refused')} data-testid="credit-refusal">
            <Text size="sm">{refusal.message}</Text>
            {alternatives.length > 0 && (
              <>
                <Text size="sm" mt="xs">{t('intake.bank.alternatives')}</Text>
                <List size="sm">
                  {alternatives.map((a) => (
                    <List.Item key={a.code}>{t('intake.bank.alternative', { name: name(a), n: a.queueSize })}</List.Item>
                  ))}
                </List>
              </>
            )}
          </Alert>
        )}
        {!countyCode && <ErrorAlert error={message('intake.workshopFirst')} />}
        <SelectField
          control={form.control}
          name="institutionCode"
          label={t('intake.bank.institution')}
          placeholder={t('intake.choose')}
          options={(institutions.data ?? []).map((i) => ({ value: i.code, label: name(i) }))}
        />
        {institutionCode && countyCode && (
          <Radio.Group
            label={t('intake.bank.branches', { institution: institution ? name(institution) : '', county: county ? name(county) : '' })}
            value={branchField.value}
            onChange={(v) => branchField.onChange(v)}
            error={message(branchState.error?.message)}
            name="branchCode"
          >
            <Stack gap="xs" mt="xs">
              {branches.data && list.length === 0 && <Text size="sm">{t('intake.bank.none')}</Text>}
              {list.map((b, i) => (
                <Radio
                  key={b.code}
                  value={b.code}
                  ref={i === 0 ? branchField.ref : undefined}
                  label={
                    <Group gap="xs">
                      <span>{name(b)}</span>
                      <Badge variant="outline" color={AA.gray}>{t('intake.bank.queue', { n: b.queueSize })}</Badge>
                      <Badge variant="outline" color={b.canTakeAmount ? AA.green : AA.red}>{t(b.canTakeAmount ? 'intake.bank.hasCredit' : 'intake.bank.noCredit')}</Badge>
                    </Group>
                  }
                />
              ))}
            </Stack>
          </Radio.Group>
        )}
        {chosen && (
          <Paper withBorder p="sm" component="section" aria-labelledby="intake-branch-details" data-testid="branch-details">
            <Title order={3} id="intake-branch-details" size="h5">
              {t('intake.bank.details')}
            </Title>
            <Text fw={700}>{name(chosen)}</Text>
            <Text size="sm">
              {t('intake.bank.address')}: {chosen.addressFa}
            </Text>
            <Text size="sm">
              {t('intake.bank.phone')}: <Digits value={chosen.phone} />
            </Text>
            <Text size="sm">{t('intake.bank.queue', { n: chosen.queueSize })}</Text>
            {chosen.isDemo && <Badge variant="outline" color={AA.gray}>{t('intake.bank.demo')}</Badge>}
          </Paper>
        )}
        <ErrorAlert error={error} />
        <StepButtons onBack={goBack} busy={form.formState.isSubmitting} />
      </Stack>
    </form>
  );
}
