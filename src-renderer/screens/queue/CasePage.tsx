import { Alert, Anchor, Badge, Button, Card, Group, Image, SimpleGrid, Stack, Text, Textarea, Timeline, Title, Select, Radio } from '@mantine/core';
import { useEffect, useMemo, useState, type ReactNode } from 'react';
import type { InputOf } from '../../../src-shared/api';
import type { CaseDetail } from '../../../src-shared/api/queue';
import { formatTrackingCode } from '../../../src-shared/workflow/tracking';
import { navigate } from '../../app/router';
import { Digits } from '../../components/Digits';
import { ErrorAlert } from '../../components/ErrorAlert';
import { Loading } from '../../components/Loading';
import { useApiAction, useApiQuery } from '../../components/useApi';
import { formatDateTime } from '../../i18n/format';
import { useLocale } from '../../i18n/locale';
import { tomanOf } from './format';

/** Shortcut names from the queue (a / r / b) to the actions they mean for each office. */
const SHORTCUT: Record<string, string[]> = {
  approve: ['agency_approve', 'bank_approve'],
  reject: ['agency_reject', 'bank_reject'],
  return: ['agency_return'],
};

export function CasePage({ caseId, preselect }: { caseId: string; preselect?: string | undefined }) {
  const { t, locale } = useLocale();
  const detail = useApiQuery('queue.caseDetail', { caseId });
  const canned = useApiQuery('queue.cannedReasons', {});
  const action = useApiAction();
  const [chosen, setChosen] = useState<string | null>(null);
  const [reason, setReason] = useState('');
  const [done, setDone] = useState<string | null>(null);
  const [stale, setStale] = useState<string | null>(null);
  const d = detail.data;

  useEffect(() => {
    if (!d || chosen) return;
    const wanted = preselect ? SHORTCUT[preselect] ?? [preselect] : [];
    const offer = d.offers.find((o) => wanted.includes(o.action));
    if (offer) setChosen(offer.action);
  }, [d, preselect, chosen]);

  const offer = d?.offers.find((o) => o.action === chosen);
  const reasons = useMemo(() => (canned.data ?? []).filter((r) => r.action === chosen), [canned.data, chosen]);

  // A stale case: say so, and show the case as it is now (nothing was overwritten).
  useStaleRefresh(action.error?.code === 'conflict', () => {
    setStale(action.error?.message ?? '');
    action.clearError();
    setChosen(null);
    detail.reload();
  });

  if (detail.loading && !d) return <Loading />;
  if (!d) return <ErrorAlert error={detail.error} />;

  const name = (x: { nameFa: string; nameEn: string } | null) => (x ? (locale === 'fa' ? x.nameFa : x.nameEn) : '—');
  const code = d.summary.trackingCode ? formatTrackingCode(d.summary.trackingCode) : t('case.noCode');

  const decide = async () => {
    if (!offer) return;
    setDone(null);
    setStale(null);
    const ref = { caseId, expectedVersion: d.summary.version };
    const trimmed = reason.trim();
    const withReason = trimmed ? { reason: trimmed } : {};
    let result: unknown;
    switch (offer.call.method) {
      case 'cases.take': result = await action.run('cases.take', ref); break;
      case 'cases.decide': result = await action.run('cases.decide', { ...ref, decision: offer.call.decision as InputOf<'cases.decide'>['decision'], ...withReason }); break;
      case 'cases.withdraw': result = await action.run('cases.withdraw', { ...ref, reason: trimmed }); break;
      case 'cases.disburse': result = await action.run('cases.disburse', ref); break;
      case 'cases.close': result = await action.run('cases.close', ref); break;
      case 'cases.confirmPending': result = await action.run('cases.confirmPending', ref); break;
      case 'cases.cancelPending': result = await action.run('cases.cancelPending', { ...ref, ...withReason }); break;
      default: return;
    }
    if (result) {
      setDone(t('case.done', { action: t(`action.${offer.action}`) }));
      setChosen(null);
      setReason('');
      detail.reload();
    }
  };

  return (
    <Stack gap="md">
      <Group justify="space-between">
        <Title order={1}>{t('case.title', { code: '' })}<Digits value={code} /></Title>
        <Button variant="default" onClick={() => navigate('queue')}>{t('case.back')}</Button>
      </Group>
      <Group gap="xs">
        <Badge size="lg" variant="light">{t(`stage.${d.summary.stage}`)}</Badge>
        {d.summary.overdue && <Badge size="lg" color="red">{t('queue.overdue')}</Badge>}
        <Text size="sm" c="dimmed">{t('case.version', { version: d.summary.version })}</Text>
      </Group>
      {stale !== null && <Alert color="orange" variant="light" role="alert" data-testid="stale-alert">{stale}</Alert>}
      {done && <Alert color="teal" variant="light" role="status">{done}</Alert>}
      <ErrorAlert error={action.error} onClose={action.clearError} />

      <SimpleGrid cols={{ base: 1, md: 2 }}>
        <Section title={t('case.applicant')}>
          <Field label={t('case.name')} value={`${d.applicant.firstName} ${d.applicant.lastName}`} />
          <Field label={t('case.fatherName')} value={d.applicant.fatherName || '—'} />
          <Field label={t('case.nationalCode')} value={<Digits value={d.applicant.nationalCode} />} />
          <Field label={t('case.mobile')} value={<Digits value={d.applicant.mobile} />} />
          <Flag ok={d.applicant.registryVerified} label={t('case.registryVerified')} />
          <Flag ok={d.applicant.mobileConfirmed} label={t('case.mobileConfirmed')} />
          <Flag ok={d.applicant.rulesAcknowledged} label={t('case.rulesAcknowledged')} />
        </Section>
        <Section title={t('case.workshop')}>
          {d.workshop ? (
            <>
              <Field label={t('case.name')} value={d.workshop.name} />
              <Field label={t('case.workshopCode')} value={d.workshop.workshopCode ? <Digits value={d.workshop.workshopCode} /> : '—'} />
              <Field label={t('case.identifier')} value={<Digits value={d.workshop.identifier} />} />
              <Field label={t('queue.county')} value={name(d.workshop.countyNameFa ? { nameFa: d.workshop.countyNameFa, nameEn: d.workshop.countyNameEn ?? '' } : null)} />
              <Field label={t('case.address')} value={d.workshop.address || '—'} />
              <Field label={t('case.postalCode')} value={d.workshop.postalCode ? <Digits value={d.workshop.postalCode} /> : '—'} />
              <Field label={t('case.workers')} value={d.workshop.uninsuredWorkers === null ? '—' : <Digits value={d.workshop.uninsuredWorkers} />} />
              <Field label={t('case.eligibility')} value={<Badge color={d.workshop.eligibility === 'ineligible' ? 'red' : d.workshop.eligibility === 'not_found' ? 'orange' : 'teal'} variant="light">{t(`case.eligibility.${d.workshop.eligibility}`)}</Badge>} />
            </>
          ) : <Text c="dimmed">—</Text>}
        </Section>
        <Section title={t('case.permits')}>
          {!d.permit.answered ? <Text>{t('case.permit.unanswered')}</Text> : d.permit.has ? (
            <>
              <Field label={t('case.permits')} value={d.permit.type ?? '—'} />
              <Field label="#" value={d.permit.number ? <Digits value={d.permit.number} /> : '—'} />
              <Field label="" value={d.permit.issuer ?? ''} />
            </>
          ) : <Text>{t('case.permit.none')}</Text>}
        </Section>
        <Section title={t('case.activity')}>
          <Field label={t('queue.activity')} value={d.activity ? <><Digits value={d.activity.code} /> — {name(d.activity)}</> : '—'} />
          <Field label={t('case.activity')} value={name(d.agency)} />
        </Section>
        <Section title={t('case.bank')}>
          <Field label={t('case.bank')} value={name(d.institution)} />
          <Field label="" value={name(d.branch)} />
          <Field label={t('case.amount')} value={<bdi>{t('case.toman', { amount: tomanOf(d.summary.requestedAmountRials, locale) })}</bdi>} />
          <Field label={t('case.credit')} value={`${t(`case.credit.${d.credit.state}`)}${d.credit.rials ? ` — ${t('case.toman', { amount: tomanOf(d.credit.rials, locale) })}` : ''}`} />
          <Field label={t('case.assignee')} value={d.assigneeName ?? '—'} />
        </Section>
        <Section title={t('case.tickets')}>
          {d.tickets.length === 0 ? <Text c="dimmed">{t('case.noTickets')}</Text> : d.tickets.map((tk) => (
            <Anchor key={tk.id} href={`#/tickets/${encodeURIComponent(tk.id)}`}><Digits value={tk.trackingNumber} /> — {tk.status}</Anchor>
          ))}
          <Text fw={700} mt="xs">{t('case.attachments')}</Text>
          {d.attachments.length === 0 ? <Text c="dimmed">{t('case.noAttachments')}</Text> : (
            <Group>
              {d.attachments.map((a) => (
                <Anchor key={`${a.ticketId}-${a.sha256}`} href={`#/tickets/${encodeURIComponent(a.ticketId)}`}>
                  {a.thumbnailDataUrl ? <Image src={a.thumbnailDataUrl} alt={a.fileName} w={96} h={96} fit="contain" /> : a.fileName}
                </Anchor>
              ))}
            </Group>
          )}
        </Section>
      </SimpleGrid>

      <Card withBorder component="section" aria-labelledby="decision-title">
        <Title order={2} size="h3" id="decision-title">{t('case.decision')}</Title>
        {d.offers.length === 0 ? <Text c="dimmed">{t('case.noDecision')}</Text> : (
          <Stack gap="sm" mt="sm">
            <Radio.Group label={t('case.chooseAction')} value={chosen} onChange={(v) => { setChosen(v); setReason(''); }}>
              <Group mt="xs">
                {d.offers.map((o) => <Radio key={o.action} value={o.action} label={t(`action.${o.action}`)} />)}
              </Group>
            </Radio.Group>
            {offer?.needsSecondOfficer && <Text size="sm" c="dimmed">{t('case.secondOfficer')}</Text>}
            {offer && offer.call.method !== 'cases.take' && offer.call.method !== 'cases.disburse' && offer.call.method !== 'cases.close' && offer.call.method !== 'cases.confirmPending' && (
              <>
                {reasons.length > 0 && (
                  <Select label={t('case.cannedReasons')} value={null} data={reasons.map((r) => ({ value: String(r.id), label: locale === 'fa' ? r.textFa : r.textEn }))}
                    onChange={(v) => { const r = reasons.find((x) => String(x.id) === v); if (r) setReason(locale === 'fa' ? r.textFa : r.textEn); }} />
                )}
                <Textarea label={t('case.reasonLabel')} required={offer.reasonRequired} value={reason} onChange={(e) => setReason(e.currentTarget.value)} autosize minRows={2}
                  description={offer.reasonRequired ? t('case.reasonRequired') : undefined} />
              </>
            )}
            <Group>
              <Button onClick={() => void decide()} disabled={!offer || (offer.reasonRequired && !reason.trim())} loading={action.pending}>{t('case.submit')}</Button>
            </Group>
          </Stack>
        )}
      </Card>

      <Card withBorder component="section" aria-labelledby="flow-title">
        <Title order={2} size="h3" id="flow-title" mb="sm">{t('case.flow')}</Title>
        <Timeline active={d.flow.length - 1} bulletSize={16} lineWidth={2} data-testid="case-flow">
          {d.flow.map((f) => (
            <Timeline.Item key={f.id} title={flowTitle(f, t)}>
              <Text size="sm"><bdi>{formatDateTime(f.at, locale)}</bdi></Text>
              <Text size="sm">{t('case.flowBy', { who: f.staffName ?? '—', office: (locale === 'fa' ? f.officeNameFa : f.officeNameEn) ?? f.officeId ?? '—' })}</Text>
              {f.reason && <Text size="sm">{t('case.reason', { reason: f.reason })}</Text>}
            </Timeline.Item>
          ))}
        </Timeline>
      </Card>
    </Stack>
  );
}

function flowTitle(f: CaseDetail['flow'][number], t: (k: string, p?: Record<string, string | number>) => string): string {
  const [kind, rest] = f.action.includes(':') ? f.action.split(':') : [null, f.action];
  const action = rest === 'assign' ? t('case.assignee') : t(`action.${rest}`);
  const prefix = kind === 'request' ? '⏳ ' : kind === 'cancel' ? '✕ ' : '';
  return `${prefix}${action} → ${t(`stage.${f.toStage}`)}`;
}

function useStaleRefresh(isStale: boolean, onStale: () => void) {
  useEffect(() => {
    if (isStale) onStale();
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, [isStale]);
}

function Section({ title, children }: { title: string; children: ReactNode }) {
  return (
    <Card withBorder component="section">
      <Title order={2} size="h4" mb="xs">{title}</Title>
      <Stack gap={4}>{children}</Stack>
    </Card>
  );
}

function Field({ label, value }: { label: string; value: ReactNode }) {
  return (
    <Group gap="xs" wrap="nowrap" align="baseline">
      {label && <Text size="sm" c="dimmed" miw={120}>{label}</Text>}
      <Text size="sm" component="div">{value}</Text>
    </Group>
  );
}

function Flag({ ok, label }: { ok: boolean; label: string }) {
  const { t } = useLocale();
  return (
    <Group gap="xs">
      <Badge color={ok ? 'teal' : 'red'} variant="light">{ok ? t('case.yes') : t('case.no')}</Badge>
      <Text size="sm">{label}</Text>
    </Group>
  );
}
