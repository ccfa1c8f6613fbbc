import { Alert, Anchor, Button, Group, List, Paper, SimpleGrid, Stack, Text, Title } from '@mantine/core';
import { useState, type ReactNode } from 'react';
import type { ApiError } from '../../../../src-shared/api';
import type { DraftView, IntakeStep } from '../../../../src-shared/api/intake';
import { toApiError, useClient } from '../../../app/client';
import { navigate } from '../../../app/router';
import { useSession } from '../../../app/session';
import { Digits } from '../../../components/Digits';
import { ErrorAlert } from '../../../components/ErrorAlert';
import { formatDate, formatNumber } from '../../../i18n/format';
import { useLocale } from '../../../i18n/locale';
import { STEP_KEYS, StepTitle, type StepProps } from '../kit';
import { stepOfMissing } from '../StepNav';
import { objectionHref } from './WorkshopStep';

function Section({ step, caseId, editable, children }: { step: IntakeStep; caseId: string; editable: boolean; children: ReactNode }) {
  const { t } = useLocale();
  const id = `review-${step}`;
  return (
    <Paper withBorder p="sm" component="section" aria-labelledby={id}>
      <Group justify="space-between" mb={4}>
        <Title order={3} size="h5" id={id}>
          {t(STEP_KEYS[step])}
        </Title>
        {editable && (
          <Anchor href={`#/intake/case/${caseId}/${step}`} size="sm" aria-label={t('intake.review.edit', { section: t(STEP_KEYS[step]) })}>
            {t('common.edit')}
          </Anchor>
        )}
      </Group>
      <SimpleGrid cols={{ base: 1, sm: 2 }} component="dl" m={0} spacing={4}>
        {children}
      </SimpleGrid>
    </Paper>
  );
}

function Item({ label, children }: { label: string; children: ReactNode }) {
  return (
    <div>
      <Text component="dt" size="xs" c="dimmed">
        {label}
      </Text>
      <Text component="dd" m={0}>
        {children}
      </Text>
    </div>
  );
}

export function ReviewStep({ draft, goBack, onDraft, onCreditRefused }: StepProps & { onDraft: (v: DraftView) => void; onCreditRefused: (e: ApiError) => void }) {
  const { t, locale, getLocale } = useLocale();
  const client = useClient();
  const { handleSessionError } = useSession();
  const [error, setError] = useState<ApiError | null>(null);
  const [busy, setBusy] = useState(false);
  const a = draft.applicant;
  const w = draft.workshop;
  const name = (r: { nameFa: string; nameEn: string } | null | undefined) => (r ? (locale === 'fa' ? r.nameFa : r.nameEn) : '—');
  const dash = (v: string | null | undefined) => (v ? v : '—');
  const id = draft.case.id;
  const canSubmit = draft.editable && draft.case.allowedActions.some((x) => x === 'submit' || x === 'resubmit');
  const missingFromError = ((error?.details as { missing?: string[] } | undefined)?.missing ?? []);
  const missing = draft.missing.length ? draft.missing : missingFromError;
  const blockedByEligibility = !!error?.details && typeof error.details === 'object' && 'eligibility' in (error.details as object);

  const submit = async () => {
    setBusy(true);
    setError(null);
    try {
      await client.call('cases.submit', { caseId: id, expectedVersion: draft.case.version });
      navigate('intake', 'receipt', id);
    } catch (caught) {
      const e = toApiError(caught, getLocale());
      if (handleSessionError(e)) return;
      if (e.code === 'refused' && e.field === 'branchCode') {
        onCreditRefused(e);
        return;
      }
      if (e.code === 'conflict') onDraft(await client.call('intake.draft', { caseId: id }));
      setError(e);
    } finally {
      setBusy(false);
    }
  };

  return (
    <form
      onSubmit={(e) => {
        e.preventDefault();
        if (canSubmit && missing.length === 0) void submit();
      }}
      noValidate
    >
      <Stack>
        <StepTitle>{t('intake.review.title')}</StepTitle>
        {missing.length > 0 ? (
          <Alert color="orange" variant="light" role="status" title={t('intake.review.missing')}>
            <List size="sm">
              {missing.map((k) => {
                const step = stepOfMissing(k);
                return <List.Item key={k}>{step ? <Anchor href={`#/intake/case/${id}/${step}`}>{t(k)}</Anchor> : t(k)}</List.Item>;
              })}
            </List>
          </Alert>
        ) : (
          canSubmit && <Alert color="green" variant="light" role="status">{t('intake.review.ready')}</Alert>
        )}
        <Section step="identity" caseId={id} editable={draft.editable}>
          <Item label={t('intake.identity.nationalCode')}><Digits value={a.nationalCode} /></Item>
          <Item label={t('intake.identity.mobile')}><Digits value={a.mobile} /> — {a.mobileConfirmed ? t('intake.review.confirmedBy') : t('intake.review.notConfirmed')}</Item>
          <Item label={t('intake.identity.registryVerified')}>{a.registryVerified ? t('common.yes') : t('common.no')}</Item>
          {draft.duplicateReason && <Item label={t('intake.review.duplicateReason')}>{draft.duplicateReason}</Item>}
        </Section>
        <Section step="account" caseId={id} editable={draft.editable}>
          <Item label={t('intake.account.wants')}>{a.accountAnswered ? (a.portalAccess ? t('intake.review.portalYes') : t('intake.review.portalNo')) : '—'}</Item>
        </Section>
        <Section step="personal" caseId={id} editable={draft.editable}>
          <Item label={t('intake.field.firstName')}>{dash(a.firstName)}</Item>
          <Item label={t('intake.field.lastName')}>{dash(a.lastName)}</Item>
          <Item label={t('intake.field.fatherName')}>{dash(a.fatherName)}</Item>
          <Item label={t('intake.field.birthDate')}>{a.birthDate ? formatDate(a.birthDate, locale) : '—'}</Item>
          <Item label={t('intake.field.gender')}>{a.gender ? t(`intake.gender.${a.gender}`) : '—'}</Item>
          <Item label={t('intake.field.homeAddress')}>{dash(a.homeAddress)}</Item>
        </Section>
        <Section step="workshop" caseId={id} editable={draft.editable}>
          <Item label={t('intake.workshop.code')}>{w?.workshopCode ? <Digits value={w.workshopCode} /> : '—'}</Item>
          <Item label={t('intake.eligibility.title')}>{w ? t(`intake.eligibility.${w.eligibility}`) : '—'}</Item>
        </Section>
        <Section step="workshopDetails" caseId={id} editable={draft.editable}>
          <Item label={t('intake.field.workshopName')}>{dash(w?.name)}</Item>
          <Item label={t('intake.field.province')}>{name(w?.province)} — {name(w?.county)}</Item>
          <Item label={t('intake.field.workshopAddress')}>{dash(w?.address)}</Item>
          <Item label={t('intake.field.postalCode')}>{w?.postalCode ? <Digits value={w.postalCode} /> : '—'}</Item>
          <Item label={t('intake.field.workers')}>{w?.uninsuredWorkers ? <Digits value={w.uninsuredWorkers} /> : '—'}</Item>
          <Item label={t('intake.field.activityDescription')}>{dash(w?.activityDescription)}</Item>
        </Section>
        <Section step="activity" caseId={id} editable={draft.editable}>
          <Item label={t('intake.step.activity')}>{draft.activity ? <><Digits value={draft.activity.code} /> — {name(draft.activity)}</> : '—'}</Item>
          <Item label={t('intake.receipt.agency')}>{name(draft.activity?.agency)}</Item>
          <Item label={t('intake.field.amount')}>{draft.requestedAmountToman ? formatNumber(draft.requestedAmountToman, locale) : '—'}</Item>
        </Section>
        <Section step="permits" caseId={id} editable={draft.editable}>
          <Item label={t('intake.permits.question')}>{draft.permit ? (draft.permit.has ? t('common.yes') : t('common.no')) : '—'}</Item>
          {draft.permit?.has && (
            <>
              <Item label={t('intake.field.permitType')}>{draft.permit.type}</Item>
              <Item label={t('intake.field.permitNumber')}><Digits value={draft.permit.number} /></Item>
              <Item label={t('intake.field.permitIssuer')}>{draft.permit.issuer}</Item>
              <Item label={t('intake.field.permitDate')}>{formatDate(draft.permit.issuedOn, locale)}</Item>
            </>
          )}
        </Section>
        <Section step="bankBranch" caseId={id} editable={draft.editable}>
          <Item label={t('intake.bank.institution')}>{name(draft.institution)}</Item>
          <Item label={t('intake.receipt.branch')}>{name(draft.branch)}</Item>
        </Section>
        {error && (
          <Stack gap="xs">
            <ErrorAlert error={error} />
            {blockedByEligibility && (
              <Anchor href={objectionHref(id)} fw={700}>
                {t('intake.eligibility.objection')}
              </Anchor>
            )}
          </Stack>
        )}
        <Group justify="space-between">
          <Button variant="default" type="button" onClick={goBack}>
            {t('intake.back')}
          </Button>
          {canSubmit ? (
            <Button type="submit" loading={busy} disabled={missing.length > 0}>
              {draft.case.stage === 'returned' ? t('action.resubmit') : t('intake.review.submit')}
            </Button>
          ) : (
            draft.case.trackingCode && (
              <Anchor href={`#/intake/receipt/${id}`}>{t('intake.find.view')}</Anchor>
            )
          )}
        </Group>
      </Stack>
    </form>
  );
}
