// The sync worker: export and import run here, on their own thread and their own SQLite
// connection, so the main event loop (the window, the browser host) never waits on them.
import { parentPort, workerData } from 'node:worker_threads';
import { openDatabase } from '../db/connection';
import { widenSyncWorkerCache } from '../db/queries/sync-batch';
import { exportBundle } from '../services/sync/export';
import { importBundle } from '../services/sync/import';
import { preloadIdentity, SyncRefused, type LoadedIdentity } from '../services/sync/identity';
import { BundleRefused } from './bundle';
import type { SyncJobProgress, SyncRefusalKind } from '../../src-shared/api/sync';

export interface WorkerJob {
  kind: 'export' | 'import';
  dbPath: string;
  nativeBinding?: string;
  file: string;
  to?: string;
  now: string;
  staffId: number | null;
  /** Keys opened by the main thread (Electron's safeStorage is not reachable from a worker). */
  identity: LoadedIdentity;
}

export type WorkerMessage =
  | ({ type: 'progress' } & SyncJobProgress)
  | { type: 'done'; result: unknown; summary: Record<string, number> | null; file: string }
  | { type: 'failed'; message: string; refusal: SyncRefusalKind };

async function run(job: WorkerJob): Promise<void> {
  const post = (m: WorkerMessage) => parentPort!.postMessage(m);
  preloadIdentity(job.identity);
  const database = await openDatabase({ path: job.dbPath, migrate: false, ...(job.nativeBinding ? { nativeBinding: job.nativeBinding } : {}) });
  widenSyncWorkerCache(database.sqlite);
  try {
    const actor = null;
    const onProgress = (p: SyncJobProgress) => post({ type: 'progress', ...p });
    if (job.kind === 'export') {
      const r = await exportBundle(database.db, { out: job.file, ...(job.to ? { to: job.to } : {}), now: job.now, actor, onProgress });
      post({ type: 'done', result: r, summary: r.counts, file: r.file });
    } else {
      // Only the cases that need a person's attention are kept and cross back: a 100,000-case
      // outcome list would cost memory here and a structured clone on the main thread.
      const r = await importBundle(database.db, job.file, { now: job.now, actor, onProgress, outcomes: 'attention' });
      post({ type: 'done', result: r, summary: { ...r.summary }, file: job.file });
    }
  } catch (e) {
    post({ type: 'failed', message: e instanceof Error ? e.message : String(e), refusal: e instanceof BundleRefused || e instanceof SyncRefused ? e.kind : 'other' });
  } finally {
    await database.close();
  }
}

if (parentPort && workerData) void run(workerData as WorkerJob);
