// Crash safety: a child process writes every kind of command in a loop and is SIGKILLed at a
// random moment, many times over the same database. After each kill `db check` passes
// (integrity, foreign keys, audit chain) and every command is all or nothing: a case exists
// exactly with its flow and audit entries, a committed command is never lost, and no backup
// file is half written.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { spawn } from 'node:child_process';
import { existsSync, readdirSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import BetterSqlite3 from 'better-sqlite3';
import { runCli } from '../../../src-main/hosts/cli';
import { checkBackupFile } from '../../../src-main/services/trust/backups';
import { createHarness, type Harness } from '../../support/harness';
import { builtChild } from '../../support/test-build';

const here = dirname(fileURLToPath(import.meta.url));
const ROOT = join(here, '..', '..', '..');
const ROUNDS = 5;

let h: Harness;
let dbPath: string;
const committed = new Map<string, Set<string>>([['draft', new Set()], ['submit', new Set()], ['decide', new Set()], ['backup', new Set()]]);

beforeAll(async () => {
  h = await createHarness();
  dbPath = join(h.dir, 'kara.sqlite');
  await h.app.close();
}, 180_000);
afterAll(async () => h.close().catch(() => undefined));

/** Runs the worker until it has finished `commits` commands plus a random part of the next, then kills it. */
function runAndKill(round: number, commits: number, extraMs: number): Promise<string[]> {
  return new Promise((resolve, reject) => {
    // One process (no tsx wrapper), so the kill hits the process that writes.
    const child = spawn(process.execPath, [builtChild('trust-crash-worker'), dbPath, JSON.stringify(h.fixture), String(round)], { cwd: ROOT, stdio: ['ignore', 'pipe', 'pipe'] });
    const lines: string[] = [];
    let buffer = '';
    let err = '';
    let done = 0;
    let killing = false;
    child.stdout.on('data', (chunk: Buffer) => {
      buffer += chunk.toString();
      const parts = buffer.split('\n');
      buffer = parts.pop()!;
      for (const line of parts) {
        lines.push(line);
        if (line.startsWith('done ')) done += 1;
        if (done >= commits && !killing) {
          killing = true;
          setTimeout(() => child.kill('SIGKILL'), extraMs);
        }
      }
    });
    child.stderr.on('data', (c: Buffer) => void (err += c.toString()));
    child.on('exit', (code, signal) => {
      if (signal === 'SIGKILL') resolve(lines);
      else reject(new Error(`worker exited by itself (${code}): ${err}`));
    });
  });
}

async function dbCheck() {
  const out: string[] = [];
  const status = await runCli(['db', 'check', '--db', dbPath, '--json'], { out: (l) => void out.push(l), err: (l) => void out.push(l), readStdin: async () => '' });
  return { status, out: out.join('\n') };
}

describe('killed while writing', () => {
  it.each(Array.from({ length: ROUNDS }, (_, i) => [i + 1]))('round %i: db check passes and each command is all or nothing', async (round) => {
    // A fixed but varied schedule: kill after 1..9 commits, 0..29 ms into the next command.
    const commits = 1 + ((round * 7) % 9);
    const extraMs = (round * 13) % 30;
    const lines = await runAndKill(round, commits, extraMs);
    for (const line of lines) {
      const [word, op, id] = line.split(' ');
      if (word === 'done' && op && id) committed.get(op)!.add(id);
    }

    const check = await dbCheck();
    expect(check.status, check.out).toBe(0);

    const db = new BetterSqlite3(dbPath, { readonly: true });
    try {
      const cases = db.prepare('select id, stage, version from cases').all() as Array<{ id: string; stage: string; version: number }>;
      const flows = db.prepare('select case_id, to_stage from case_flow order by id').all() as Array<{ case_id: string; to_stage: string }>;
      const audits = db.prepare("select entity_id, action from audit_events where entity = 'case'").all() as Array<{ entity_id: string; action: string }>;
      const applicants = db.prepare('select count(*) as n from applicants').get() as { n: number };
      const workshops = db.prepare('select count(*) as n from workshops').get() as { n: number };
      const ids = new Set(cases.map((c) => c.id));
      // Intake save: applicant, workshop, case, flow and audit together or not at all.
      expect(applicants.n).toBe(cases.length);
      expect(workshops.n).toBe(cases.length);
      for (const c of cases) {
        const flow = flows.filter((f) => f.case_id === c.id);
        const audit = audits.filter((a) => a.entity_id === c.id);
        expect(flow.length, `flow of ${c.id}`).toBe(audit.length);
        expect(flow[0]?.to_stage).toBe('draft');
        // Decisions: the stage is the last flow entry's, the version counts the moves.
        expect(flow[flow.length - 1]!.to_stage, `stage of ${c.id}`).toBe(c.stage);
        expect(c.version, `version of ${c.id}`).toBe(flow.length);
      }
      for (const f of flows) expect(ids.has(f.case_id)).toBe(true);
      // Nothing the worker saw committed is lost (synchronous=FULL; the kill is not a power cut, but the WAL must hold).
      for (const id of committed.get('draft')!) expect(ids.has(id), `committed draft ${id}`).toBe(true);
      const stageOf = new Map(cases.map((c) => [c.id, c.stage]));
      for (const id of committed.get('decide')!) expect(stageOf.get(id)).not.toMatch(/^(draft|submitted|agency_review)$/);
    } finally {
      db.close();
    }

    // Backups: every file under a backup name is whole and passes its checks; a torn copy only ever has the .partial name.
    const dir = join(h.dir, 'backups');
    if (existsSync(dir)) {
      for (const name of readdirSync(dir).filter((n) => n.endsWith('.sqlite'))) {
        const result = await checkBackupFile(join(dir, name));
        expect(result.ok, `${name}: ${result.problems.join('; ')}`).toBe(true);
      }
    }
  }, 180_000);

  it('covered every kind of write over the rounds', () => {
    expect(committed.get('draft')!.size).toBeGreaterThan(0);
    expect(committed.get('decide')!.size).toBeGreaterThan(0);
    expect(committed.get('backup')!.size).toBeGreaterThan(0);
  });
});
