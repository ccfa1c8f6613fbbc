// What a sync job reports as it goes, on real databases and bundle files: an export announces
// how many records it will write before the first (and writes exactly that many), and an import
// says it is finishing after its last record and before it is done.
import { createHash } from 'node:crypto';
import { join } from 'node:path';
import { Worker } from 'node:worker_threads';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { exportBundle } from '../../../src-main/services/sync/export';
import { importBundle, verifyBundle } from '../../../src-main/services/sync/import';
import { loadIdentity } from '../../../src-main/services/sync/identity';
import { insertAttachmentIfMissing } from '../../../src-main/db/queries/sync';
import { startSyncJob, whenFinished } from '../../../src-main/sync/jobs';
import type { WorkerJob, WorkerMessage } from '../../../src-main/sync/worker';
import type { SyncJobProgress } from '../../../src-shared/api/sync';
import { as, createOffice, link, submittedCase, type Office } from './support';

let central: Office, intake: Office;

beforeAll(async () => {
  central = await createOffice('central', () => ({ id: 'CENTRAL' }));
  intake = await createOffice('intake', () => ({ id: 'INT-1' }));
  await link(central, intake);
  const clerk = await as(intake, 'clerk');
  for (let i = 0; i < 3; i += 1) await submittedCase(intake, clerk, central);
  const bytes = Buffer.from('a scanned permit');
  const sha256 = createHash('sha256').update(bytes).digest('hex');
  await insertAttachmentIfMissing(intake.h.app.database.db, { sha256, mime: 'text/plain', size: bytes.length, bytes, created_at: intake.h.clock.now().toISOString() });
});

afterAll(async () => {
  for (const o of [central, intake]) await o?.h.close();
});

const dbPath = (office: Office) => join(office.h.dir, 'kara.sqlite');

/** Runs the sync worker as a job does and keeps every message it posts, in order. */
async function workerMessages(office: Office, job: Pick<WorkerJob, 'kind' | 'file' | 'to'>): Promise<WorkerMessage[]> {
  const data: WorkerJob = { ...job, dbPath: dbPath(office), now: office.h.clock.now().toISOString(), staffId: null, identity: await loadIdentity(office.h.app.database.db) };
  const worker = new Worker(new URL('../../../src-main/sync/worker-dev.mjs', import.meta.url), { workerData: data });
  const messages: WorkerMessage[] = [];
  worker.on('message', (m: WorkerMessage) => messages.push(m));
  await new Promise((resolve, reject) => worker.on('exit', resolve).on('error', reject));
  return messages;
}

const progressOf = (messages: WorkerMessage[]) => messages.flatMap((m) => (m.type === 'progress' ? [m] : []));
const phasesOf = (progress: SyncJobProgress[]) => progress.flatMap((p) => (p.phase ? [p.phase] : []));

describe('sync job progress', () => {
  const file = () => join(intake.h.dir, 'to-central.kdb');

  it("announces an export's total before the first record, and writes exactly that many", async () => {
    const messages = await workerMessages(intake, { kind: 'export', file: file(), to: 'CENTRAL' });
    expect(messages.at(-1), JSON.stringify(messages.at(-1))).toMatchObject({ type: 'done' });
    const progress = progressOf(messages);
    expect(progress[0]).toEqual({ type: 'progress', phase: 'records', totalRecords: expect.any(Number) });
    expect(phasesOf(progress)).toEqual(['records', 'finishing']);
    const written = (await verifyBundle(central.h.app.database.db, file())).records;
    // Cases, applicants, workshops, offices, an attachment's metadata line and its file.
    expect(written).toBeGreaterThan(3 * 3);
    expect(progress[0]!.totalRecords).toBe(written);
    expect(progress.at(-1)!.records).toBe(written);
  });

  it('says an import is finishing after its last record and before it is done', async () => {
    const messages = await workerMessages(central, { kind: 'import', file: file() });
    expect(messages.at(-1), JSON.stringify(messages.at(-1))).toMatchObject({ type: 'done', summary: { newCases: 3, attachments: 1 } });
    const progress = progressOf(messages);
    const total = (await verifyBundle(central.h.app.database.db, file())).records;
    expect(progress[0]).toEqual({ type: 'progress', phase: 'records', totalRecords: total });
    expect(phasesOf(progress)).toEqual(['records', 'finishing']);
    const finishing = messages.findIndex((m) => m.type === 'progress' && m.phase === 'finishing');
    // Every record was read before; nothing but the done message follows.
    expect(Math.max(...progress.slice(0, -1).map((p) => p.records ?? 0))).toBe(total);
    expect(messages.slice(finishing + 1)).toEqual([messages.at(-1)]);
  });

  it("counts central's reference rows and acknowledgement records exactly", async () => {
    const out = join(central.h.dir, 'to-intake.kdb');
    const exported: SyncJobProgress[] = [];
    // One case per acknowledgement record: the acknowledgement of intake's bundle spans three.
    await exportBundle(central.h.app.database.db, { out, to: 'INT-1', now: central.h.clock.now().toISOString(), ackCasesPerRecord: 1, onProgress: (p) => exported.push(p) });
    const verified = await verifyBundle(intake.h.app.database.db, out);
    expect(verified.manifest.members.find((m) => m.entity === 'acks')?.records).toBe(3);
    expect(verified.manifest.members.some((m) => m.entity === 'institutions')).toBe(true);
    expect(exported[0]).toEqual({ phase: 'records', totalRecords: verified.records });
    expect(exported.at(-1)?.records).toBe(verified.records);
  });

  it("reports finishing before an import rebuilds the screens' indexes and commits", async () => {
    // As many new cases as central holds: the import drops the screen indexes and builds them again.
    const clerk = await as(intake, 'clerk');
    for (let i = 0; i < 3; i += 1) await submittedCase(intake, clerk, central);
    const out = join(intake.h.dir, 'second.kdb');
    await exportBundle(intake.h.app.database.db, { out, to: 'CENTRAL', now: intake.h.clock.now().toISOString() });
    const events: string[] = [];
    const result = await importBundle(central.h.app.database.db, out, {
      now: central.h.clock.now().toISOString(), deferIndexesFrom: 1, onProgress: (p) => p.phase && events.push(p.phase),
    });
    events.push('returned');
    expect(result).toMatchObject({ status: 'applied', summary: { newCases: 3 }, rebuiltScreenIndexes: true });
    expect(events).toEqual(['records', 'finishing', 'returned']);
  });

  it('carries the phase and the exact total into the job the screen polls', async () => {
    const out = join(intake.h.dir, 'job.kdb');
    const job = startSyncJob({ kind: 'export', dbPath: dbPath(intake), file: out, to: 'CENTRAL', now: intake.h.clock.now().toISOString(), staffId: null, identity: await loadIdentity(intake.h.app.database.db) });
    expect(job.phase).toBe('preparing');
    const done = await whenFinished(job.id);
    expect(done, done.message ?? '').toMatchObject({ state: 'done', phase: 'finishing', records: done.totalRecords, totalBytes: done.bytes });
    expect(done.totalRecords).toBe((await verifyBundle(central.h.app.database.db, out)).records);
  });
});
