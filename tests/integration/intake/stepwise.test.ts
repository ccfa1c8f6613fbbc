import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { createHarness, eligibleWorkshop, nextNationalCode, type Caller, type Harness } from '../../support/harness';
import { setSmsSender, outboxSender, type SmsSender } from '../../../src-main/services/intake/sms';
import type { DraftView } from '../../../src-shared/api/intake';

let h: Harness;
let clerk: Caller;

beforeEach(async () => {
  h = await createHarness();
  clerk = await h.signIn('clerk');
});
afterEach(async () => {
  setSmsSender(outboxSender);
  await h.close();
});

async function codeFromOutbox(mobile: string): Promise<string> {
  const supervisor = await h.signIn('supervisor');
  const [last] = await supervisor.call('intake.outbox', { mobile, limit: 1 });
  return /(\d{6})/.exec(last!.body)![1]!;
}

/** Walks every step through the API, as the screens do. */
async function completeThroughSteps(nationalCode = nextNationalCode(), mobile = '09121112233'): Promise<DraftView> {
  let d = await clerk.call('intake.start', { rulesAcknowledged: true, nationalCode, mobile, registryVerified: true });
  const save = async (data: Parameters<Caller['call']>[1] extends never ? never : object) => {
    d = await clerk.call('intake.saveStep', { caseId: d.case.id, expectedVersion: d.case.version, data: data as never });
    return d;
  };
  await clerk.call('intake.sendMobileCode', { caseId: d.case.id });
  d = await clerk.call('intake.confirmMobileCode', { caseId: d.case.id, expectedVersion: d.case.version, code: await codeFromOutbox(mobile) });
  await save({ step: 'account', portalAccess: true, password: 'Kara2020ab' });
  await save({ step: 'personal', firstName: 'علی', lastName: 'رضایی', fatherName: 'حسن', birthDate: '1985-03-21', gender: 'male', homeAddress: 'تهران، خیابان آزادی' });
  await save({ step: 'workshop', workshopCode: null });
  await save({
    step: 'workshopDetails', name: 'خیاطی نمونه', address: 'خیابان اصلی، پلاک ۱', provinceCode: h.fixture.provinceCode, countyCode: h.fixture.countyCode,
    postalCode: '1345678901', uninsuredWorkers: 2, activityDescription: 'دوخت لباس',
  });
  await save({ step: 'activity', activityCode: h.fixture.activityCode, requestedAmountToman: 10_000_000 });
  await save({ step: 'permits', permit: { has: false } });
  await save({ step: 'bankBranch', institutionCode: h.fixture.institutionCode, branchCode: h.fixture.branchCode });
  return d;
}

describe('intake: the stepwise draft', () => {
  it('walks every step, is complete exactly when the engine agrees, and submits', async () => {
    const nc = nextNationalCode();
    const d = await completeThroughSteps(nc);
    expect(d.missing).toEqual([]);
    expect(d.applicant.mobileConfirmed).toBe(true);
    expect(d.applicant.portalAccess).toBe(true);
    expect(d.workshop?.identifier).toBe(nc);
    expect(d.workshop?.eligibility).toBe('not_found');
    expect(d.activity?.agency.code).toBe(h.fixture.agencyCode);

    // The password is stored only as a scrypt hash.
    const row = await h.app.database.db.selectFrom('applicants').select(['portal_password_hash']).where('national_code', '=', nc).executeTakeFirstOrThrow();
    expect(row.portal_password_hash).toMatch(/^scrypt\$/);
    expect(row.portal_password_hash).not.toContain('Kara2020ab');

    const refused = await clerk.try('cases.submit', { caseId: d.case.id, expectedVersion: d.case.version });
    expect(refused.ok).toBe(false);
    if (!refused.ok) expect(refused.error.message).toContain('not found on the eligibility list');

    await eligibleWorkshop(h, nc);
    const submitted = await clerk.call('cases.submit', { caseId: d.case.id, expectedVersion: d.case.version });
    expect(submitted.stage).toBe('submitted');
    expect(submitted.trackingCode).toMatch(/^\d{12}$/);
    const after = await clerk.call('intake.draft', { caseId: d.case.id });
    expect(after.editable).toBe(false);
    const stale = await clerk.try('intake.saveStep', { caseId: d.case.id, expectedVersion: submitted.version, data: { step: 'permits', permit: { has: false } } });
    expect(stale.ok).toBe(false);

    // Found again by national code, tracking code and mobile (any digits).
    const byNc = await clerk.call('intake.find', { query: nc.replace(/\d/g, (x) => '۰۱۲۳۴۵۶۷۸۹'[Number(x)]!) });
    expect(byNc.map((f) => f.caseId)).toContain(d.case.id);
    expect((await clerk.call('intake.find', { query: submitted.trackingCode! })).map((f) => f.caseId)).toContain(d.case.id);
    expect((await clerk.call('intake.find', { query: '+98 912 111 2233' })).map((f) => f.caseId)).toContain(d.case.id);
    // Another office does not see it.
    const other = await h.signIn('clerk-other');
    expect(await other.call('intake.find', { query: nc })).toEqual([]);
  });

  it('refuses a stale version (two windows) and a step out of order', async () => {
    const d = await clerk.call('intake.start', { rulesAcknowledged: true, nationalCode: nextNationalCode(), mobile: '09121110000' });
    const first = await clerk.call('intake.saveStep', { caseId: d.case.id, expectedVersion: d.case.version, data: { step: 'permits', permit: { has: false } } });
    expect(first.case.version).toBe(d.case.version + 1);
    const stale = await clerk.try('intake.saveStep', { caseId: d.case.id, expectedVersion: d.case.version, data: { step: 'permits', permit: { has: false } } });
    expect(stale.ok === false && stale.error.code).toBe('conflict');
    const early = await clerk.try('intake.saveStep', { caseId: d.case.id, expectedVersion: first.case.version, data: { step: 'bankBranch', institutionCode: h.fixture.institutionCode, branchCode: h.fixture.branchCode } });
    expect(early.ok === false && early.error.code).toBe('refused');
  });

  it('rules must be acknowledged; invalid national codes and mobiles are refused on their field', async () => {
    const noRules = await clerk.try('intake.start', { rulesAcknowledged: false as never, nationalCode: nextNationalCode(), mobile: '09121110000' });
    expect(noRules.ok === false && noRules.error.field).toBe('rulesAcknowledged');
    const badCode = await clerk.try('intake.start', { rulesAcknowledged: true, nationalCode: '1234567890', mobile: '09121110000' });
    expect(badCode.ok === false && badCode.error.field).toBe('nationalCode');
    expect(badCode.ok === false && badCode.error.message).toMatch(/not valid/);
    const badMobile = await clerk.try('intake.start', { rulesAcknowledged: true, nationalCode: nextNationalCode(), mobile: '0812345' });
    expect(badMobile.ok === false && badMobile.error.field).toBe('mobile');
  });

  it('catches duplicates (this office and central) and records the reason in the case flow', async () => {
    const nc = nextNationalCode();
    await clerk.call('intake.start', { rulesAcknowledged: true, nationalCode: nc, mobile: '09125550000' });
    const again = await clerk.try('intake.start', { rulesAcknowledged: true, nationalCode: nc, mobile: '09125550001' });
    expect(again.ok).toBe(false);
    if (!again.ok) {
      expect(again.error.code).toBe('conflict');
      const dups = (again.error.details as { duplicates: Array<{ match: string; source: string }> }).duplicates;
      expect(dups).toContainEqual(expect.objectContaining({ match: 'nationalCode', source: 'office' }));
    }
    const forced = await clerk.call('intake.start', { rulesAcknowledged: true, nationalCode: nc, mobile: '09125550001', duplicateReason: 'پروندهٔ قبلی انصراف داده است' });
    expect(forced.duplicateReason).toBe('پروندهٔ قبلی انصراف داده است');
    const flow = await clerk.call('cases.flow', { caseId: forced.case.id });
    expect(flow.map((f) => f.action)).toEqual(['create', 'duplicate_override']);
    expect(flow[1]!.reason).toBe('پروندهٔ قبلی انصراف داده است');

    // Central's index: a mobile known elsewhere.
    await h.app.database.db.insertInto('central_case_index').values({ tracking_code: '999900000011', national_code: null, mobile: '09127770000', workshop_identifier: '7654321', office_id: 'INT-9', stage: 'submitted', source: 'test', updated_at: 'x' }).execute();
    const central = await clerk.call('intake.duplicates', { mobile: '09127770000' });
    expect(central).toEqual([{ match: 'mobile', source: 'central', caseId: null, trackingCode: '999900000011', stage: 'submitted', officeId: 'INT-9' }]);
    const d = await clerk.call('intake.start', { rulesAcknowledged: true, nationalCode: nextNationalCode(), mobile: '09121231231' });
    const ws = await clerk.try('intake.saveStep', { caseId: d.case.id, expectedVersion: d.case.version, data: { step: 'workshop', workshopCode: '7654321' } });
    expect(ws.ok === false && ws.error.code).toBe('conflict');
  });

  it('fills registry data read-only and keeps it over what a form sends', async () => {
    const nc = nextNationalCode();
    await h.app.database.db.insertInto('registry_records').values({ national_code: nc, first_name: 'مریم', last_name: 'کریمی', father_name: 'احمد', birth_date: '1980-01-01', gender: 'female', source: 'test', updated_at: 'x' }).execute();
    expect(await clerk.call('intake.registryLookup', { nationalCode: nc })).toEqual({ firstName: 'مریم', lastName: 'کریمی', fatherName: 'احمد', birthDate: '1980-01-01', gender: 'female' });
    let d = await clerk.call('intake.start', { rulesAcknowledged: true, nationalCode: nc, mobile: '09121119999' });
    expect(d.applicant).toMatchObject({ firstName: 'مریم', registryFilled: true, registryVerified: false });
    d = await clerk.call('intake.saveStep', { caseId: d.case.id, expectedVersion: d.case.version, data: { step: 'personal', firstName: 'زهرا', lastName: 'کریمی', fatherName: 'احمد', birthDate: '1990-01-01', gender: 'female', homeAddress: 'شیراز، خیابان زند' } });
    expect(d.applicant).toMatchObject({ firstName: 'مریم', birthDate: '1980-01-01', homeAddress: 'شیراز، خیابان زند', personalDone: true });
    d = await clerk.call('intake.saveStep', { caseId: d.case.id, expectedVersion: d.case.version, data: { step: 'identity', mobile: '09121119999', registryVerified: true } });
    expect(d.applicant.registryVerified).toBe(true);
  });

  it('mobile codes: hashed, attempts limited and audited, sends limited', async () => {
    const d = await clerk.call('intake.start', { rulesAcknowledged: true, nationalCode: nextNationalCode(), mobile: '09124440000' });
    const sent = await clerk.call('intake.sendMobileCode', { caseId: d.case.id });
    expect(sent).toMatchObject({ sentTo: '0912***0000', attemptsLeft: 5, sendsLeft: 4 });
    const code = await codeFromOutbox('09124440000');
    const stored = await h.app.database.db.selectFrom('mobile_verifications').selectAll().where('case_id', '=', d.case.id).executeTakeFirstOrThrow();
    expect(stored.code_hash).not.toContain(code);
    const wrong = code === '000000' ? '111111' : '000000';
    for (let i = 4; i >= 1; i -= 1) {
      const r = await clerk.try('intake.confirmMobileCode', { caseId: d.case.id, expectedVersion: d.case.version, code: wrong });
      expect(r.ok === false && r.error.message).toBe(`Wrong code; ${i} tries left.`);
    }
    const fifth = await clerk.try('intake.confirmMobileCode', { caseId: d.case.id, expectedVersion: d.case.version, code: wrong });
    expect(fifth.ok === false && fifth.error.message).toMatch(/Too many wrong codes/);
    const spent = await clerk.try('intake.confirmMobileCode', { caseId: d.case.id, expectedVersion: d.case.version, code });
    expect(spent.ok).toBe(false);
    const audits = await h.app.database.db.selectFrom('audit_events').select(['action', 'outcome', 'payload']).where('entity_id', '=', d.case.id).where('action', 'like', 'intake.mobileCode%').execute();
    expect(audits.filter((a) => a.outcome === 'refused')).toHaveLength(6);
    expect(JSON.stringify(audits)).not.toContain('09124440000');

    for (let i = 0; i < 4; i += 1) await clerk.call('intake.sendMobileCode', { caseId: d.case.id });
    const over = await clerk.try('intake.sendMobileCode', { caseId: d.case.id });
    expect(over.ok === false && over.error.message).toMatch(/limit of codes/);
    const fresh = await codeFromOutbox('09124440000');
    const ok = await clerk.call('intake.confirmMobileCode', { caseId: d.case.id, expectedVersion: d.case.version, code: fresh.replace(/\d/g, (x) => '۰۱۲۳۴۵۶۷۸۹'[Number(x)]!) });
    expect(ok.applicant).toMatchObject({ mobileConfirmed: true, mobileConfirmMethod: 'sms_code' });
  });

  it('confirms a mobile in person only with the SIM certificate seen, audited with the clerk, once', async () => {
    const d = await clerk.call('intake.start', { rulesAcknowledged: true, nationalCode: nextNationalCode(), mobile: '09125550000' });
    const unticked = await clerk.try('intake.confirmMobileInPerson', { caseId: d.case.id, expectedVersion: d.case.version, simDocumentChecked: false as never });
    expect(unticked.ok === false && unticked.error).toMatchObject({ code: 'validation', field: 'simDocumentChecked' });
    const ok = await clerk.call('intake.confirmMobileInPerson', { caseId: d.case.id, expectedVersion: d.case.version, simDocumentChecked: true });
    expect(ok.applicant).toMatchObject({ mobileConfirmed: true, mobileConfirmMethod: 'in_person_sim_check' });
    const audit = await h.app.database.db.selectFrom('audit_events').select(['action', 'staff_id']).where('entity_id', '=', d.case.id).where('action', '=', 'intake.step.mobileConfirmedInPerson').execute();
    expect(audit).toHaveLength(1);
    expect(audit[0]!.staff_id).not.toBeNull();
    const again = await clerk.try('intake.confirmMobileInPerson', { caseId: d.case.id, expectedVersion: ok.case.version, simDocumentChecked: true });
    expect(again.ok === false && again.error.message).toMatch(/already confirmed/);
    // The code path is closed too once the number is confirmed.
    expect((await clerk.try('intake.sendMobileCode', { caseId: d.case.id })).ok).toBe(false);
  });

  it('the SMS sender is pluggable; a failing gateway undoes the send', async () => {
    const sent: string[] = [];
    const gateway: SmsSender = { name: 'test-gateway', async send(_db, m) { sent.push(m.mobile); } };
    setSmsSender(gateway);
    const d = await clerk.call('intake.start', { rulesAcknowledged: true, nationalCode: nextNationalCode(), mobile: '09123330000' });
    await clerk.call('intake.sendMobileCode', { caseId: d.case.id });
    expect(sent).toEqual(['09123330000']);
    setSmsSender({ name: 'down', async send() { throw new Error('gateway down'); } });
    const failed = await clerk.try('intake.sendMobileCode', { caseId: d.case.id });
    expect(failed.ok === false && failed.error.code).toBe('internal');
    expect(await h.app.database.db.selectFrom('mobile_verifications').select('id').where('case_id', '=', d.case.id).execute()).toHaveLength(1);
  });

  it('a credit refusal names alternatives; changing the branch recovers; edits after a return go into the case flow', async () => {
    const nc = nextNationalCode();
    const d = await completeThroughSteps(nc, '09126660000');
    await eligibleWorkshop(h, nc);
    await h.app.database.db.updateTable('credit_allocations').set({ allocated_rials: 1 }).where('branch_code', '=', h.fixture.branchCode).execute();
    const refused = await clerk.try('cases.submit', { caseId: d.case.id, expectedVersion: d.case.version });
    expect(refused.ok === false && refused.error.field).toBe('branchCode');
    const alternatives = refused.ok ? [] : (refused.error.details as { alternatives: Array<{ code: string }> }).alternatives;
    expect(alternatives.map((a) => a.code)).toContain(h.fixture.otherBranchCode);
    const other = (await h.app.database.db.selectFrom('branches').selectAll().where('code', '=', h.fixture.otherBranchCode).executeTakeFirstOrThrow());
    const moved = await clerk.call('intake.saveStep', { caseId: d.case.id, expectedVersion: d.case.version, data: { step: 'bankBranch', institutionCode: other.institution_code, branchCode: other.code } });
    const submitted = await clerk.call('cases.submit', { caseId: d.case.id, expectedVersion: moved.case.version });
    expect(submitted.stage).toBe('submitted');

    const reviewer = await h.signIn('reviewer');
    const taken = await reviewer.call('cases.take', { caseId: d.case.id, expectedVersion: submitted.version });
    const returned = await reviewer.call('cases.decide', { caseId: d.case.id, expectedVersion: taken.version, decision: 'return', reason: 'شرح فعالیت ناقص است' });
    const draft = await clerk.call('intake.draft', { caseId: d.case.id });
    expect(draft.editable).toBe(true);
    const edited = await clerk.call('intake.saveStep', { caseId: d.case.id, expectedVersion: returned.version, data: { step: 'permits', permit: { has: true, type: 'پروانهٔ کسب', number: '123', issuer: 'اتحادیهٔ خیاطان', issuedOn: '2019-05-01' } } });
    const flow = await clerk.call('cases.flow', { caseId: d.case.id });
    expect(flow.at(-1)).toMatchObject({ action: 'edit:permits', fromStage: 'returned', toStage: 'returned' });
    const resubmitted = await clerk.call('cases.submit', { caseId: d.case.id, expectedVersion: edited.case.version });
    expect(resubmitted.stage).toBe('submitted');
  });

  it('an amount above the programme maximum is refused on its field', async () => {
    const d = await completeThroughSteps(nextNationalCode(), '09128880000');
    const over = await clerk.try('intake.saveStep', { caseId: d.case.id, expectedVersion: d.case.version, data: { step: 'activity', activityCode: h.fixture.activityCode, requestedAmountToman: d.maxAmountToman! + 1 } });
    expect(over.ok === false && over.error.field).toBe('requestedAmountToman');
  });

  it('only the supervisor reads the outbox', async () => {
    const r = await clerk.try('intake.outbox', { limit: 5 });
    expect(r.ok === false && r.error.code).toBe('forbidden');
  });
});
