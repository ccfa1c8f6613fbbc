import { Button, Code, Group, NativeSelect, Stack, Text, Title } from '@mantine/core';
import { useState, type FormEvent } from 'react';
import type { SyncStatus } from '../../../src-shared/api/sync';
import { ErrorAlert, NoticeAlert } from '../../components/ErrorAlert';
import { useApiAction } from '../../components/useApi';
import { useLocale } from '../../i18n/locale';
import { countsText } from './format';
import { JobProgress } from './JobProgress';
import { PathInput } from './PathInput';
import { RefusalAlert } from './RefusalAlert';
import { useSyncJob } from './useSyncJob';

type Peer = SyncStatus['peers'][number];

/** Central first: an office sends its bundles to central, and central is listed even for central. */
function byKind(a: Peer, b: Peer): number {
  return Number(b.kind === 'central') - Number(a.kind === 'central') || a.officeId.localeCompare(b.officeId);
}

/** Export: the destination chosen among the trusted peers, the folder typed as a full path or browsed for. */
export function ExportPanel({ peers, officeName, onEnd }: { peers: Peer[]; officeName: (id: string) => string; onEnd: () => void }) {
  const { t, locale } = useLocale();
  const start = useApiAction();
  const { job, setJob, error: jobError, running } = useSyncJob(onEnd);
  const trusted = peers.filter((p) => p.trusted).sort(byKind);
  const [chosen, setChosen] = useState('');
  const to = trusted.some((p) => p.officeId === chosen) ? chosen : (trusted[0]?.officeId ?? '');
  const [folder, setFolder] = useState('');
  const [missingFolder, setMissingFolder] = useState(false);
  const [sentTo, setSentTo] = useState('');
  const fieldError = (field: string) => (start.error?.field === field ? start.error.message : undefined);

  async function submit(event: FormEvent) {
    event.preventDefault();
    const path = folder.trim();
    setMissingFolder(!path);
    if (!path) return;
    const started = await start.run('sync.startExport', { folder: path, to });
    if (started) {
      setSentTo(to);
      setJob(started);
    }
  }

  return (
    <Stack component="section" aria-labelledby="sync-export-title" gap="sm">
      <Title order={2} id="sync-export-title">{t('sync.export')}</Title>
      <Text size="sm" c="dimmed">{t('sync.exportIntro')}</Text>
      {trusted.length === 0 && <NoticeAlert tone="warning" message={t('sync.noPeers')} />}
      <form onSubmit={(e) => void submit(e)} noValidate>
        <Stack gap="sm">
          <NativeSelect
            label={t('sync.target')}
            required
            value={to}
            onChange={(e) => setChosen(e.currentTarget.value)}
            data={trusted.map((p) => ({ value: p.officeId, label: t('sync.peerOption', { office: officeName(p.officeId), kind: t(`officeKind.${p.kind}`) }) }))}
            error={fieldError('to')}
            disabled={trusted.length === 0}
          />
          <PathInput
            kind="exportFolder"
            label={t('sync.folder')}
            description={t('sync.folderHint')}
            required
            dir="ltr"
            value={folder}
            onChange={(path) => {
              setFolder(path);
              setMissingFolder(false);
            }}
            error={missingFolder ? t('sync.folderRequired') : fieldError('folder')}
          />
          <ErrorAlert error={start.error && start.error.field !== 'folder' && start.error.field !== 'to' ? start.error : jobError} onClose={start.error ? start.clearError : undefined} />
          <Group>
            <Button type="submit" loading={start.pending || running} disabled={trusted.length === 0}>{t('sync.export')}</Button>
          </Group>
        </Stack>
      </form>
      {job && <JobProgress job={job} />}
      {job?.state === 'done' && (
        <Stack gap={4} role="status">
          <Text size="sm">{t('sync.exportDone', { target: officeName(sentTo) })}</Text>
          <Code block dir="ltr" data-testid="sync-export-file" style={{ whiteSpace: 'pre-wrap', wordBreak: 'break-all' }}>{job.file}</Code>
          {job.summary && <Text size="sm">{t('sync.contentsTitle')}: {countsText(job.summary, t, locale)}</Text>}
        </Stack>
      )}
      {job?.state === 'failed' && <RefusalAlert job={job} />}
    </Stack>
  );
}
