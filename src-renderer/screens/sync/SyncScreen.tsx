import { Badge, Button, Code, Group, Progress, SimpleGrid, Stack, Table, Text, TextInput, Title } from '@mantine/core';
import { useEffect, useState } from 'react';
import type { OutputOf } from '../../../src-shared/api';
import { ErrorAlert, NoticeAlert } from '../../components/ErrorAlert';
import { Loading } from '../../components/Loading';
import { useApiAction, useApiQuery } from '../../components/useApi';
import { useLocale } from '../../i18n/locale';

type Job = OutputOf<'sync.job'>;

/** Follows a worker job until it ends (the worker reports records and bytes as it goes). */
function useJob(onEnd: () => void) {
  const action = useApiAction();
  const [job, setJob] = useState<Job | null>(null);
  useEffect(() => {
    if (!job || job.state !== 'running') return;
    const timer = setTimeout(() => {
      void action.run('sync.job', { id: job.id }).then((next) => {
        if (!next) return;
        setJob(next);
        if (next.state !== 'running') onEnd();
      });
    }, 300);
    return () => clearTimeout(timer);
  }, [job, action.run, onEnd]); // eslint-disable-line react-hooks/exhaustive-deps
  return { job, setJob, error: action.error };
}

function JobProgress({ job }: { job: Job }) {
  const { t } = useLocale();
  const total = job.kind === 'import' ? job.totalBytes : 0;
  const value = job.state === 'done' ? 100 : total > 0 ? Math.min(99, Math.round((job.bytes / total) * 100)) : 0;
  return (
    <Stack gap={4}>
      <Progress value={value} animated={job.state === 'running'} aria-label={t('sync.progress', { records: job.records, bytes: job.bytes })} />
      <Text size="sm">{t('sync.progress', { records: job.records, bytes: job.bytes })}</Text>
      {job.state === 'done' && job.kind === 'import' && job.summary && <NoticeAlert tone="success" message={t('sync.summary', job.summary)} />}
      {job.state === 'failed' && <NoticeAlert tone="warning" message={t('sync.refused', { reason: job.message ?? '' })} />}
    </Stack>
  );
}

export function SyncScreen() {
  const { t } = useLocale();
  const status = useApiQuery('sync.status', {});
  const conflicts = useApiQuery('sync.conflicts', {});
  const action = useApiAction();
  const [folder, setFolder] = useState('');
  const [to, setTo] = useState('');
  const [file, setFile] = useState('');
  const reload = () => {
    status.reload();
    conflicts.reload();
  };
  const exportJob = useJob(reload);
  const importJob = useJob(reload);

  async function startExport() {
    const job = await action.run('sync.startExport', { folder, ...(to ? { to } : {}) });
    if (job) exportJob.setJob(job);
  }
  async function startImport() {
    const job = await action.run('sync.startImport', { file });
    if (job) importJob.setJob(job);
  }
  async function resolve(id: number, keep: 'local' | 'remote') {
    if (await action.run('sync.resolveConflict', { id, keep })) reload();
  }

  return (
    <Stack gap="lg">
      <Title order={1}>{t('sync.title')}</Title>
      <ErrorAlert error={status.error ?? action.error ?? exportJob.error ?? importJob.error} onClose={action.error ? action.clearError : undefined} />
      <SimpleGrid cols={{ base: 1, md: 2 }}>
        <Stack component="section" aria-labelledby="sync-export-title">
          <Title order={2} id="sync-export-title">{t('sync.export')}</Title>
          <TextInput label={t('sync.folder')} value={folder} onChange={(e) => setFolder(e.currentTarget.value)} dir="ltr" />
          <TextInput label={t('sync.target')} value={to} onChange={(e) => setTo(e.currentTarget.value)} dir="ltr" />
          <Group>
            <Button onClick={() => void startExport()} disabled={!folder || exportJob.job?.state === 'running'}>{t('sync.export')}</Button>
          </Group>
          {exportJob.job && <JobProgress job={exportJob.job} />}
        </Stack>
        <Stack component="section" aria-labelledby="sync-import-title">
          <Title order={2} id="sync-import-title">{t('sync.import')}</Title>
          <TextInput label={t('sync.file')} value={file} onChange={(e) => setFile(e.currentTarget.value)} dir="ltr" />
          <Group>
            <Button onClick={() => void startImport()} disabled={!file || importJob.job?.state === 'running'}>{t('sync.import')}</Button>
          </Group>
          {importJob.job && <JobProgress job={importJob.job} />}
        </Stack>
      </SimpleGrid>

      {status.loading && !status.data ? <Loading /> : status.data && (
        <>
          <Stack component="section" aria-labelledby="sync-peers-title">
            <Title order={2} id="sync-peers-title">{t('sync.peers')}</Title>
            <Table striped>
              <Table.Tbody>
                {status.data.peers.map((p) => (
                  <Table.Tr key={p.officeId}>
                    <Table.Td dir="ltr">{p.officeId}</Table.Td>
                    <Table.Td>{t('sync.sent')} #{p.lastSeqSent} / {t('sync.received')} #{p.lastSeqReceived}</Table.Td>
                    <Table.Td>{t('sync.pending', { n: p.pendingChanges })}</Table.Td>
                    <Table.Td>{t('sync.unconfirmed', { n: p.unconfirmedCases })}</Table.Td>
                    <Table.Td>{p.missing.length > 0 && <Badge color="red">{t('sync.missing', { list: p.missing.map((n) => `#${n}`).join(' ') })}</Badge>}</Table.Td>
                  </Table.Tr>
                ))}
              </Table.Tbody>
            </Table>
          </Stack>
          <Stack component="section" aria-labelledby="sync-history-title">
            <Title order={2} id="sync-history-title">{t('sync.history')}</Title>
            <Table striped>
              <Table.Tbody>
                {status.data.history.map((h) => (
                  <Table.Tr key={`${h.direction}-${h.peer}-${h.seq}`}>
                    <Table.Td>{h.direction === 'sent' ? t('sync.sent') : t('sync.received')}</Table.Td>
                    <Table.Td dir="ltr">{h.peer} #{h.seq}</Table.Td>
                    <Table.Td dir="ltr">{h.at}</Table.Td>
                    <Table.Td dir="ltr">{Object.entries(h.counts).map(([k, v]) => `${k}: ${v}`).join(', ')}</Table.Td>
                    <Table.Td>{h.acknowledged ? '✓' : ''}</Table.Td>
                  </Table.Tr>
                ))}
              </Table.Tbody>
            </Table>
          </Stack>
        </>
      )}

      <Stack component="section" aria-labelledby="sync-conflicts-title">
        <Title order={2} id="sync-conflicts-title">{t('sync.conflicts')}</Title>
        {(conflicts.data ?? []).map((c) => (
          <Stack key={c.id} gap="xs">
            <Text dir="ltr">{c.caseId} ({c.source} #{c.seq})</Text>
            <SimpleGrid cols={2}>
              <Stack gap={4}>
                <Text fw={700}>{t('sync.local')}</Text>
                <Code block dir="ltr">{JSON.stringify(c.local, null, 1)}</Code>
              </Stack>
              <Stack gap={4}>
                <Text fw={700}>{t('sync.remote')}</Text>
                <Code block dir="ltr">{JSON.stringify(c.remote, null, 1)}</Code>
              </Stack>
            </SimpleGrid>
            <Group>
              <Button onClick={() => void resolve(c.id, 'local')}>{t('sync.keepLocal')}</Button>
              <Button variant="outline" onClick={() => void resolve(c.id, 'remote')}>{t('sync.keepRemote')}</Button>
            </Group>
          </Stack>
        ))}
      </Stack>
    </Stack>
  );
}
