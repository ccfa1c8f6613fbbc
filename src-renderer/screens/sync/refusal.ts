// A failed export or import as the screen tells it: what happened and what to do, in the
// user's language (one sentence per refusal kind), and the English technical detail beside it.
import type { SyncJob } from '../../../src-shared/api/sync';

type Translate = (key: string, params?: Record<string, string | number>) => string;

export interface RefusalText {
  headline: string;
  advice: string;
  /** As the CLI prints it; shown left to right, smaller. */
  detail: string | null;
}

export function refusalText(job: SyncJob, t: Translate): RefusalText {
  return {
    headline: t(job.kind === 'import' ? 'sync.importRefused' : 'sync.exportFailed'),
    advice: t(`sync.refusal.${job.refusal ?? 'other'}`),
    detail: job.message,
  };
}
