// The audit chain: every write and login leaves an entry in the same transaction, and
// `db check` (the real CLI) names the first entry that was edited, deleted or moved.
// Durability: the pragmas are read back from the connections the app really opens.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import BetterSqlite3 from 'better-sqlite3';
import { join } from 'node:path';
import { runCli } from '../../../src-main/hosts/cli';
import { readPragmas } from '../../../src-main/db/sqlite-specific';
import { openDatabase } from '../../../src-main/db/connection';
import { verifyAuditChain } from '../../../src-main/services/audit/chain';
import { createHarness, type Harness } from '../../support/harness';
import { createRouter } from '../../../src-main/api/router';
import { handlers } from '../../../src-main/api/handlers';
import type { HandlerRegistry } from '../../../src-main/api/types';
import { startSession } from '../../../src-main/services/auth/sessions';

function cli(args: string[]) {
  const out: string[] = [];
  const err: string[] = [];
  return runCli(args, { out: (l) => void out.push(l), err: (l) => void err.push(l), readStdin: async () => '' }).then((status) => ({ status, out: out.join('\n'), err: err.join('\n') }));
}

let h: Harness;
let dbPath: string;

beforeAll(async () => {
  h = await createHarness();
  dbPath = join(h.dir, 'kara.sqlite');
  // Logins (good and bad), a change, an export: each leaves an entry.
  const supervisor = await h.signIn('supervisor');
  await h.anonymous().try('auth.login', { username: 'supervisor', password: 'wrong-password-1' });
  await h.anonymous().try('auth.login', { username: 'nobody', password: 'wrong-password-1' });
  await supervisor.call('staff.setDisabled', { staffId: 2, disabled: true });
  await supervisor.call('audit.export', { format: 'csv' });
  await supervisor.call('auth.logout', {});
}, 180_000);
afterAll(async () => h.close());

describe('the audit log', () => {
  it('records logins (success and failure), changes and exports, with ids only', async () => {
    const rows = await h.app.database.db.selectFrom('audit_events').selectAll().orderBy('id').execute();
    const seen = rows.map((r) => `${r.action}:${r.outcome}`);
    expect(seen).toEqual(expect.arrayContaining(['auth.login:ok', 'auth.login:refused', 'staff.disable:ok', 'audit.export:ok', 'auth.logout:ok']));
    for (const r of rows) {
      expect(r.payload).not.toMatch(/wrong-password-1|Test-password-2020|\b\d{10}\b|09\d{9}/);
    }
  });

  it("gives a mutating command that wrote no entry of its own the router's entry, in the same transaction", async () => {
    // The real router, with one handler that changes a row and forgets its audit entry.
    const forgetful = { ...handlers, 'staff.setDisabled': async (input: { staffId: number; disabled: boolean }, ctx: { db: typeof h.app.database.db }) => {
      await ctx.db.updateTable('staff').set({ disabled: input.disabled ? 1 : 0 }).where('id', '=', input.staffId).execute();
      return {};
    } } as unknown as HandlerRegistry;
    const router = createRouter({ db: h.app.database.db, handlers: forgetful, clock: h.clock });
    let token: string | undefined;
    const session = { token: () => token, set: (t: string) => void (token = t), clear: () => void (token = undefined) };
    const staff = await h.app.database.db.selectFrom('staff').select('id').where('username', '=', 'supervisor').executeTakeFirstOrThrow();
    token = await startSession(h.app.database.db, staff.id, h.clock);
    const before = await verifyAuditChain(h.app.database.db);
    const r = await router.call('staff.setDisabled', { staffId: 2, disabled: false }, { locale: 'en', session, host: 'ipc' });
    expect(r.ok).toBe(true);
    const after = await h.app.database.db.selectFrom('audit_events').selectAll().orderBy('id', 'desc').limit(1).executeTakeFirstOrThrow();
    expect(after.id).toBe(before.checked + 1);
    expect(after).toMatchObject({ action: 'staff.setDisabled', entity: 'command', staff_id: staff.id, payload: '{"host":"ipc"}' });
    expect((await verifyAuditChain(h.app.database.db)).ok).toBe(true);
  });

  it('leaves no entry when a command is refused and rolled back', async () => {
    const auditor = await h.signIn('auditor');
    const before = await verifyAuditChain(h.app.database.db);
    const r = await auditor.try('staff.setDisabled', { staffId: 2, disabled: true });
    expect(r.ok).toBe(false);
    const after = await verifyAuditChain(h.app.database.db);
    expect(after.checked).toBe(before.checked);
  });

  it('passes db check while untouched', async () => {
    await h.app.close();
    const r = await cli(['db', 'check', '--db', dbPath, '--json']);
    expect(r.status, r.err).toBe(0);
    expect(JSON.parse(r.out).ok).toBe(true);
  });

  it('fails db check naming the entry edited with plain SQL', async () => {
    const raw = new BetterSqlite3(dbPath);
    raw.prepare("update audit_events set outcome = 'ok' where id = 3").run();
    raw.close();
    const r = await cli(['db', 'check', '--db', dbPath]);
    expect(r.status).toBe(1);
    expect(r.err).toMatch(/audit chain: entry 3 is broken \(hash\)/);
  });

  it('names the entry after a deleted one as a gap', async () => {
    const raw = new BetterSqlite3(dbPath);
    raw.prepare("update audit_events set outcome = 'refused' where id = 3").run(); // undo the edit
    raw.prepare('delete from audit_events where id = 5').run();
    raw.close();
    let r = await cli(['db', 'check', '--db', dbPath]);
    expect(r.status).toBe(1);
    expect(r.err).toMatch(/entry 6 is broken \(gap\)/);
  });
});

describe('durability pragmas', () => {
  it('opens every connection with WAL, synchronous=FULL, foreign keys and a busy timeout', async () => {
    const database = await openDatabase({ path: join(h.dir, 'pragmas.sqlite') });
    expect(readPragmas(database.sqlite)).toEqual({ journal_mode: 'wal', synchronous: 2, foreign_keys: 1, busy_timeout: 5000 });
    await database.close();
  });
});
