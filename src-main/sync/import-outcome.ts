// What the sync screen is told about a finished import, from the worker's result: which bundle
// it was, whether it was new, the gaps before it, and the cases a person must look at.
import type { SyncJob } from '../../src-shared/api/sync';
import type { ImportResult } from '../services/sync/import';

/** The worker keeps only refused and conflicting outcomes; a long list is cut for the screen. */
const ATTENTION_SHOWN = 200;

export function importOutcome(result: unknown): SyncJob['bundle'] {
  const r = result as Partial<ImportResult> | null;
  if (!r || typeof r.source !== 'string' || typeof r.seq !== 'number' || (r.status !== 'applied' && r.status !== 'duplicate')) return null;
  const attention = (r.outcomes ?? []).filter((o) => o.outcome === 'refused' || o.outcome === 'conflict').slice(0, ATTENTION_SHOWN);
  return { source: r.source, seq: r.seq, status: r.status, missing: [...(r.missing ?? [])], attention };
}
