// Sync jobs on the main thread: each starts a worker and keeps its progress for the screen.
import { randomUUID } from 'node:crypto';
import { statSync } from 'node:fs';
import { Worker } from 'node:worker_threads';
import type { SyncJob } from '../../src-shared/api/sync';
import type { LoadedIdentity } from '../services/sync/identity';
import type { WorkerJob, WorkerMessage } from './worker';
import { importOutcome } from './import-outcome';

const jobs = new Map<string, SyncJob>();
const finished = new Map<string, Promise<SyncJob>>();
let nativeBinding: string | undefined;

/** Electron passes its own better-sqlite3 build (as openApp does). */
export function setWorkerNativeBinding(path: string | undefined): void {
  nativeBinding = path;
}

/** Measured: a 100,000-case import's heap stays under 100 MB when collected promptly. */
const SYNC_WORKER_HEAP_MB = 192;

function workerUrl(): URL {
  // Under tsx/vitest this module is a .ts file next to worker-dev.mjs; the Electron build
  // bundles the worker as sync-worker.js next to the main bundle.
  return import.meta.url.endsWith('.ts') ? new URL('./worker-dev.mjs', import.meta.url) : new URL('./sync-worker.js', import.meta.url);
}

export function startSyncJob(input: { kind: 'export' | 'import'; dbPath: string; file: string; to?: string | undefined; now: string; staffId: number | null; identity: LoadedIdentity }): SyncJob {
  const id = randomUUID();
  let totalBytes = 0;
  if (input.kind === 'import') {
    try {
      totalBytes = statSync(input.file).size;
    } catch {
      totalBytes = 0;
    }
  }
  const job: SyncJob = { id, kind: input.kind, state: 'running', phase: 'preparing', records: 0, totalRecords: 0, bytes: 0, totalBytes, file: input.file, message: null, refusal: null, summary: null, bundle: null };
  jobs.set(id, job);
  const data: WorkerJob = { kind: input.kind, dbPath: input.dbPath, file: input.file, ...(input.to ? { to: input.to } : {}), now: input.now, staffId: input.staffId, identity: input.identity, ...(nativeBinding ? { nativeBinding } : {}) };
  // The worker's working set is one window of records and SQLite's page cache; a heap budget
  // makes V8 collect instead of growing towards its default limit beside the window's memory.
  const worker = new Worker(workerUrl(), { workerData: data, resourceLimits: { maxOldGenerationSizeMb: SYNC_WORKER_HEAP_MB } });
  finished.set(id, new Promise<SyncJob>((resolve) => {
    const end = (patch: Partial<SyncJob>) => {
      if (job.state === 'running') Object.assign(job, patch);
      resolve({ ...job });
    };
    worker.on('message', (m: WorkerMessage) => {
      if (m.type === 'progress') {
        job.records = m.records ?? job.records;
        job.bytes = m.bytes ?? job.bytes;
        job.totalRecords = m.totalRecords ?? job.totalRecords;
        job.phase = m.phase ?? job.phase;
      } else if (m.type === 'done') {
        // The records as last reported: both ends count them as the manifest does, to the last one.
        const bytes = job.kind === 'import' ? job.totalBytes : job.bytes;
        end({ state: 'done', summary: m.summary, file: m.file, bytes, totalBytes: bytes, message: null, bundle: job.kind === 'import' ? importOutcome(m.result) : null });
      } else end({ state: 'failed', message: m.message, refusal: m.refusal });
    });
    worker.on('error', (e) => end({ state: 'failed', message: e.message, refusal: 'other' }));
    worker.on('exit', (code) => end({ state: 'failed', message: `the sync worker stopped (exit ${code})`, refusal: 'other' }));
  }));
  return { ...job };
}

export function syncJob(id: string): SyncJob | undefined {
  const j = jobs.get(id);
  return j ? { ...j } : undefined;
}

/** Resolves when the job has finished (tests, the CLI). */
export function whenFinished(id: string): Promise<SyncJob> {
  return finished.get(id) ?? Promise.reject(new Error(`no job ${id}`));
}
