// Sync throughput for `npm run bench` (scripts/bench.ts calls measureSyncThroughput):
// export and import of n demo cases between two real databases, import in the worker thread
// with the main event loop's longest stall measured, compared with a raw better-sqlite3
// insert of the same rows, and the process's peak resident memory.
import { mkdtempSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import BetterSqlite3 from 'better-sqlite3';
import { openDatabase } from '../db/connection';
import { seedReference } from '../services/reference/seed-reference';
import { seedDemo, DEMO_INTAKE_OFFICE } from '../services/demo/seed-demo';
import { initOffice, officeKeyFile, trustOffice, loadIdentity } from '../services/sync/identity';
import { exportBundle } from '../services/sync/export';
import { startSyncJob, whenFinished } from './jobs';

export interface SyncThroughput {
  cases: number;
  bundleBytes: number;
  exportSeconds: number;
  exportCasesPerSecond: number;
  importSeconds: number;
  importCasesPerSecond: number;
  rawInsertSeconds: number;
  importToRawRatio: number;
  peakRssMb: number;
  longestMainLoopStallMs: number;
  refusedCases: number;
}

/**
 * Two provisioned databases in `dir`: central holding n demo cases (every stage, made by the
 * engine) and a fresh demo intake office; returns the bundle central exported to it.
 */
export async function prepareSyncPair(dir: string, n: number): Promise<{ bundle: string; receiverPath: string; exportSeconds: number }> {
  const now = new Date('2020-08-01T06:30:00Z').toISOString();
  const sender = await openDatabase({ path: join(dir, 'central.sqlite') });
  await sender.db.transaction().execute((trx) => seedReference(trx, now));
  await seedDemo(sender, { cases: n, seed: 1 });
  await sender.db.transaction().execute((trx) => initOffice(trx, { id: 'CENTRAL', kind: 'central', name: 'Central' }, now));
  const receiverPath = join(dir, 'intake.sqlite');
  const receiver = await openDatabase({ path: receiverPath });
  await receiver.db.transaction().execute((trx) => seedReference(trx, now));
  await receiver.db.transaction().execute((trx) => initOffice(trx, { id: DEMO_INTAKE_OFFICE, kind: 'intake', name: 'Demo intake' }, now));
  const rk = await officeKeyFile(receiver.db);
  const ck = await officeKeyFile(sender.db);
  await sender.db.transaction().execute((trx) => trustOffice(trx, rk, DEMO_INTAKE_OFFICE, now));
  await receiver.db.transaction().execute((trx) => trustOffice(trx, ck, 'CENTRAL', now));
  await receiver.close();
  const bundle = join(dir, 'bundle.kdb');
  const t = performance.now();
  await exportBundle(sender.db, { out: bundle, to: DEMO_INTAKE_OFFICE, now });
  const exportSeconds = (performance.now() - t) / 1000;
  await sender.close();
  return { bundle, receiverPath, exportSeconds };
}

export async function measureSyncThroughput(n: number, options: { keep?: boolean } = {}): Promise<SyncThroughput> {
  const dir = mkdtempSync(join(tmpdir(), 'kara-sync-bench-'));
  let peak = process.memoryUsage().rss;
  const sampler = setInterval(() => { peak = Math.max(peak, process.memoryUsage().rss); }, 20);
  try {
    const now = new Date('2020-08-01T06:30:00Z').toISOString();
    const { bundle, receiverPath, exportSeconds } = await prepareSyncPair(dir, n);
    const receiver = await openDatabase({ path: receiverPath });
    // Import in the worker; the main loop ticks every 5 ms and records its longest gap.
    const identity = await loadIdentity(receiver.db);
    await receiver.close();
    let last = performance.now();
    let stall = 0;
    const ticker = setInterval(() => { const at = performance.now(); stall = Math.max(stall, at - last - 5); last = at; }, 5);
    let t = performance.now();
    const job = startSyncJob({ kind: 'import', dbPath: receiverPath, file: bundle, now, staffId: null, identity });
    const done = await whenFinished(job.id);
    const importSeconds = (performance.now() - t) / 1000;
    clearInterval(ticker);
    if (done.state !== 'done') throw new Error(`import failed: ${done.message}`);

    // The same rows through raw better-sqlite3, one transaction, prepared statements.
    const raw = new BetterSqlite3(join(dir, 'raw.sqlite'));
    const src = new BetterSqlite3(receiverPath, { readonly: true });
    const tables = ['applicants', 'workshops', 'cases', 'case_flow'] as const;
    for (const table of tables) {
      const ddl = (src.prepare("select sql from sqlite_master where type = 'table' and name = ?").get(table) as { sql: string }).sql.replace(/references\s+"?\w+"?\s*\(\s*"?\w+"?\s*\)/gi, '');
      raw.exec(ddl);
    }
    const rows = Object.fromEntries(tables.map((tb) => [tb, src.prepare(`select * from ${tb}`).all() as Array<Record<string, unknown>>]));
    src.close();
    t = performance.now();
    raw.transaction(() => {
      for (const tb of tables) {
        const list = rows[tb]!;
        if (!list.length) continue;
        const cols = Object.keys(list[0]!);
        const stmt = raw.prepare(`insert into ${tb} (${cols.join(',')}) values (${cols.map((c) => `@${c}`).join(',')})`);
        for (const r of list) stmt.run(r);
      }
    })();
    const rawInsertSeconds = (performance.now() - t) / 1000;
    raw.close();
    const cases = n;
    return {
      cases,
      bundleBytes: statSync(bundle).size,
      exportSeconds,
      exportCasesPerSecond: Math.round(cases / exportSeconds),
      importSeconds,
      importCasesPerSecond: Math.round(cases / importSeconds),
      rawInsertSeconds,
      importToRawRatio: Math.round((importSeconds / rawInsertSeconds) * 10) / 10,
      peakRssMb: Math.round(peak / 1024 / 1024),
      longestMainLoopStallMs: Math.round(stall),
      refusedCases: done.summary?.refusedCases ?? -1,
    };
  } finally {
    clearInterval(sampler);
    if (!options.keep) rmSync(dir, { recursive: true, force: true });
  }
}

const isEntry = process.argv[1] && /sync[\\/]bench\.[cm]?[jt]s$/.test(process.argv[1]);
if (isEntry) {
  const n = Number(process.argv[2] ?? 1000);
  measureSyncThroughput(n).then((r) => console.log(JSON.stringify(r, null, 2)));
}
