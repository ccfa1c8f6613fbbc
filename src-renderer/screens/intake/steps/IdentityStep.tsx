import { Alert, Button, Group, Paper, Stack, Text, TextInput, Title } from '@mantine/core';
import { useEffect, useState } from 'react';
import { z } from 'zod';
import type { ApiError, OutputOf } from '../../../../src-shared/api';
import type { DraftView } from '../../../../src-shared/api/intake';
import { mobileSchema } from '../../../../src-shared/domain/schemas';
import { toApiError, useClient } from '../../../app/client';
import { useSession } from '../../../app/session';
import { Digits } from '../../../components/Digits';
import { ErrorAlert } from '../../../components/ErrorAlert';
import { useZodForm } from '../../../components/form';
import { formatDateTime } from '../../../i18n/format';
import { useLocale } from '../../../i18n/locale';
import { IdentityChecks } from '../IdentityChecks';
import { MobileInPerson } from './MobileInPerson';
import { RestoredNotice, StepButtons, StepTitle, useLocalDraft, useStepSave, type StepProps } from '../kit';

const schema = z.object({ mobile: mobileSchema, registryVerified: z.boolean(), duplicateReason: z.string() });

export function IdentityStep({ draft, onSaved, goBack, onDraft }: StepProps & { onDraft: (v: DraftView) => void }) {
  const { t } = useLocale();
  const client = useClient();
  const a = draft.applicant;
  const form = useZodForm(schema, { mobile: a.mobile, registryVerified: a.registryVerified, duplicateReason: '' });
  const { restored, clear } = useLocalDraft(form, `${draft.case.id}.identity`);
  const [registry, setRegistry] = useState<OutputOf<'intake.registryLookup'> | undefined>(undefined);
  useEffect(() => {
    let current = true;
    client.call('intake.registryLookup', { nationalCode: a.nationalCode }).then((r) => current && setRegistry(r), () => undefined);
    return () => {
      current = false;
    };
  }, [client, a.nationalCode]);
  const { onSubmit, error } = useStepSave(
    form,
    draft,
    (v) => ({ step: 'identity', mobile: v.mobile, registryVerified: v.registryVerified, ...(v.duplicateReason.trim() ? { duplicateReason: v.duplicateReason } : {}) }),
    onSaved,
    clear,
  );

  return (
    <Stack>
      <form onSubmit={onSubmit} noValidate>
        <Stack>
          <StepTitle>{t('intake.step.identity')}</StepTitle>
          <RestoredNotice restored={restored} />
          <TextInput label={t('intake.identity.nationalCode')} value={a.nationalCode} readOnly dir="ltr" description={t('intake.identity.nationalCodeFixed')} />
          <IdentityChecks control={form.control} registry={registry} error={error} />
          <MobileCheck draft={draft} onDraft={onDraft} mobileDirty={form.watch('mobile') !== a.mobile} />
          <StepButtons onBack={goBack} busy={form.formState.isSubmitting} />
        </Stack>
      </form>
    </Stack>
  );
}

/**
 * The mobile-ownership check: a code goes to the phone (through the office's SMS adapter) and
 * the applicant reads it back. It lives inside the identity form, so its own field and buttons
 * must not submit that form: Enter in the code field confirms the code.
 */
function MobileCheck({ draft, onDraft, mobileDirty }: { draft: DraftView; onDraft: (v: DraftView) => void; mobileDirty: boolean }) {
  const { t, locale, message, getLocale } = useLocale();
  const client = useClient();
  const { handleSessionError } = useSession();
  const [code, setCode] = useState('');
  const [codeError, setCodeError] = useState<string | undefined>(undefined);
  const [error, setError] = useState<ApiError | null>(null);
  const [sent, setSent] = useState<OutputOf<'intake.sendMobileCode'> | null>(null);
  const [busy, setBusy] = useState(false);
  const [focusCode, setFocusCode] = useState(0);
  // After a send, the cursor waits in the code field for what the applicant reads out.
  useEffect(() => {
    if (focusCode) document.getElementById('intake-mobile-code')?.focus();
  }, [focusCode]);
  const state = sent ?? (draft.mobileCode.pending ? { sentTo: '', expiresAt: draft.mobileCode.expiresAt!, attemptsLeft: draft.mobileCode.attemptsLeft, sendsLeft: draft.mobileCode.sendsLeft } : null);

  const fail = (caught: unknown) => {
    const e = toApiError(caught, getLocale());
    if (handleSessionError(e)) return;
    if (e.field === 'code' || e.field === 'data.code') setCodeError(e.message);
    else setError(e);
  };
  const send = async () => {
    setBusy(true);
    setError(null);
    setCodeError(undefined);
    try {
      setSent(await client.call('intake.sendMobileCode', { caseId: draft.case.id }));
      setFocusCode((n) => n + 1);
    } catch (caught) {
      fail(caught);
    } finally {
      setBusy(false);
    }
  };
  const confirm = async () => {
    setError(null);
    setCodeError(undefined);
    const problem = /^[0-9۰-۹٠-٩]{6}$/.test(code.trim()) ? undefined : message('intake.mobileCode.format');
    if (problem) {
      setCodeError(problem);
      return;
    }
    setBusy(true);
    try {
      onDraft(await client.call('intake.confirmMobileCode', { caseId: draft.case.id, expectedVersion: draft.case.version, code }));
      setSent(null);
    } catch (caught) {
      fail(caught);
      if (sent) setSent({ ...sent, attemptsLeft: Math.max(0, sent.attemptsLeft - 1) });
    } finally {
      setBusy(false);
    }
  };

  return (
    <Paper withBorder p="sm" component="section" aria-labelledby="intake-mobile-title">
      <Stack gap="xs">
        <Title order={3} id="intake-mobile-title">
          {t('intake.mobile.title')}
        </Title>
        {draft.applicant.mobileConfirmed && !mobileDirty ? (
          <Alert color="green" variant="light" role="status" data-testid="mobile-confirmed">
            ✓ {t(draft.applicant.mobileConfirmMethod === 'in_person_sim_check' ? 'intake.mobile.confirmedInPerson' : 'intake.mobile.confirmed')}
          </Alert>
        ) : (
          <>
            <Text size="sm">{t('intake.mobile.explain')}</Text>
            <Group align="flex-end">
              <Button type="button" variant="light" onClick={() => void send()} loading={busy} disabled={mobileDirty || !draft.editable}>
                {state ? t('intake.mobile.resend') : t('intake.mobile.send')}
              </Button>
              {state && (
                <>
                  <TextInput
                    id="intake-mobile-code"
                    label={t('intake.mobile.code')}
                    value={code}
                    onChange={(e) => setCode(e.currentTarget.value)}
                    onKeyDown={(e) => {
                      if (e.key === 'Enter') {
                        e.preventDefault();
                        void confirm();
                      }
                    }}
                    error={codeError}
                    dir="ltr"
                    inputMode="numeric"
                    autoComplete="one-time-code"
                    maxLength={6}
                  />
                  <Button type="button" onClick={() => void confirm()} loading={busy}>
                    {t('intake.mobile.confirm')}
                  </Button>
                </>
              )}
            </Group>
            {state && (
              <Text size="sm" role="status">
                {sent?.sentTo && <Digits value={sent.sentTo} />} {t('intake.mobile.sent', { time: formatDateTime(state.expiresAt, locale), attempts: state.attemptsLeft, sends: state.sendsLeft })}
              </Text>
            )}
            <ErrorAlert error={error} />
            <MobileInPerson draft={draft} onDraft={onDraft} disabled={mobileDirty || !draft.editable} />
          </>
        )}
      </Stack>
    </Paper>
  );
}
