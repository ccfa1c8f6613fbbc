// A child process importing a bundle is killed (SIGKILL) at random points; each time the
// database passes `db check` and holds all of the bundle or none of it.
import { spawn } from 'node:child_process';
import { copyFileSync, existsSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import fc from 'fast-check';
import BetterSqlite3 from 'better-sqlite3';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { prepareSyncPair } from '../../../src-main/sync/bench';
import { openDatabase } from '../../../src-main/db/connection';
import { checkIntegrity } from '../../../src-main/db/sqlite-specific';
import { verifyAuditChain } from '../../../src-main/services/audit/chain';
import { builtChild } from '../../support/test-build';

const ROOT = join(dirname(fileURLToPath(import.meta.url)), '..', '..', '..');
/** Cases in the bundle (KARA_CRASH_CASES to run it at the 50,000): enough for the import to take a while. */
const CASES = Number(process.env.KARA_CRASH_CASES ?? 1000);
const KILLS = 20;

let dir: string;
let bundle: string;
let pristine: string;
let fullCases = 0;

function copyDb(to: string): void {
  copyFileSync(pristine, to);
  for (const ext of ['-wal', '-shm']) if (existsSync(pristine + ext)) copyFileSync(pristine + ext, to + ext);
}

/** Runs the child; kills it `afterReadyMs` after it opened the database (never, if null). */
function runChild(dbPath: string, afterReadyMs: number | null): Promise<{ killed: boolean; out: string }> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [builtChild('sync-import-child'), dbPath, bundle], { cwd: ROOT, stdio: ['ignore', 'pipe', 'pipe'] });
    let out = '';
    let err = '';
    let killed = false;
    child.stdout.on('data', (c: Buffer) => {
      out += c.toString();
      if (afterReadyMs !== null && out.includes('ready') && !killed) {
        killed = true;
        setTimeout(() => child.kill('SIGKILL'), afterReadyMs);
      }
    });
    child.stderr.on('data', (c: Buffer) => void (err += c.toString()));
    child.on('error', reject);
    child.on('exit', (code, signal) => {
      if (signal !== 'SIGKILL' && code !== 0) reject(new Error(`child failed (${code}): ${err}`));
      else resolve({ killed: signal === 'SIGKILL', out });
    });
  });
}

async function state(dbPath: string) {
  const database = await openDatabase({ path: dbPath, migrate: false });
  try {
    const problems = [...checkIntegrity(database.sqlite).problems];
    const chain = await verifyAuditChain(database.db);
    if (!chain.ok) problems.push(`audit chain broken at ${chain.firstBroken?.id}`);
    const count = (t: string) => (database.sqlite.prepare(`select count(*) as n from ${t}`).get() as { n: number }).n;
    // The child drops the screens' indexes and builds them again inside its transaction: a kill must never leave them missing.
    const indexes = (database.sqlite.prepare("select name from sqlite_master where type = 'index' order by name").all() as Array<{ name: string }>).map((x) => x.name).join(',');
    return { problems, cases: count('cases'), flow: count('case_flow'), received: count('sync_received'), applicants: count('applicants'), indexes };
  } finally {
    await database.close();
  }
}

beforeAll(async () => {
  dir = mkdtempSync(join(tmpdir(), 'kara-crash-'));
  ({ bundle, receiverPath: pristine } = await prepareSyncPair(dir, CASES));
  new BetterSqlite3(pristine).pragma('wal_checkpoint(TRUNCATE)');
}, 600_000);

afterAll(() => {
  if (dir) rmSync(dir, { recursive: true, force: true });
});

describe('import killed at random points', () => {
  it(`holds all or none of a ${CASES}-case bundle after each of ${KILLS} kills`, async () => {
    const empty = await state(pristine);
    const fullPath = join(dir, 'full.sqlite');
    copyDb(fullPath);
    const full = await runChild(fullPath, null);
    expect(full.out).toMatch(/done \d+ in \d+ ms/);
    // Kills are drawn over the import itself (the child reports how long it took after "ready").
    const duration = Number(/in (\d+) ms/.exec(full.out)![1]);
    const all = await state(fullPath);
    fullCases = all.cases;
    expect(all.problems).toEqual([]);
    expect(all.received).toBe(1);
    expect(all.indexes).toBe(empty.indexes);
    expect(fullCases).toBeGreaterThan(empty.cases);

    let killedMidway = 0;
    await fc.assert(
      fc.asyncProperty(fc.integer({ min: 0, max: Math.max(1, Math.round(duration)) }), async (delay) => {
        const path = join(dir, `kill-${delay}-${Math.random().toString(36).slice(2)}.sqlite`);
        copyDb(path);
        const r = await runChild(path, delay);
        const s = await state(path);
        expect(s.problems).toEqual([]);
        expect(s.indexes).toBe(empty.indexes);
        const none = { cases: empty.cases, flow: empty.flow, received: 0, applicants: empty.applicants };
        const every = { cases: all.cases, flow: all.flow, received: 1, applicants: all.applicants };
        const got = { cases: s.cases, flow: s.flow, received: s.received, applicants: s.applicants };
        expect([none, every]).toContainEqual(got);
        if (r.killed && got.received === 0) killedMidway += 1;
        rmSync(path, { force: true });
      }),
      { numRuns: KILLS },
    );
    // The kills did land during imports (not only after they finished).
    expect(killedMidway).toBeGreaterThan(0);
  }, 900_000);
});
