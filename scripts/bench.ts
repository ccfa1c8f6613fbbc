// npm run bench [-- --cases N] [--sync-cases N] [--json] [--skip-browser] [--skip-sync] [--runs N] [--plans FILE]
// One command for every hot path (issue 10): reuses (or seeds once) a cached N-case database
// (default 1,000,000) in .bench/, then measures seed speed, the queue's queries through the
// real router, submits and decisions per second, sync export/import of 100,000 cases, host
// start to first page, the queue's first rows in Chromium and the main process's memory.
// Prints each figure beside its target; --json prints only [{ name, value, unit, target, ok }].
import { statSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import { openApp } from '../src-main/app';
import { upsertOffice } from '../src-main/db/queries/offices';
import { Figures } from './bench/figures';
import { cachedDatabase, measureSeed } from './bench/database';
import { BENCH_PASSWORD, ensureStaff, signIn } from './bench/callers';
import { measureQueue } from './bench/queue';
import { measureCommands } from './bench/commands';
import { measureSync } from './bench/sync';
import { measureStartup } from './bench/startup';
import { PlanCollector } from './bench/plans';
import { evictFromOsCache } from './bench/os-cache';

const ROOT = join(dirname(fileURLToPath(import.meta.url)), '..');
const { values } = parseArgs({
  options: {
    cases: { type: 'string' }, 'sync-cases': { type: 'string' }, json: { type: 'boolean' }, runs: { type: 'string' },
    'skip-browser': { type: 'boolean' }, 'skip-sync': { type: 'boolean' }, plans: { type: 'string' },
  },
});
const N = Number(values.cases ?? 1_000_000);
const SYNC_N = Number(values['sync-cases'] ?? 100_000);
const RUNS = Number(values.runs ?? 200);
const SEED_SAMPLE = 50_000;
/** A province's million cases seeded in under ten minutes. */
const SEED_TARGET = 1_667;
// --json keeps stdout for the JSON alone; the progress goes to stderr.
const log = (line: string) => (values.json ? process.stderr : process.stdout).write(line + '\n');

async function main(): Promise<void> {
  const started = Date.now();
  const figures = new Figures();
  const { file, seeded } = await cachedDatabase(ROOT, N, log);

  log(`seed speed: a fresh ${SEED_SAMPLE}-case seed…`);
  const sample = await measureSeed(SEED_SAMPLE);
  figures.atLeast(`seed demo --bulk [fresh ${SEED_SAMPLE} cases]`, sample.cases / sample.seconds, 'cases/s', SEED_TARGET);
  if (seeded) figures.atLeast(`seed demo --bulk [the cached ${seeded.cases} cases, when made]`, seeded.cases / seeded.seconds, 'cases/s', SEED_TARGET);
  figures.atMost('database size per 100,000 cases', (statSync(file).size / N) * 100_000 / 1024 / 1024, 'MB', 400);

  // As the hosts do after a reboot: the file starts out of the OS cache and the app reads it in
  // the background; the figures below are those of the day that follows.
  if (!evictFromOsCache(file)) log('(could not drop the database from the OS cache: the figures start from whatever it holds)');
  const plans = new PlanCollector(figures);
  const app = await openApp({ dbPath: file, onQuery: plans.onQuery, prewarm: true });
  const prewarm = await app.prewarmed!;
  log(`database read into the OS cache: ${(prewarm.bytesRead / 1024 ** 3).toFixed(2)} GB in ${prewarm.seconds.toFixed(1)} s`);
  // A pass cut short is a miss: the figures below then measure a cold cache, not the app's day.
  const cutShort = prewarm.cutShort ? `, cut short: ${prewarm.cutShort}${prewarm.error ? ` (${prewarm.error})` : ''}` : '';
  figures.atMost(`database file read into the OS cache after opening (background) [${(prewarm.bytesRead / 1024 ** 3).toFixed(1)} GB${cutShort}]`, prewarm.seconds, 's', 60, cutShort !== '');
  const sqlite = app.database.sqlite;
  const biggest = (prefix: string) =>
    (sqlite.prepare(`select substr(scope, 4) as code, sum(n) as n from queue_counts where scope like ? group by scope order by n desc limit 1`).get(`${prefix}:%`) as { code: string; n: number });
  const agency = biggest('ag');
  const branch = biggest('br');
  const intakeOffice = (sqlite.prepare(`select created_office_id as id from cases limit 1`).get() as { id: string }).id;
  log(`database: ${file} — ${N} cases; the reviewer's agency ${agency.code} holds ${agency.n}, the officer's branch ${branch.code} holds ${branch.n}`);
  await upsertOffice(app.database.db, { id: 'BENCH-CENTRAL', kind: 'central', nameFa: 'مرکز (سنجش)', nameEn: 'Central (bench)', now: new Date().toISOString() });
  await ensureStaff(app, 'bench-reviewer', 'agency_reviewer', `AG-${agency.code}`);
  await ensureStaff(app, 'bench-officer', 'branch_officer', `BR-${branch.code}`);
  await ensureStaff(app, 'bench-central', 'supervisor', 'BENCH-CENTRAL');
  await ensureStaff(app, 'bench-clerk', 'intake', intakeOffice);
  const callers = { agency: await signIn(app, 'bench-reviewer'), branch: await signIn(app, 'bench-officer'), central: await signIn(app, 'bench-central') };

  log('queue queries…');
  await measureQueue(figures, { sqlite, callers, agencyCode: agency.code, runs: RUNS });
  plans.report(sqlite, values.plans);
  log('submits and decisions…');
  await measureCommands(figures, { sqlite, clerk: await signIn(app, 'bench-clerk'), reviewer: callers.agency, agencyCode: agency.code, count: 300, log });
  await app.close();

  log('start-up, first rows in Chromium, memory…');
  await measureStartup(figures, { root: ROOT, dbPath: file, username: 'bench-reviewer', password: BENCH_PASSWORD, skipBrowser: !!values['skip-browser'], log });
  if (!values['skip-sync']) await measureSync(figures, SYNC_N, log);

  if (values.json) process.stdout.write(JSON.stringify(figures.rows) + '\n');
  else figures.print(log, `Kara Desk bench — ${N.toLocaleString('en-US')} cases, ${RUNS} runs per latency, ${((Date.now() - started) / 1000).toFixed(0)} s`);
}

main().catch((error) => {
  console.error(error);
  process.exitCode = 1;
});
