// Online backups and restore, through the API a supervisor's screen uses and through the CLI;
// a file that fails its checks is refused and the live database is left as it was.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import BetterSqlite3 from 'better-sqlite3';
import { copyFileSync, existsSync, readdirSync, writeFileSync, openSync, writeSync, closeSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { runCli } from '../../../src-main/hosts/cli';
import { openApp } from '../../../src-main/app';
import { backupDirOf, createBackup, listBackups, checkBackupFile } from '../../../src-main/services/trust/backups';
import { MIGRATIONS } from '../../../src-main/db/migrations';
import { verifyAuditChain } from '../../../src-main/services/audit/chain';
import { createHarness, TEST_PASSWORD, type Harness, type Caller } from '../../support/harness';

function cli(args: string[]) {
  const out: string[] = [];
  const err: string[] = [];
  return runCli(args, { out: (l) => void out.push(l), err: (l) => void err.push(l), readStdin: async () => '' }).then((status) => ({ status, out: out.join('\n'), err: err.join('\n') }));
}

let h: Harness;
let supervisor: Caller;
const staffCount = async () => (await h.app.database.db.selectFrom('staff').select('id').execute()).length;

beforeAll(async () => {
  h = await createHarness();
  supervisor = await h.signIn('supervisor');
}, 180_000);
afterAll(async () => h.close());

describe('backups through the API', () => {
  it('makes an online backup that passes its own checks and holds its own audit entry', async () => {
    const info = await supervisor.call('backup.create', {});
    expect(info.name).toMatch(/^kara-\d{8}T\d{9}Z-manual\.sqlite$/);
    expect(info.bytes).toBeGreaterThan(0);
    const list = await supervisor.call('backup.list', {});
    expect(list.map((b) => b.name)).toContain(info.name);
    const check = await checkBackupFile(join(backupDirOf(h.app.database.path), info.name));
    expect(check.ok).toBe(true);
    const last = new BetterSqlite3(join(backupDirOf(h.app.database.path), info.name), { readonly: true });
    expect((last.prepare('select action from audit_events order by id desc limit 1').get() as { action: string }).action).toBe('backup.create');
    last.close();
  });

  it('restores a backup: later changes are gone, everyone signs in again, the chain goes on', async () => {
    const [backup] = await supervisor.call('backup.list', {});
    const before = await staffCount();
    await supervisor.call('staff.create', { username: 'later', displayName: 'Later Hire', role: 'intake', officeId: 'INT-1', temporaryPassword: TEST_PASSWORD });
    expect(await staffCount()).toBe(before + 1);
    const r = await supervisor.call('backup.restore', { name: backup!.name });
    expect(r.restored).toBe(backup!.name);
    expect(r.safetyCopy).toMatch(/-restore\.sqlite$/);
    expect(await staffCount()).toBe(before);
    // The restoring session is gone (restored sessions are ended too).
    const after = await supervisor.try('backup.list', {});
    expect(after.ok ? 'ok' : after.error.code).toBe('unauthenticated');
    const chain = await verifyAuditChain(h.app.database.db);
    expect(chain.ok).toBe(true);
    const last = await h.app.database.db.selectFrom('audit_events').selectAll().orderBy('id', 'desc').limit(1).executeTakeFirstOrThrow();
    expect(last.action).toBe('backup.restore');
    // The safety copy still has the hire that the restore set aside.
    const safety = new BetterSqlite3(join(backupDirOf(h.app.database.path), r.safetyCopy), { readonly: true });
    expect(safety.prepare("select count(*) as n from staff where username = 'later'").get()).toEqual({ n: 1 });
    safety.close();
    supervisor = await h.signIn('supervisor');
  });

  it('refuses a backup that fails its integrity check, and changes nothing', async () => {
    const dir = backupDirOf(h.app.database.path);
    const good = listBackups(dir).find((b) => b.reason === 'manual' && !b.name.startsWith('kara-2019'))!;
    const bad = join(dir, 'kara-20190801T063000000Z-manual.sqlite');
    copyFileSync(good.file, bad);
    // Overwrite a page in the middle of the file with noise.
    const fd = openSync(bad, 'r+');
    writeSync(fd, Buffer.alloc(4096, 0x5a), 0, 4096, Math.floor(statSync(bad).size / 4096 / 2) * 4096);
    closeSync(fd);
    const before = await staffCount();
    const r = await supervisor.try('backup.restore', { name: 'kara-20190801T063000000Z-manual.sqlite' });
    expect(r.ok ? 'ok' : r.error.code).toBe('refused');
    expect(await staffCount()).toBe(before);
    const refused = await h.app.database.db.selectFrom('audit_events').selectAll().orderBy('id', 'desc').limit(1).executeTakeFirstOrThrow();
    expect(refused).toMatchObject({ action: 'backup.restore', outcome: 'refused' });
  });

  it('refuses a file with a tampered audit chain', async () => {
    const dir = backupDirOf(h.app.database.path);
    const good = listBackups(dir).find((b) => b.reason === 'manual' && !b.name.startsWith('kara-2019'))!;
    const bad = join(dir, 'kara-20190801T063001000Z-manual.sqlite');
    copyFileSync(good.file, bad);
    const raw = new BetterSqlite3(bad);
    raw.prepare("update audit_events set entity_id = 'x' where id = 1").run();
    raw.close();
    const check = await checkBackupFile(bad);
    expect(check.ok).toBe(false);
    expect(check.problems.join()).toMatch(/entry 1 is broken/);
    const r = await supervisor.try('backup.restore', { name: 'kara-20190801T063001000Z-manual.sqlite' });
    expect(r.ok ? 'ok' : r.error.code).toBe('refused');
  });

  it('only restores a named file from the backups folder, never a path', async () => {
    const r = await supervisor.try('backup.restore', { name: '../../etc/passwd' });
    expect(r.ok ? 'ok' : r.error.code).toBe('validation');
  });

  it('keeps the newest backups of each reason', async () => {
    const dir = join(h.dir, 'rotation');
    for (let i = 0; i < 5; i += 1) {
      h.clock.advance(1000);
      await createBackup(h.app.database, { reason: 'scheduled', clock: h.clock, dir, keep: 3 });
    }
    expect(listBackups(dir).length).toBe(3);
    expect(readdirSync(dir).filter((n) => n.endsWith('.partial'))).toEqual([]);
  });
});

describe('backups through the CLI', () => {
  it('db backup --out F writes a checked copy; db restore F brings it back', async () => {
    const dbPath = join(h.dir, 'cli.sqlite');
    const app = await openApp({ dbPath, clock: h.clock });
    await app.close();
    const out = join(h.dir, 'cli-backup.sqlite');
    let r = await cli(['db', 'backup', '--db', dbPath, '--out', out]);
    expect(r.status, r.err).toBe(0);
    expect(existsSync(out)).toBe(true);
    // A change after the backup …
    const raw = new BetterSqlite3(dbPath);
    raw.prepare("insert into settings (key, value) values ('after', '1')").run();
    raw.close();
    r = await cli(['db', 'restore', out, '--db', dbPath]);
    expect(r.status, r.err).toBe(0);
    const back = new BetterSqlite3(dbPath, { readonly: true });
    expect(back.prepare("select count(*) as n from settings where key = 'after'").get()).toEqual({ n: 0 });
    back.close();
    r = await cli(['db', 'check', '--db', dbPath]);
    expect(r.status, r.err).toBe(0);
  });

  it('db restore refuses a file that is not a sound database', async () => {
    const dbPath = join(h.dir, 'cli.sqlite');
    const junk = join(h.dir, 'junk.sqlite');
    writeFileSync(junk, 'SQLite format 3\0' + 'x'.repeat(5000));
    const r = await cli(['db', 'restore', junk, '--db', dbPath]);
    expect(r.status).toBe(1);
    expect(r.err).toMatch(/refused/);
    expect((await cli(['db', 'check', '--db', dbPath])).status).toBe(0);
  });
});

describe('backup before a migration', () => {
  it('backs up a database that has data before applying a pending migration', async () => {
    const dbPath = join(h.dir, 'upgrade.sqlite');
    (await openApp({ dbPath, clock: h.clock })).close();
    // Pretend the newest migration is not applied yet.
    const names = Object.keys(MIGRATIONS);
    const raw = new BetterSqlite3(dbPath);
    raw.prepare('delete from kysely_migration where name = ?').run(names[names.length - 1]);
    raw.close();
    const app = await openApp({ dbPath, clock: h.clock }).catch((e: unknown) => e);
    // Re-running the last migration may fail on existing tables; the backup is taken first either way.
    if (!(app instanceof Error)) await (app as Awaited<ReturnType<typeof openApp>>).close();
    expect(listBackups(backupDirOf(dbPath)).map((b) => b.reason)).toContain('migration');
  });
});
