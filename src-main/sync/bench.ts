// Sync throughput for `npm run bench` (scripts/bench.ts calls measureSyncThroughput):
// export and import of n demo cases between two real databases, import in the worker thread
// with the main event loop's longest stall measured, compared with a raw better-sqlite3
// insert of the same rows, and peak resident memory. The seeding and the export run in a
// child process, so the import's figures (memory, stalls) are the import's alone.
import { spawn } from 'node:child_process';
import { mkdtempSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import BetterSqlite3 from 'better-sqlite3';
import { openDatabase } from '../db/connection';
import { seedReference } from '../services/reference/seed-reference';
import { bulkSeedDemo, BULK_INTAKE_OFFICE as DEMO_INTAKE_OFFICE } from '../services/demo/bulk-seed';
import { initOffice, officeKeyFile, trustOffice, loadIdentity } from '../services/sync/identity';
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
  /** The larger of the two below. */
  peakRssMb: number;
  /** Peak resident memory of the exporting process (a process of its own) while it exported. */
  exportPeakRssMb: number;
  /** Peak resident memory of the importing process (main thread idle, the worker importing). */
  importPeakRssMb: number;
  longestMainLoopStallMs: number;
  refusedCases: number;
}

const NOW = new Date('2020-08-01T06:30:00Z').toISOString();

/**
 * Two provisioned databases in `dir`: central holding n demo cases in every stage (the bulk
 * generator: the engine-driven seed manages ~40 cases/s) and a fresh demo intake office.
 */
async function seedSyncPair(dir: string, n: number): Promise<{ senderPath: string; receiverPath: string }> {
  const senderPath = join(dir, 'central.sqlite');
  const sender = await openDatabase({ path: senderPath });
  await sender.db.transaction().execute((trx) => seedReference(trx, NOW));
  await bulkSeedDemo(sender, { cases: n, seed: 1, endAt: new Date(NOW) });
  await sender.db.transaction().execute((trx) => initOffice(trx, { id: 'CENTRAL', kind: 'central', name: 'Central' }, NOW));
  const receiverPath = join(dir, 'intake.sqlite');
  const receiver = await openDatabase({ path: receiverPath });
  await receiver.db.transaction().execute((trx) => seedReference(trx, NOW));
  await receiver.db.transaction().execute((trx) => initOffice(trx, { id: DEMO_INTAKE_OFFICE, kind: 'intake', name: 'Demo intake' }, NOW));
  const rk = await officeKeyFile(receiver.db);
  const ck = await officeKeyFile(sender.db);
  await sender.db.transaction().execute((trx) => trustOffice(trx, rk, DEMO_INTAKE_OFFICE, NOW));
  await receiver.db.transaction().execute((trx) => trustOffice(trx, ck, 'CENTRAL', NOW));
  await receiver.close();
  await sender.close();
  return { senderPath, receiverPath };
}

/**
 * Central exports everything to the intake office, as the app does: in the sync worker, with its
 * heap budget. The time, and this process's peak memory meanwhile (main thread and worker).
 */
async function exportPair(dir: string): Promise<{ bundle: string; exportSeconds: number; exportPeakRssMb: number }> {
  const senderPath = join(dir, 'central.sqlite');
  const sender = await openDatabase({ path: senderPath });
  const identity = await loadIdentity(sender.db);
  await sender.close();
  const bundle = join(dir, 'bundle.kdb');
  let peak = process.memoryUsage().rss;
  const sampler = setInterval(() => { peak = Math.max(peak, process.memoryUsage().rss); }, 20);
  const t = performance.now();
  const job = startSyncJob({ kind: 'export', dbPath: senderPath, file: bundle, to: DEMO_INTAKE_OFFICE, now: NOW, staffId: null, identity });
  const done = await whenFinished(job.id);
  const exportSeconds = (performance.now() - t) / 1000;
  clearInterval(sampler);
  if (done.state !== 'done') throw new Error(`export failed: ${done.message}`);
  return { bundle, exportSeconds, exportPeakRssMb: Math.round(peak / 1024 / 1024) };
}

/** The pair, and the bundle central exported to the intake office. */
export async function prepareSyncPair(dir: string, n: number): Promise<{ bundle: string; receiverPath: string; exportSeconds: number; exportPeakRssMb: number }> {
  const { receiverPath } = await seedSyncPair(dir, n);
  return { receiverPath, ...(await exportPair(dir)) };
}

/** One phase in a child process (this file, run with the same loader), so each is measured alone. */
function inChild<T>(args: string[]): Promise<T> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [...process.execArgv, fileURLToPath(import.meta.url), ...args], { stdio: ['ignore', 'pipe', 'inherit'] });
    let out = '';
    child.stdout.on('data', (c: Buffer) => void (out += c.toString()));
    child.on('error', reject);
    child.on('exit', (code) => (code === 0 ? resolve(JSON.parse(out.trim().split('\n').pop()!) as T) : reject(new Error(`sync bench ${args[0]} failed (exit ${code})`))));
  });
}

/** The same rows as the import wrote, through raw better-sqlite3: one transaction, prepared statements, no indexes. */
function rawInsertSeconds(receiverPath: string, rawPath: string): number {
  const raw = new BetterSqlite3(rawPath);
  const src = new BetterSqlite3(receiverPath, { readonly: true });
  const tables = ['applicants', 'workshops', 'cases', 'case_flow'] as const;
  let seconds = 0;
  try {
    for (const table of tables) {
      const ddl = (src.prepare("select sql from sqlite_master where type = 'table' and name = ?").get(table) as { sql: string }).sql.replace(/references\s+"?\w+"?\s*\(\s*"?\w+"?\s*\)/gi, '');
      raw.exec(ddl);
    }
    raw.exec('begin');
    for (const tb of tables) {
      // Read a chunk (not timed), insert it (timed): the baseline's memory stays small too.
      const read = src.prepare(`select rowid as _r, * from ${tb} where rowid > ? order by rowid limit 20000`);
      let stmt: BetterSqlite3.Statement | null = null;
      for (let after = 0; ; ) {
        const rows = read.all(after) as Array<Record<string, unknown>>;
        if (!rows.length) break;
        after = rows[rows.length - 1]!._r as number;
        for (const r of rows) delete r._r;
        const t = performance.now();
        const cols = Object.keys(rows[0]!);
        stmt ??= raw.prepare(`insert into ${tb} (${cols.join(',')}) values (${cols.map((c) => `@${c}`).join(',')})`);
        for (const r of rows) stmt.run(r);
        seconds += (performance.now() - t) / 1000;
      }
    }
    const t = performance.now();
    raw.exec('commit');
    seconds += (performance.now() - t) / 1000;
  } finally {
    src.close();
    raw.close();
  }
  return seconds;
}

export async function measureSyncThroughput(n: number, options: { keep?: boolean } = {}): Promise<SyncThroughput> {
  const dir = mkdtempSync(join(tmpdir(), 'kara-sync-bench-'));
  let importPeak = 0;
  const sampler = setInterval(() => { importPeak = Math.max(importPeak, process.memoryUsage().rss); }, 20);
  try {
    const { receiverPath } = await inChild<{ receiverPath: string }>(['--seed', dir, String(n)]);
    const { bundle, exportSeconds, exportPeakRssMb } = await inChild<{ bundle: string; exportSeconds: number; exportPeakRssMb: number }>(['--export', dir]);
    importPeak = process.memoryUsage().rss;
    const receiver = await openDatabase({ path: receiverPath });
    // Import in the worker; the main loop ticks every 5 ms and records its longest gap.
    const identity = await loadIdentity(receiver.db);
    await receiver.close();
    let last = performance.now();
    let stall = 0;
    const ticker = setInterval(() => { const at = performance.now(); stall = Math.max(stall, at - last - 5); last = at; }, 5);
    const t = performance.now();
    const job = startSyncJob({ kind: 'import', dbPath: receiverPath, file: bundle, now: NOW, staffId: null, identity });
    const done = await whenFinished(job.id);
    const importSeconds = (performance.now() - t) / 1000;
    clearInterval(ticker);
    clearInterval(sampler);
    if (done.state !== 'done') throw new Error(`import failed: ${done.message}`);

    const rawSeconds = rawInsertSeconds(receiverPath, join(dir, 'raw.sqlite'));
    const cases = n;
    return {
      cases,
      bundleBytes: statSync(bundle).size,
      exportSeconds,
      exportCasesPerSecond: Math.round(cases / exportSeconds),
      importSeconds,
      importCasesPerSecond: Math.round(cases / importSeconds),
      rawInsertSeconds: rawSeconds,
      importToRawRatio: Math.round((importSeconds / rawSeconds) * 10) / 10,
      peakRssMb: Math.max(exportPeakRssMb, Math.round(importPeak / 1024 / 1024)),
      exportPeakRssMb,
      importPeakRssMb: Math.round(importPeak / 1024 / 1024),
      longestMainLoopStallMs: Math.round(stall),
      refusedCases: done.summary?.refusedCases ?? -1,
    };
  } finally {
    clearInterval(sampler);
    if (!options.keep) rmSync(dir, { recursive: true, force: true });
  }
}

const isEntry = process.argv[1] && /sync[\\/]bench\.[cm]?[jt]s$/.test(process.argv[1]);
if (isEntry && process.argv[2] === '--seed') {
  seedSyncPair(process.argv[3]!, Number(process.argv[4])).then((r) => console.log(JSON.stringify(r)));
} else if (isEntry && process.argv[2] === '--export') {
  exportPair(process.argv[3]!).then((r) => console.log(JSON.stringify(r)));
} else if (isEntry) {
  const n = Number(process.argv[2] ?? 1000);
  measureSyncThroughput(n).then((r) => console.log(JSON.stringify(r, null, 2)));
}
