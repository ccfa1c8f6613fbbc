import { Button, Group, Stack, Text, Title } from '@mantine/core';
import { useState, type FormEvent } from 'react';
import { ErrorAlert } from '../../components/ErrorAlert';
import { useApiAction } from '../../components/useApi';
import { useLocale } from '../../i18n/locale';
import { ImportOutcome } from './ImportOutcome';
import { JobProgress } from './JobProgress';
import { PathInput } from './PathInput';
import { useSyncJob } from './useSyncJob';

/** Import: a bundle file typed as a full path or browsed for, checked and applied whole in the sync worker. */
export function ImportPanel({ onEnd, caseName }: { onEnd: () => void; caseName: (caseId: string) => string }) {
  const { t } = useLocale();
  const start = useApiAction();
  const { job, setJob, error: jobError, running } = useSyncJob(onEnd);
  const [file, setFile] = useState('');
  const [missingFile, setMissingFile] = useState(false);

  async function submit(event: FormEvent) {
    event.preventDefault();
    const path = file.trim();
    setMissingFile(!path);
    if (!path) return;
    const started = await start.run('sync.startImport', { file: path });
    if (started) setJob(started);
  }

  return (
    <Stack component="section" aria-labelledby="sync-import-title" gap="sm">
      <Title order={2} id="sync-import-title">{t('sync.import')}</Title>
      <Text size="sm" c="dimmed">{t('sync.importIntro')}</Text>
      <form onSubmit={(e) => void submit(e)} noValidate>
        <Stack gap="sm">
          <PathInput
            kind="bundleFile"
            label={t('sync.file')}
            description={t('sync.fileHint')}
            required
            dir="ltr"
            value={file}
            onChange={(path) => {
              setFile(path);
              setMissingFile(false);
            }}
            error={missingFile ? t('sync.fileRequired') : start.error?.field === 'file' ? start.error.message : undefined}
          />
          <ErrorAlert error={start.error && start.error.field !== 'file' ? start.error : jobError} onClose={start.error ? start.clearError : undefined} />
          <Group>
            <Button type="submit" loading={start.pending || running}>{t('sync.import')}</Button>
          </Group>
        </Stack>
      </form>
      {job && <JobProgress job={job} />}
      {job && <ImportOutcome job={job} caseName={caseName} />}
    </Stack>
  );
}
