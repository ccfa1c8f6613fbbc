import { spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import BetterSqlite3 from 'better-sqlite3';
import { builtCli } from '../../support/test-build';
import { afterAll, describe, expect, it } from 'vitest';

const ROOT = fileURLToPath(new URL('../../..', import.meta.url));
const dir = mkdtempSync(join(tmpdir(), 'kara-cli-'));
const db = join(dir, 'office.sqlite');

function cli(args: string[], stdin = '') {
  const r = spawnSync(process.execPath, [builtCli(), ...args], { cwd: ROOT, input: stdin, encoding: 'utf8' });
  return { status: r.status, stdout: r.stdout, stderr: r.stderr };
}

afterAll(() => rmSync(dir, { recursive: true, force: true }));

describe('the command line', () => {
  it('migrates a new database and prints its counts as JSON', () => {
    expect(cli(['db', 'migrate', '--db', db]).status).toBe(0);
    const stats = cli(['db', 'stats', '--json', '--db', db]);
    expect(stats.status).toBe(0);
    expect(JSON.parse(stats.stdout)).toEqual({ applicants: 0, workshops: 0, cases: 0, tickets: 0, attachments: 0, auditEvents: 0, schemaVersion: expect.any(Number) });
  });

  it('seeds reference data and a deterministic demo office', () => {
    expect(cli(['seed', 'reference', '--db', db]).status).toBe(0);
    const first = cli(['seed', 'demo', '--cases', '40', '--seed', '3', '--db', db]);
    expect(first.status).toBe(0);
    const other = join(dir, 'again.sqlite');
    cli(['seed', 'reference', '--db', other]);
    const second = cli(['seed', 'demo', '--cases', '40', '--seed', '3', '--db', other]);
    const tally = (out: string) => out.slice(out.indexOf('{'));
    expect(tally(second.stdout)).toBe(tally(first.stdout));
    const stats = JSON.parse(cli(['db', 'stats', '--json', '--db', db]).stdout);
    expect(stats).toMatchObject({ applicants: 40, workshops: 40, cases: 40 });
    expect(stats.auditEvents).toBeGreaterThan(40);
    // The registry knows every applicant, and the walk-ins it prints, who have not applied.
    const sqlite = new BetterSqlite3(db, { readonly: true });
    try {
      const unknown = sqlite.prepare('select count(*) as n from applicants a left join registry_records r on r.national_code = a.national_code where r.first_name is not a.first_name').get() as { n: number };
      expect(unknown.n).toBe(0);
      const walkIns = /not yet applied[^:]*: ([0-9 ]+)/.exec(first.stdout)![1]!.trim().split(' ');
      expect(walkIns).toHaveLength(20);
      for (const code of walkIns) {
        expect(sqlite.prepare('select 1 from registry_records where national_code = ?').get(code), code).toBeTruthy();
        expect(sqlite.prepare('select 1 from applicants where national_code = ?').get(code), code).toBeUndefined();
      }
    } finally {
      sqlite.close();
    }
  });

  it('adds staff with the password from standard input, never from the command line', () => {
    const office = new BetterSqlite3(db).prepare("select id from offices where kind = 'intake'").get() as { id: string };
    const ok = cli(['staff', 'add', '--username', 'clerk9', '--role', 'intake', '--office', office.id, '--password-stdin', '--db', db], 'Clerk-password-9\n');
    expect(ok.status).toBe(0);
    const missing = cli(['staff', 'add', '--username', 'clerk8', '--role', 'intake', '--office', office.id, '--db', db]);
    expect(missing.status).toBe(2);
    expect(missing.stderr).toMatch(/--password-stdin/);
  });

  it('exits 2 with a clear message on bad input', () => {
    const weak = cli(['staff', 'add', '--username', 'clerk7', '--role', 'intake', '--office', 'NOPE', '--password-stdin', '--db', db], 'short\n');
    expect(weak.status).toBe(2);
    expect(weak.stderr).toMatch(/password|office/i);
    expect(cli(['seed', 'demo', '--cases', 'many', '--db', db]).status).toBe(2);
    expect(cli(['no-such-command', '--db', db]).status).toBe(2);
    expect(cli(['db', 'stats', '--bogus', '--db', db]).status).toBe(2);
  });

  it('checks integrity and the audit chain, and names the first broken entry', () => {
    expect(cli(['db', 'check', '--db', db]).status).toBe(0);
    const raw = new BetterSqlite3(db);
    raw.prepare("update audit_events set payload = '{\"edited\":true}' where id = 5").run();
    raw.close();
    const broken = cli(['db', 'check', '--db', db]);
    expect(broken.status).toBe(1);
    expect(broken.stderr).toMatch(/entry 5 /);
  });
});
