// A sync job's progress as the screen tells it: a percentage only where one is measured, the
// phase in words while the job runs, and the records and bytes so far.
import type { SyncJob } from '../../../src-shared/api/sync';
import type { Locale } from '../../../src-shared/i18n';
import { formatBytes } from './format';

type Translate = (key: string, params?: Record<string, string | number>) => string;

/**
 * Percent done, or null where nothing measures it: while the job prepares (no totals yet) and
 * while it finishes (every record is done, the file or the commit is not).
 */
export function percentDone(job: SyncJob): number | null {
  if (job.state === 'done') return 100;
  if (job.state === 'running' && job.phase !== 'records') return null;
  if (job.totalBytes > 0) return Math.min(99, Math.floor((job.bytes / job.totalBytes) * 100));
  if (job.totalRecords > 0) return Math.min(99, Math.floor((job.records / job.totalRecords) * 100));
  return job.state === 'running' ? null : 0;
}

export interface ProgressWords {
  percent: number | null;
  /** What the job is doing, while it runs. */
  phase: string | null;
  /** The percentage (where there is one), records and bytes. */
  text: string;
}

export function progressWords(job: SyncJob, t: Translate, locale: Locale): ProgressWords {
  const bytes = formatBytes(job.bytes, locale, t);
  const { records, totalRecords } = job;
  const detail = totalRecords === 0
    ? t('sync.progressSoFar', { records, bytes })
    : job.totalBytes > 0
      ? t('sync.progressOf', { records, totalRecords, bytes, totalBytes: formatBytes(job.totalBytes, locale, t) })
      : t('sync.progressRecordsOf', { records, totalRecords, bytes });
  const percent = percentDone(job);
  return {
    percent,
    phase: job.state === 'running' ? t(`sync.phase.${job.kind}.${job.phase}`) : null,
    text: percent === null ? detail : t('sync.progressText', { percent, detail }),
  };
}
