import { Alert, Anchor, Badge, Button, Card, Group, NativeSelect, SimpleGrid, Stack, Text, Textarea, Timeline, Title } from '@mantine/core';
import { useCallback, useState } from 'react';
import type { TicketDetail } from '../../../src-shared/api/tickets';
import { useActor } from '../../app/session';
import { useApiAction, useApiQuery } from '../../components/useApi';
import { ErrorAlert } from '../../components/ErrorAlert';
import { Loading } from '../../components/Loading';
import { Digits } from '../../components/Digits';
import { useLocale } from '../../i18n/locale';
import { formatDate, formatDateTime, formatNumber } from '../../i18n/format';
import { AttachmentViewer } from './AttachmentViewer';
import { EligibilityMark, StatusBadge } from './marks';
import { FileDrop, type UploadedFile } from './FileDrop';
import { takeNotice } from './notice';

const CANNED = ['acceptPermit', 'acceptInsurance', 'needPermit', 'needInsurance', 'rejectClosedBefore', 'rejectInsured'] as const;
const DECISIONS = ['accept', 'request_info', 'reject', 'comment'] as const;

export function TicketPage({ ticketId }: { ticketId: string }) {
  const { t } = useLocale();
  const ticket = useApiQuery('tickets.get', { ticketId });
  const [notice, setNotice] = useState<string | null>(() => takeNotice());

  if (ticket.loading && !ticket.data) return <Loading />;
  if (!ticket.data) return <ErrorAlert error={ticket.error} />;
  const d = ticket.data;

  return (
    <Stack gap="md">
      <Anchor href="#/tickets">{t('tickets.backToQueue')}</Anchor>
      <Group gap="sm" align="center">
        <Title order={1}>
          {t('tickets.col.tracking')} <Digits value={d.trackingNumber} />
        </Title>
        <StatusBadge status={d.status} />
        <Badge variant="outline" color="dark">
          {t(`tickets.kind.${d.kind}`)}
        </Badge>
      </Group>
      {notice && (
        <Alert color="green" variant="light" role="status" withCloseButton closeButtonLabel={t('common.close')} onClose={() => setNotice(null)}>
          {notice}
        </Alert>
      )}
      <ErrorAlert error={ticket.error} />

      <SimpleGrid cols={{ base: 1, md: 2 }}>
        <Facts d={d} />
        <Card withBorder component="section" aria-labelledby="ticket-explanation">
          <Title order={2} size="h4" id="ticket-explanation">
            {t('tickets.description')}
          </Title>
          <Text mt="xs" style={{ whiteSpace: 'pre-wrap' }}>
            {d.description}
          </Text>
          {d.claimed && (
            <>
              <Title order={3} size="h5" mt="md">
                {t('tickets.claimed')}
              </Title>
              <Text size="sm">
                {t('tickets.form.claimedWorkshopCode')}: <Digits value={d.claimed.workshopCode} />
              </Text>
              <Text size="sm">
                {t('tickets.form.claimedNationalCode')}: <Digits value={d.claimed.nationalCode} />
              </Text>
              <Text size="sm">
                {t('tickets.form.claimedMobile')}: <Digits value={d.claimed.mobile} />
              </Text>
            </>
          )}
          {d.decisionReason && (
            <Text mt="md" fw={600}>
              {t('tickets.decisionRecord', { reason: d.decisionReason })}
            </Text>
          )}
        </Card>
      </SimpleGrid>

      <Card withBorder>
        <AttachmentViewer ticketId={d.id} attachments={d.attachments} />
      </Card>

      <Actions d={d} onDone={(text) => { setNotice(text); ticket.reload(); }} />

      <History d={d} />
      {d.case && <CaseFlow caseId={d.case.id} />}
    </Stack>
  );
}

function Facts({ d }: { d: TicketDetail }) {
  const { t, locale } = useLocale();
  return (
    <Card withBorder component="section" aria-labelledby="ticket-facts">
      <Title order={2} size="h4" id="ticket-facts">
        {t('tickets.applicant')}
      </Title>
      <Stack gap={4} mt="xs">
        <Text>{`${d.applicant.firstName} ${d.applicant.lastName}`}</Text>
        <Text size="sm">
          {t('tickets.nationalCode')}: <Digits value={d.applicant.nationalCode} />
        </Text>
        <Text size="sm">
          {t('tickets.mobile')}: <Digits value={d.applicant.mobile} />
        </Text>
        {d.case && (
          <Text size="sm">
            {t('tickets.caseLabel')}: {d.case.trackingCode ? <Digits value={d.case.trackingCode} /> : t('tickets.noTracking')} — {t(`stage.${d.case.stage}`)}
          </Text>
        )}
      </Stack>
      <Title order={2} size="h4" mt="md">
        {t('tickets.workshop')}
      </Title>
      <Stack gap={4} mt="xs">
        <Text size="sm">
          {t('tickets.workshopCode')}: <Digits value={d.workshop.identifier} /> {d.workshop.name ? `— ${d.workshop.name}` : ''}
        </Text>
        <Group gap="xs">
          <Text size="sm">{t('tickets.eligibility')}:</Text>
          <EligibilityMark status={d.workshop.eligibility} />
        </Group>
        <Text size="sm" c="dimmed">
          {d.workshop.listed ? t('tickets.listedSource', { source: d.workshop.listed.source, date: formatDate(d.workshop.listed.updatedAt, locale) }) : t('tickets.notListed')}
        </Text>
        {d.workshop.override && (
          <Text size="sm" data-testid="override-record">
            {t('tickets.overrideRecord', { staff: d.workshop.override.staffName ?? '', date: formatDate(d.workshop.override.at, locale), reason: d.workshop.override.reason })}
          </Text>
        )}
      </Stack>
    </Card>
  );
}

function Actions({ d, onDone }: { d: TicketDetail; onDone: (notice: string) => void }) {
  const { t } = useLocale();
  const action = useApiAction();
  const [text, setText] = useState('');
  const [canned, setCanned] = useState('');
  const [files, setFiles] = useState<UploadedFile[]>([]);
  const onFiles = useCallback((f: UploadedFile[]) => setFiles(f), []);
  const [dropKey, setDropKey] = useState(0);
  const allowed = new Set(d.allowedActions);

  async function assign(to: 'me' | 'nobody') {
    const r = await action.run('tickets.assign', { ticketId: d.id, expectedVersion: d.version, to });
    if (r) onDone(t(to === 'me' ? 'tickets.decided.take' : 'tickets.decided.release'));
  }
  async function decide(decision: (typeof DECISIONS)[number]) {
    const r = await action.run('tickets.decide', { ticketId: d.id, expectedVersion: d.version, decision, message: text });
    if (r) {
      setText('');
      setCanned('');
      onDone(t(`tickets.decided.${decision}`));
    }
  }
  async function resend() {
    const r = await action.run('tickets.resend', { ticketId: d.id, expectedVersion: d.version, message: text, attachments: files });
    if (r) {
      setText('');
      setDropKey((k) => k + 1);
      onDone(t('tickets.decided.resend'));
    }
  }

  const decisions = DECISIONS.filter((x) => allowed.has(x));
  if (!allowed.size) return null;
  return (
    <Card withBorder component="section" aria-labelledby="ticket-reply">
      <Title order={2} size="h4" id="ticket-reply">
        {allowed.has('resend') ? t('tickets.infoRequested') : t('tickets.reply')}
      </Title>
      <Stack gap="sm" mt="xs">
        {(allowed.has('take') || allowed.has('release')) && (
          <Group>
            {allowed.has('take') && (
              <Button variant="light" onClick={() => void assign('me')} loading={action.pending}>
                {t('tickets.action.take')}
              </Button>
            )}
            {allowed.has('release') && (
              <Button variant="default" onClick={() => void assign('nobody')} loading={action.pending}>
                {t('tickets.action.release')}
              </Button>
            )}
          </Group>
        )}
        {decisions.length > 0 && (
          <NativeSelect
            label={t('tickets.canned')}
            value={canned}
            onChange={(e) => {
              const key = e.currentTarget.value;
              setCanned(key);
              if (key) setText(t(`tickets.canned.${key}`));
            }}
            data={[{ value: '', label: t('tickets.cannedPlaceholder') }, ...CANNED.map((c) => ({ value: c, label: t(`tickets.canned.${c}`) }))]}
          />
        )}
        {(decisions.length > 0 || allowed.has('resend')) && (
          <Textarea
            label={allowed.has('resend') ? t('tickets.resendMessage') : t('tickets.replyText')}
            value={text}
            onChange={(e) => setText(e.currentTarget.value)}
            autosize
            minRows={3}
            error={action.error?.field === 'message' ? action.error.message : undefined}
          />
        )}
        {allowed.has('resend') && <FileDrop key={dropKey} onChange={onFiles} labelId="ticket-resend-files" />}
        <ErrorAlert error={action.error?.field === 'message' ? null : action.error} onClose={action.clearError} />
        <Group>
          {decisions.map((x) => (
            <Button
              key={x}
              color={x === 'accept' ? 'green.8' : x === 'reject' ? 'red.8' : x === 'request_info' ? 'orange.9' : 'gray.7'}
              variant={x === 'comment' ? 'default' : 'filled'}
              onClick={() => void decide(x)}
              loading={action.pending}
            >
              {t(`tickets.action.${x}`)}
            </Button>
          ))}
          {allowed.has('resend') && (
            <Button onClick={() => void resend()} loading={action.pending}>
              {t('tickets.action.resend')}
            </Button>
          )}
        </Group>
      </Stack>
    </Card>
  );
}

function History({ d }: { d: TicketDetail }) {
  const { t, locale } = useLocale();
  return (
    <Card withBorder component="section" aria-labelledby="ticket-history">
      <Title order={2} size="h4" id="ticket-history">
        {t('tickets.history')}
      </Title>
      <Timeline mt="sm" bulletSize={14} lineWidth={2} data-testid="ticket-history">
        {d.events.map((e) => (
          <Timeline.Item key={e.id} title={t(`tickets.event.${e.action}`)} data-action={e.action}>
            <Text size="sm" c="dimmed">
              {t('tickets.filedBy', { name: e.staffName ?? '', date: formatDateTime(e.at, locale) })} — {t(`tickets.status.${e.toStatus}`)}
            </Text>
            {e.message && (
              <Text size="sm" style={{ whiteSpace: 'pre-wrap' }}>
                {e.message}
              </Text>
            )}
            {e.attachments.length > 0 && <Text size="sm">{t('tickets.eventFiles', { count: formatNumber(e.attachments.length, locale) })}</Text>}
          </Timeline.Item>
        ))}
      </Timeline>
    </Card>
  );
}

/** The case flow, for offices that may see the case (an agency sees a draft case only through its ticket). */
function CaseFlow({ caseId }: { caseId: string }) {
  const actor = useActor();
  if (actor.role !== 'intake' && actor.role !== 'supervisor' && actor.role !== 'auditor') return null;
  return <CaseFlowList caseId={caseId} />;
}

function CaseFlowList({ caseId }: { caseId: string }) {
  const { t, locale } = useLocale();
  const flow = useApiQuery('cases.flow', { caseId });
  if (!flow.data) return null;
  return (
    <Card withBorder component="section" aria-labelledby="ticket-case-flow">
      <Title order={2} size="h4" id="ticket-case-flow">
        {t('tickets.caseFlow')}
      </Title>
      <Stack gap={4} mt="xs" data-testid="case-flow">
        {flow.data.map((f) => {
          const ticketStep = f.action.startsWith('ticket_') ? f.action.slice('ticket_'.length) : null;
          return (
            <Text size="sm" key={f.id} data-action={f.action}>
              {formatDateTime(f.at, locale)} — {ticketStep ? t(`tickets.event.${ticketStep}`) : t(`action.${f.action}`)} — {t(`stage.${f.toStage}`)}
              {f.reason ? ` — ${f.reason}` : ''}
            </Text>
          );
        })}
      </Stack>
    </Card>
  );
}
