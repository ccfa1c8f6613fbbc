// The bench's database: N cases from the bulk demo generator (`seed demo --bulk`), seeded once
// into .bench/ and reused; plus a fresh small seed each run, so seed speed is always measured.
import { existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, renameSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { openApp } from '../../src-main/app';
import { seedReference } from '../../src-main/services/reference/seed-reference';
import { BULK_GENERATOR_VERSION, bulkSeedDemo } from '../../src-main/services/demo/bulk-seed';

export interface SeedRun { cases: number; seconds: number; bytes: number }

async function seedInto(file: string, cases: number, log: (line: string) => void): Promise<SeedRun> {
  const app = await openApp({ dbPath: file });
  await app.database.db.transaction().execute((trx) => seedReference(trx, new Date().toISOString()));
  const result = await bulkSeedDemo(app.database, { cases, seed: 2020, onProgress: (n) => { if (n % 100_000 === 0) log(`  ${n} cases…`); } });
  app.database.sqlite.pragma('wal_checkpoint(TRUNCATE)');
  app.database.sqlite.exec('analyze');
  await app.close();
  return { cases, seconds: result.seconds, bytes: statSync(file).size };
}

/** The cached N-case database and, when this run made it, how long that took. */
export async function cachedDatabase(root: string, cases: number, log: (line: string) => void): Promise<{ file: string; seeded: SeedRun | null }> {
  const dir = join(root, '.bench');
  mkdirSync(dir, { recursive: true });
  const name = `bench-${cases}-g${BULK_GENERATOR_VERSION}.sqlite`;
  const file = join(dir, name);
  const sidecar = `${file}.seed.json`;
  // A database an older generator made (several GB) is not measured again: it goes.
  for (const old of readdirSync(dir)) if (old.startsWith(`bench-${cases}.`) || (old.startsWith(`bench-${cases}-g`) && !old.startsWith(name))) rmSync(join(dir, old), { recursive: true, force: true });
  if (existsSync(file)) return { file, seeded: existsSync(sidecar) ? (JSON.parse(readFileSync(sidecar, 'utf8')) as SeedRun) : null };
  const partial = `${file}.partial`;
  for (const f of [partial, `${partial}-wal`, `${partial}-shm`]) rmSync(f, { force: true });
  log(`seeding ${cases} cases into ${file} (once; cached afterwards)…`);
  const seeded = await seedInto(partial, cases, log);
  renameSync(partial, file);
  for (const f of [`${partial}-wal`, `${partial}-shm`]) rmSync(f, { force: true });
  writeFileSync(sidecar, JSON.stringify(seeded));
  return { file, seeded };
}

/** A fresh seed of `cases` into a temporary file, timed (the cached database may be old). */
export async function measureSeed(cases: number): Promise<SeedRun> {
  const dir = mkdtempSync(join(tmpdir(), 'kara-bench-seed-'));
  try {
    return await seedInto(join(dir, 'seed.sqlite'), cases, () => undefined);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}
