import { Alert, Button, Code, Group, Select, Table, Text, TextInput } from '@mantine/core';
import { useState } from 'react';
import type { AuditEntryInfo, AuditFilterInput } from '../../../src-shared/api/trust';
import { useActor } from '../../app/session';
import { ErrorAlert, NoticeAlert } from '../../components/ErrorAlert';
import { Loading } from '../../components/Loading';
import { useApiAction, useApiQuery } from '../../components/useApi';
import { useLocale } from '../../i18n/locale';
import { formatDateTime } from '../../i18n/format';
import { AdminSection } from './AdminSection';

const OUTCOMES = ['ok', 'refused', 'failed'] as const;

/** Hands a file made in main to the user (a download in the browser host, a save dialog in Electron). */
function download(fileName: string, mimeType: string, base64: string) {
  const bytes = Uint8Array.from(atob(base64), (c) => c.charCodeAt(0));
  const url = URL.createObjectURL(new Blob([bytes], { type: mimeType }));
  const a = document.createElement('a');
  a.href = url;
  a.download = fileName;
  document.body.append(a);
  a.click();
  a.remove();
  setTimeout(() => URL.revokeObjectURL(url), 10_000);
}

/** The audit log: supervisors and auditors browse and filter it; supervisors export it. */
export function AuditSection() {
  const { t, locale } = useLocale();
  const actor = useActor();
  const [draft, setDraft] = useState({ action: '', outcome: '', staffId: '', fromAt: '', toAt: '' });
  const [filter, setFilter] = useState<AuditFilterInput>({});
  const [beforeId, setBeforeId] = useState<number | undefined>(undefined);
  const [older, setOlder] = useState<AuditEntryInfo[]>([]);
  const page = useApiQuery('audit.list', { ...filter, ...(beforeId ? { beforeId } : {}), limit: 50 });
  const verify = useApiAction();
  const exporter = useApiAction();
  const [chain, setChain] = useState<{ ok: boolean; checked: number; firstBroken?: { id: number } | undefined } | null>(null);
  const [exported, setExported] = useState<number | null>(null);
  const rows = [...older, ...(page.data?.entries ?? [])];

  function apply() {
    const staffId = Number(draft.staffId);
    const iso = (v: string) => (v && !Number.isNaN(Date.parse(v)) ? new Date(v).toISOString() : undefined);
    const next: AuditFilterInput = {
      ...(draft.action ? { action: draft.action } : {}),
      ...(draft.outcome ? { outcome: draft.outcome as (typeof OUTCOMES)[number] } : {}),
      ...(draft.staffId && Number.isInteger(staffId) ? { staffId } : {}),
      ...(iso(draft.fromAt) ? { fromAt: iso(draft.fromAt) } : {}),
      ...(iso(draft.toAt) ? { toAt: iso(draft.toAt) } : {}),
    };
    setOlder([]);
    setBeforeId(undefined);
    setFilter(next);
  }

  async function runVerify() {
    const r = await verify.run('audit.verify', {});
    if (r) setChain(r);
  }

  async function runExport(format: 'csv' | 'pdf') {
    const r = await exporter.run('audit.export', { ...filter, format });
    if (r) {
      download(r.fileName, r.mimeType, r.base64);
      setExported(r.rows);
    }
  }

  return (
    <AdminSection id="admin-audit" title={t('audit.title')}>
      <Group align="end" wrap="wrap">
        <Select
          label={t('audit.filterAction')}
          data={(page.data?.actions ?? []).map((a) => ({ value: a, label: a }))}
          value={draft.action || null}
          onChange={(v) => setDraft({ ...draft, action: v ?? '' })}
          clearable
          searchable
          w={220}
        />
        <Select
          label={t('audit.filterOutcome')}
          data={[{ value: '', label: t('audit.outcome.any') }, ...OUTCOMES.map((o) => ({ value: o, label: t(`audit.outcome.${o}`) }))]}
          value={draft.outcome}
          onChange={(v) => setDraft({ ...draft, outcome: v ?? '' })}
          w={140}
        />
        <TextInput label={t('audit.filterStaff')} value={draft.staffId} onChange={(e) => setDraft({ ...draft, staffId: e.currentTarget.value })} w={110} dir="ltr" />
        <TextInput label={t('audit.filterFrom')} placeholder="2020-08-01" value={draft.fromAt} onChange={(e) => setDraft({ ...draft, fromAt: e.currentTarget.value })} w={150} dir="ltr" />
        <TextInput label={t('audit.filterTo')} placeholder="2020-09-01" value={draft.toAt} onChange={(e) => setDraft({ ...draft, toAt: e.currentTarget.value })} w={150} dir="ltr" />
        <Button variant="default" onClick={apply}>
          {t('audit.apply')}
        </Button>
      </Group>
      <Group>
        <Button variant="light" onClick={() => void runVerify()} loading={verify.pending}>
          {t('audit.verify')}
        </Button>
        {actor.role === 'supervisor' && (
          <>
            <Button variant="light" onClick={() => void runExport('csv')} loading={exporter.pending}>
              {t('audit.exportCsv')}
            </Button>
            <Button variant="light" onClick={() => void runExport('pdf')} loading={exporter.pending}>
              {t('audit.exportPdf')}
            </Button>
          </>
        )}
      </Group>
      {chain &&
        (chain.ok ? (
          <NoticeAlert tone="success" message={t('audit.chainOk', { count: chain.checked })} />
        ) : (
          <Alert color="red" role="alert">
            {t('audit.chainBroken', { id: chain.firstBroken?.id ?? '?' })}
          </Alert>
        ))}
      {exported !== null && <NoticeAlert tone="success" message={t('audit.exported', { rows: exported })} />}
      <ErrorAlert error={page.error ?? verify.error ?? exporter.error} />
      {page.loading && rows.length === 0 ? (
        <Loading />
      ) : (
        // Long payloads (hashes) can make the table scroll sideways; the viewport takes focus so
        // the keyboard can scroll it too.
        <Table.ScrollContainer minWidth={900} scrollAreaProps={{ viewportProps: { tabIndex: 0, role: 'region', 'aria-label': t('audit.entries') } }}>
          <Table striped data-testid="audit-table">
            <Table.Thead>
              <Table.Tr>
                {(['id', 'at', 'staff', 'office', 'action', 'entity', 'outcome', 'payload'] as const).map((c) => (
                  <Table.Th key={c}>{t(`audit.col.${c}`)}</Table.Th>
                ))}
              </Table.Tr>
            </Table.Thead>
            <Table.Tbody>
              {rows.map((e) => (
                <Table.Tr key={e.id}>
                  <Table.Td>{e.id}</Table.Td>
                  <Table.Td>{formatDateTime(e.at, locale)}</Table.Td>
                  <Table.Td>
                    <bdi dir="ltr">{e.staffUsername ?? e.staffId ?? '—'}</bdi>
                  </Table.Td>
                  <Table.Td>
                    <bdi dir="ltr">{e.officeId ?? '—'}</bdi>
                  </Table.Td>
                  <Table.Td>
                    <bdi dir="ltr">{e.action}</bdi>
                  </Table.Td>
                  <Table.Td>
                    <bdi dir="ltr">{e.entityId ? `${e.entity}:${e.entityId.slice(0, 12)}` : e.entity}</bdi>
                  </Table.Td>
                  <Table.Td>{(OUTCOMES as readonly string[]).includes(e.outcome) ? t(`audit.outcome.${e.outcome as (typeof OUTCOMES)[number]}`) : e.outcome}</Table.Td>
                  <Table.Td>
                    <Code dir="ltr" style={{ overflowWrap: 'anywhere' }}>{e.payload}</Code>
                  </Table.Td>
                </Table.Tr>
              ))}
            </Table.Tbody>
          </Table>
          {rows.length === 0 && <Text c="dimmed">{t('audit.empty')}</Text>}
        </Table.ScrollContainer>
      )}
      {page.data?.nextBeforeId && (
        <Button
          variant="subtle"
          onClick={() => {
            setOlder(rows);
            setBeforeId(page.data!.nextBeforeId!);
          }}
        >
          {t('audit.more')}
        </Button>
      )}
    </AdminSection>
  );
}
