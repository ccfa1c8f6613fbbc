import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createHarness, callerFor, TEST_PASSWORD, type Harness } from '../../support/harness';
import { hashPassword, CURRENT_SCRYPT } from '../../../src-main/services/auth/passwords';
import { SESSION_IDLE_MS } from '../../../src-main/services/auth/sessions';
import { translate } from '../../../src-shared/i18n';

describe('staff accounts and sessions', () => {
  let h: Harness;
  // Signing in is what these tests are about: at the cost the app ships with, not the suite's cheaper one.
  beforeAll(async () => {
    h = await createHarness({ realPasswordCost: true });
  });
  afterAll(async () => h.close());

  const staffRow = (username: string) => h.app.database.db.selectFrom('staff').selectAll().where('username', '=', username).executeTakeFirstOrThrow();

  it('logs in, reports who is signed in, and logs out', async () => {
    const clerk = await h.signIn('clerk');
    const status = await clerk.call('auth.status', {});
    expect(status.actor).toMatchObject({ username: 'clerk', role: 'intake', officeId: 'INT-1' });
    await clerk.call('auth.logout', {});
    expect((await clerk.call('auth.status', {})).actor).toBeNull();
    const refused = await clerk.try('reference.provinces', {});
    expect(refused.ok ? null : refused.error.code).toBe('unauthenticated');
  });

  it('refuses a wrong password in the caller\'s language and counts the failure', async () => {
    const anon = callerFor(h.app, 'fa');
    const result = await anon.try('auth.login', { username: 'clerk2', password: 'wrong-password-1' });
    expect(result.ok).toBe(false);
    if (!result.ok) expect(result.error.message).toBe(translate('fa', 'error.badCredentials'));
    expect((await staffRow('clerk2')).failed_logins).toBe(1);
    await h.signIn('clerk2'); // a success resets the count
    expect((await staffRow('clerk2')).failed_logins).toBe(0);
  });

  it('locks an account after five failures, with back-off, and says for how long', async () => {
    const anon = h.anonymous();
    let last;
    for (let i = 0; i < 5; i += 1) last = await anon.try('auth.login', { username: 'reviewer2', password: 'wrong-password-1' });
    expect(last && !last.ok && last.error.code).toBe('locked');
    const whileLocked = await anon.try('auth.login', { username: 'reviewer2', password: TEST_PASSWORD });
    expect(whileLocked.ok ? null : whileLocked.error.code).toBe('locked');
    h.clock.advance(61_000);
    const sixth = await anon.try('auth.login', { username: 'reviewer2', password: 'wrong-password-1' });
    expect(sixth.ok ? null : sixth.error.message).toMatch(/2 minutes/);
    h.clock.advance(121_000);
    await h.signIn('reviewer2');
  });

  it('ends a session after the idle time', async () => {
    const officer = await h.signIn('officer');
    h.clock.advance(SESSION_IDLE_MS - 1000);
    expect((await officer.call('auth.status', {})).actor?.username).toBe('officer');
    h.clock.advance(SESSION_IDLE_MS + 1000);
    expect((await officer.call('auth.status', {})).actor).toBeNull();
  });

  it('forces a temporary password to be changed before anything else', async () => {
    const supervisor = await h.signIn('supervisor');
    await supervisor.call('staff.create', { username: 'newclerk', displayName: 'کارمند تازه', role: 'intake', officeId: 'INT-1', temporaryPassword: 'Temporary-pass-1' });
    const fresh = await h.signIn('newclerk', 'Temporary-pass-1');
    const blocked = await fresh.try('reference.provinces', {});
    expect(blocked.ok ? null : blocked.error.code).toBe('password_change_required');
    await fresh.call('auth.changePassword', { currentPassword: 'Temporary-pass-1', newPassword: 'My-own-password-9' });
    expect((await fresh.call('reference.provinces', {})).length).toBe(31);
  });

  it('keeps a disabled account out and ends its sessions; only within the supervisor\'s office', async () => {
    const supervisor = await h.signIn('supervisor');
    const otherOffice = await staffRow('clerk-other');
    const refusedElsewhere = await supervisor.try('staff.setDisabled', { staffId: otherOffice.id, disabled: true });
    expect(refusedElsewhere.ok ? null : refusedElsewhere.error.code).toBe('not_found');

    const clerk = await h.signIn('clerk');
    const target = await staffRow('clerk');
    await supervisor.call('staff.setDisabled', { staffId: target.id, disabled: true });
    expect((await clerk.call('auth.status', {})).actor).toBeNull();
    const refused = await h.anonymous().try('auth.login', { username: 'clerk', password: TEST_PASSWORD });
    expect(refused.ok ? null : refused.error.code).toBe('forbidden');
    await supervisor.call('staff.setDisabled', { staffId: target.id, disabled: false });
    await h.signIn('clerk');
  });

  it('rehashes a password stored with weaker parameters at the next login', async () => {
    const weak = await hashPassword(TEST_PASSWORD, { N: 2 ** 14, r: 8, p: 1, keyLength: 32 });
    await h.app.database.db.updateTable('staff').set({ password_hash: weak }).where('username', '=', 'officer2').execute();
    await h.signIn('officer2');
    const stored = (await staffRow('officer2')).password_hash;
    expect(stored.split('$')[1]).toBe(String(CURRENT_SCRYPT.N));
    expect(stored).not.toContain(TEST_PASSWORD);
  });

  it('allows first-run setup once, only on an empty database', async () => {
    const result = await h.anonymous().try('auth.createFirstSupervisor', { officeName: 'دفتر', displayName: 'سرپرست', username: 'boss', password: 'Boss-password-1' });
    expect(result.ok ? null : result.error.code).toBe('conflict');
  });
});
