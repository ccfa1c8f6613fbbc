import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createHarness, callerFor, type Harness } from '../../support/harness';
import { translate } from '../../../src-shared/i18n';

describe('the router', () => {
  let h: Harness;
  beforeAll(async () => {
    h = await createHarness();
  });
  afterAll(async () => h.close());

  it('refuses an unknown method', async () => {
    const r = await h.anonymous().try('no.such.method' as never, {} as never);
    expect(r.ok ? null : r.error.code).toBe('not_found');
  });

  it('refuses a logged-out call to a signed-in method', async () => {
    const r = await h.anonymous().try('reference.provinces', {});
    expect(r.ok ? null : r.error.code).toBe('unauthenticated');
  });

  it('refuses a role the contract does not name', async () => {
    const clerk = await h.signIn('clerk');
    const r = await clerk.try('reference.setParameter', { key: 'uninsured_max_workers_per_workshop', value: 9 });
    expect(r.ok ? null : r.error.code).toBe('forbidden');
  });

  it('names the field and speaks the caller\'s language on bad input', async () => {
    const clerk = callerFor(h.app, 'fa');
    await clerk.call('auth.login', { username: 'clerk', password: 'Test-password-2020' });
    const draft = {
      applicant: { nationalCode: '۰۴۹۹۳۷۰۸۹۸', mobile: '09121234567', firstName: 'علی', lastName: 'رضایی', rulesAcknowledged: true, registryVerified: true, mobileConfirmedBy: null },
    };
    const r = await clerk.try('intake.createDraft', draft as never);
    expect(r.ok).toBe(false);
    if (!r.ok) {
      expect(r.error.code).toBe('validation');
      expect(r.error.field).toBe('applicant.nationalCode');
      expect(r.error.message).toBe(translate('fa', 'validation.nationalCode.checksum'));
    }
  });

  it('accepts Persian digits and stores Latin ones', async () => {
    const clerk = await h.signIn('clerk');
    const summary = await clerk.call('intake.createDraft', {
      applicant: { nationalCode: '۰۴۹۹۳۷۰۸۹۹', mobile: '+98 912 123 4567', firstName: 'علي', lastName: 'رضايي', rulesAcknowledged: true, registryVerified: true, mobileConfirmedBy: 'sms_code' },
    });
    const row = await h.app.database.db.selectFrom('applicants').selectAll().innerJoin('cases', 'cases.applicant_id', 'applicants.id').where('cases.id', '=', summary.id).executeTakeFirstOrThrow();
    expect(row.national_code).toBe('0499370899');
    expect(row.mobile).toBe('09121234567');
    expect(row.first_name).toBe('علی');
  });

  it('writes no audit entry for a refused command', async () => {
    const supervisor = await h.signIn('supervisor');
    const before = await h.app.database.db.selectFrom('audit_events').select((eb) => eb.fn.countAll<number>().as('n')).executeTakeFirstOrThrow();
    const r = await supervisor.try('reference.setParameter', { key: 'no_such_parameter', value: 1 });
    expect(r.ok ? null : r.error.code).toBe('not_found');
    const after = await h.app.database.db.selectFrom('audit_events').select((eb) => eb.fn.countAll<number>().as('n')).executeTakeFirstOrThrow();
    expect(Number(after.n)).toBe(Number(before.n));
  });

  it('strips from the output whatever the contract does not name', async () => {
    const supervisor = await h.signIn('supervisor');
    const staff = await supervisor.call('staff.list', {});
    expect(staff.length).toBeGreaterThan(0);
    for (const row of staff) expect(Object.keys(row)).not.toContain('password_hash');
  });

  it('audits a parameter change with who and the values, in the same transaction', async () => {
    const supervisor = await h.signIn('supervisor');
    const updated = await supervisor.call('reference.setParameter', { key: 'uninsured_max_workers_per_workshop', value: 7 });
    expect(updated.value).toBe(7);
    const event = await h.app.database.db.selectFrom('audit_events').selectAll().where('action', '=', 'reference.setParameter').orderBy('id', 'desc').executeTakeFirstOrThrow();
    expect(JSON.parse(event.payload)).toEqual({ from: 5, to: 7 });
  });
});
