import { Progress, Stack, Text } from '@mantine/core';
import type { SyncJob } from '../../../src-shared/api/sync';
import { useLocale } from '../../i18n/locale';
import { formatBytes } from './format';

/** Percent done, or null while an export has not said how much there is. */
export function percentDone(job: SyncJob): number | null {
  if (job.state === 'done') return 100;
  if (job.totalBytes > 0) return Math.min(99, Math.floor((job.bytes / job.totalBytes) * 100));
  if (job.totalRecords > 0) return Math.min(99, Math.floor((job.records / job.totalRecords) * 100));
  return job.state === 'running' ? null : 0;
}

/** The worker's progress: a bar screen readers can read, with records and bytes beneath. */
export function JobProgress({ job }: { job: SyncJob }) {
  const { t, locale } = useLocale();
  const running = job.state === 'running';
  const percent = percentDone(job);
  const bytes = formatBytes(job.bytes, locale, t);
  const detail = job.totalRecords > 0 && job.totalBytes > 0
    ? t('sync.progressOf', { records: job.records, totalRecords: job.totalRecords, bytes, totalBytes: formatBytes(job.totalBytes, locale, t) })
    : t('sync.progressSoFar', { records: job.records, bytes });
  const text = percent === null ? detail : t('sync.progressText', { percent, detail });
  return (
    <Stack gap={4}>
      <Progress.Root
        size="lg"
        role="progressbar"
        aria-label={t(job.kind === 'import' ? 'sync.importProgress' : 'sync.exportProgress')}
        aria-valuemin={0}
        aria-valuemax={100}
        aria-valuenow={percent ?? undefined}
        aria-valuetext={text}
      >
        <Progress.Section value={percent ?? 100} withAria={false} striped={running} animated={running} color={job.state === 'failed' ? 'red' : undefined} />
      </Progress.Root>
      <Text size="sm" data-testid={`sync-${job.kind}-progress-text`}>
        {text}
      </Text>
    </Stack>
  );
}
