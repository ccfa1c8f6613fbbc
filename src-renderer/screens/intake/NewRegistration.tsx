import { Alert, Button, Group, List, Paper, Stack, Text, Title } from '@mantine/core';
import { useEffect, useState } from 'react';
import { z } from 'zod';
import type { ApiError, OutputOf } from '../../../src-shared/api';
import { mobileSchema, nationalCodeSchema } from '../../../src-shared/domain/schemas';
import { toApiError, useClient } from '../../app/client';
import { navigate } from '../../app/router';
import { useSession } from '../../app/session';
import { TextField } from '../../components/Field';
import { useZodForm } from '../../components/form';
import { useLocale } from '../../i18n/locale';
import { IntakeTitle, Shortcuts } from './IntakeScreen';
import { CheckField, duplicatesOf, placeError, StepButtons, useLocalDraft } from './kit';
import { IdentityChecks } from './IdentityChecks';
import { StepNav } from './StepNav';

const rulesSchema = z.object({ rulesAcknowledged: z.literal(true, { message: 'intake.rules.mustAcknowledge' }) });

export const RULE_KEYS = ['intake.rules.1', 'intake.rules.2', 'intake.rules.3', 'intake.rules.4', 'intake.rules.5', 'intake.rules.6'];

export function RulesText() {
  const { t } = useLocale();
  return (
    <Stack gap="xs">
      <Text>{t('intake.rules.intro')}</Text>
      <List type="ordered" spacing="xs">
        {RULE_KEYS.map((k) => (
          <List.Item key={k}>{t(k)}</List.Item>
        ))}
      </List>
    </Stack>
  );
}

const identitySchema = z.object({
  nationalCode: nationalCodeSchema,
  mobile: mobileSchema,
  registryVerified: z.boolean(),
  duplicateReason: z.string(),
});

/** Steps 2 and 3 before the draft exists: the rules, then national code and mobile. */
export function NewRegistration({ initialStep }: { initialStep: 'rules' | 'identity' }) {
  const { t } = useLocale();
  const [step, setStep] = useState<'rules' | 'identity'>(initialStep);
  const rules = useZodForm(rulesSchema as z.ZodType<{ rulesAcknowledged: boolean }, { rulesAcknowledged: boolean }>, { rulesAcknowledged: false });
  const acknowledged = rules.watch('rulesAcknowledged');
  const onRules = rules.handleSubmit(() => setStep('identity'));

  return (
    <Stack>
      <IntakeTitle />
      <StepNav current={step} draft={null} />
      <Paper withBorder p="md" component="section" aria-labelledby="intake-step-title">
        {step === 'rules' ? (
          <form onSubmit={onRules} noValidate>
            <Stack>
              <Title order={2} id="intake-step-title">
                {t('intake.rules.title')}
              </Title>
              <RulesText />
              <CheckField control={rules.control} name="rulesAcknowledged" label={t('intake.rules.acknowledge')} />
              <StepButtons onBack={() => navigate('intake')} />
            </Stack>
          </form>
        ) : (
          <NewIdentity rulesAcknowledged={acknowledged} onBack={() => setStep('rules')} />
        )}
      </Paper>
      <Shortcuts />
    </Stack>
  );
}

function NewIdentity({ rulesAcknowledged, onBack }: { rulesAcknowledged: boolean; onBack: () => void }) {
  const { t, getLocale } = useLocale();
  const client = useClient();
  const { handleSessionError } = useSession();
  const form = useZodForm(identitySchema, { nationalCode: '', mobile: '', registryVerified: false, duplicateReason: '' });
  const { restored, clear } = useLocalDraft(form, 'new');
  const [error, setError] = useState<ApiError | null>(null);
  const [registry, setRegistry] = useState<OutputOf<'intake.registryLookup'> | undefined>(undefined);
  const nationalCode = form.watch('nationalCode');

  // Registry data appears as soon as the national code is valid.
  useEffect(() => {
    const parsed = nationalCodeSchema.safeParse(nationalCode);
    if (!parsed.success) {
      setRegistry(undefined);
      return;
    }
    let current = true;
    client.call('intake.registryLookup', { nationalCode: parsed.data }).then(
      (r) => current && setRegistry(r),
      () => current && setRegistry(undefined),
    );
    return () => {
      current = false;
    };
  }, [client, nationalCode]);

  const onSubmit = form.handleSubmit(async (values) => {
    setError(null);
    if (!rulesAcknowledged) {
      onBack();
      return;
    }
    try {
      const view = await client.call('intake.start', {
        rulesAcknowledged: true,
        nationalCode: values.nationalCode,
        mobile: values.mobile,
        registryVerified: values.registryVerified,
        ...(values.duplicateReason.trim() ? { duplicateReason: values.duplicateReason } : {}),
      });
      clear();
      navigate('intake', 'case', view.case.id, 'identity');
    } catch (caught) {
      const apiError = toApiError(caught, getLocale());
      if (handleSessionError(apiError)) return;
      setError(duplicatesOf(apiError) ? apiError : placeError(form, apiError));
    }
  });

  return (
    <form onSubmit={onSubmit} noValidate>
      <Stack>
        <Title order={2} id="intake-step-title">
          {t('intake.step.identity')}
        </Title>
        {restored && <Alert role="status" color="blue" variant="light">{t('intake.restored')}</Alert>}
        <TextField control={form.control} name="nationalCode" label={t('intake.identity.nationalCode')} dir="ltr" inputMode="numeric" autoComplete="off" />
        <IdentityChecks control={form.control} registry={registry} error={error} />
        <Group>
          <StepButtons onBack={onBack} submitLabel={t('intake.identity.create')} busy={form.formState.isSubmitting} />
        </Group>
        {!rulesAcknowledged && <Button variant="subtle" onClick={onBack}>{t('intake.rules.mustAcknowledge')}</Button>}
      </Stack>
    </form>
  );
}
