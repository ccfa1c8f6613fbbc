import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createHarness, completeDraft, eligibleWorkshop, type Harness } from '../../support/harness';

describe('workflow settings and credit allocations', () => {
  let h: Harness;
  beforeAll(async () => {
    h = await createHarness();
  });
  afterAll(async () => h.close());

  it('lets a supervisor change overdue thresholds and the approval threshold, audited', async () => {
    const supervisor = await h.signIn('supervisor');
    const before = await supervisor.call('workflow.settings', {});
    expect(before.overdueDays.agency_review).toBe(7);
    const after = await supervisor.call('workflow.setSettings', { overdueDays: { agency_review: 2 }, approvalCheckThresholdRials: 1_000 });
    expect(after.overdueDays).toMatchObject({ agency_review: 2, bank_review: before.overdueDays.bank_review });
    expect(after.approvalCheckThresholdRials).toBe(1_000);
    const clerk = await h.signIn('clerk');
    expect((await clerk.try('workflow.setSettings', { approvalCheckThresholdRials: 0 })).ok).toBe(false);
    const audit = await h.app.database.db.selectFrom('audit_events').select('action').where('action', '=', 'workflow.setSettings').execute();
    expect(audit).toHaveLength(1);
  });

  it('shows a case as overdue by the configured threshold', async () => {
    const clerk = await h.signIn('clerk');
    const draft = completeDraft(h);
    await eligibleWorkshop(h, draft.applicant.nationalCode);
    const created = await clerk.call('intake.createDraft', draft);
    const submitted = await clerk.call('cases.submit', { caseId: created.id, expectedVersion: created.version });
    const reviewer = await h.signIn('reviewer');
    const taken = await reviewer.call('cases.take', { caseId: submitted.id, expectedVersion: submitted.version });
    expect(taken.overdue).toBe(false);
    h.clock.advance(3 * 86_400_000);
    const later = await (await h.signIn('reviewer')).call('cases.get', { caseId: taken.id });
    expect(later.daysInStage).toBe(3);
    expect(later.overdue).toBe(true);
  });

  it('sets a branch allocation, never below what is committed, and shows what is left', async () => {
    const supervisor = await h.signIn('supervisor');
    const { institutionCode, branchCode } = h.fixture;
    const [current] = await supervisor.call('credit.allocations', { institutionCode }).then((rows) => rows.filter((r) => r.branchCode === branchCode));
    expect(current!.reservedRials).toBeGreaterThan(0);
    const refused = await supervisor.try('credit.setAllocation', { institutionCode, branchCode, allocatedRials: current!.reservedRials - 1 });
    expect(refused.ok ? null : refused.error.field).toBe('allocatedRials');
    const set = await supervisor.call('credit.setAllocation', { institutionCode, branchCode, allocatedRials: current!.reservedRials + 5_000 });
    expect(set).toMatchObject({ remainingRials: 5_000, isDemo: false });
    const officer = await h.signIn('officer');
    const seen = await officer.call('credit.allocations', {});
    expect(seen.every((r) => r.branchCode === null || r.branchCode === branchCode)).toBe(true);
  });
});

describe('the time each office held a case', () => {
  let h: Harness;
  beforeAll(async () => {
    h = await createHarness();
  });
  afterAll(async () => h.close());

  it('is kept per office kind, with the clock stopped while the applicant corrects the case', async () => {
    const minute = 60_000; // steps shorter than the 30-minute session idle time
    const clerk = await h.signIn('clerk');
    const draft = completeDraft(h);
    await eligibleWorkshop(h, draft.applicant.nationalCode);
    let c = await clerk.call('intake.createDraft', draft);
    h.clock.advance(20 * minute);
    c = await clerk.call('cases.submit', { caseId: c.id, expectedVersion: c.version });
    h.clock.advance(25 * minute);
    const reviewer = await h.signIn('reviewer');
    c = await reviewer.call('cases.take', { caseId: c.id, expectedVersion: c.version });
    h.clock.advance(10 * minute);
    c = await reviewer.call('cases.decide', { caseId: c.id, expectedVersion: c.version, decision: 'return', reason: 'کد پستی اشتباه است' });
    h.clock.advance(20 * minute);
    const held = await (await h.signIn('clerk')).call('cases.holding', { caseId: c.id });
    expect(held).toEqual({ intakeMs: 20 * minute, agencyMs: 35 * minute, branchMs: 0, applicantMs: 20 * minute });
  });
});
