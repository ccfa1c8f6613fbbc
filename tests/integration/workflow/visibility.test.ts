import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createHarness, completeDraft, eligibleWorkshop, type Harness } from '../../support/harness';

describe('who sees a case, and what the maker of a pending action is offered', () => {
  let h: Harness;
  beforeAll(async () => {
    h = await createHarness();
  });
  afterAll(async () => h.close());

  /** A case submitted and approved by the agency: now at the fixture's branch. */
  async function caseAtBranch() {
    const clerk = await h.signIn('clerk');
    const input = completeDraft(h, { requestedAmountToman: 1_000_000 });
    await eligibleWorkshop(h, input.applicant.nationalCode);
    let c = await clerk.call('intake.createDraft', input);
    c = await clerk.call('cases.submit', { caseId: c.id, expectedVersion: c.version });
    const reviewer = await h.signIn('reviewer');
    c = await reviewer.call('cases.take', { caseId: c.id, expectedVersion: c.version });
    return reviewer.call('cases.decide', { caseId: c.id, expectedVersion: c.version, decision: 'approve' });
  }

  it('shows the agency and the branch a case only once it was sent to them', async () => {
    const clerk = await h.signIn('clerk');
    const draft = await clerk.call('intake.createDraft', completeDraft(h));
    const withdrawn = await clerk.call('cases.withdraw', { caseId: draft.id, expectedVersion: draft.version, reason: 'انصراف متقاضی' });
    expect(withdrawn.stage).toBe('withdrawn');
    for (const username of ['reviewer', 'officer']) {
      const r = await (await h.signIn(username)).try('cases.get', { caseId: draft.id });
      expect(r.ok ? null : r.error.code, username).toBe('not_found');
    }
  });

  it('keeps a case visible to the branch after it is withdrawn there', async () => {
    let c = await caseAtBranch();
    const officer = await h.signIn('officer');
    c = await officer.call('cases.withdraw', { caseId: c.id, expectedVersion: c.version, reason: 'انصراف متقاضی' });
    expect((await officer.call('cases.get', { caseId: c.id })).stage).toBe('withdrawn');
    expect((await (await h.signIn('officer-other')).try('cases.get', { caseId: c.id })).ok).toBe(false);
  });

  it('lists and counts in a queue only the cases sent to it, withdrawn ones too', async () => {
    const clerk = await h.signIn('clerk');
    const early = await clerk.call('intake.createDraft', completeDraft(h));
    await clerk.call('cases.withdraw', { caseId: early.id, expectedVersion: early.version, reason: 'انصراف متقاضی' });
    let late = await caseAtBranch();
    const reviewer = await h.signIn('reviewer');
    const officer = await h.signIn('officer');
    late = await officer.call('cases.withdraw', { caseId: late.id, expectedVersion: late.version, reason: 'انصراف متقاضی' });

    for (const who of [officer, reviewer]) {
      const listed = (await who.call('queue.list', { stage: 'withdrawn', limit: 200 })).rows.map((r) => r.caseId);
      expect(listed).toContain(late.id);
      expect(listed).not.toContain(early.id);
      const tab = (await who.call('queue.tabs', {})).tabs.find((t) => t.stage === 'withdrawn');
      expect(tab?.count).toBe(listed.length);
      // Every case a queue lists opens.
      for (const id of listed) expect((await who.try('cases.get', { caseId: id })).ok, id).toBe(true);
    }
  });

  it('offers the maker only to take back a pending request, and the checker to confirm it', async () => {
    const clerk = await h.signIn('clerk');
    const input = completeDraft(h, { requestedAmountToman: 10_000_000 });
    await eligibleWorkshop(h, input.applicant.nationalCode);
    let c = await clerk.call('intake.createDraft', input);
    c = await clerk.call('cases.submit', { caseId: c.id, expectedVersion: c.version });
    const supervisor = await h.signIn('supervisor');
    await supervisor.call('workflow.setSettings', { approvalCheckThresholdRials: 0 });
    const maker = await h.signIn('reviewer');
    c = await maker.call('cases.take', { caseId: c.id, expectedVersion: c.version });
    c = await maker.call('cases.decide', { caseId: c.id, expectedVersion: c.version, decision: 'approve' });
    expect(c.pendingAction).toBe('agency_approve');
    expect(c.allowedActions).toEqual(['cancel_pending']);
    const checker = await h.signIn('reviewer2');
    expect((await checker.call('cases.get', { caseId: c.id })).allowedActions).toEqual(['confirm_pending', 'cancel_pending']);
    c = await checker.call('cases.confirmPending', { caseId: c.id, expectedVersion: c.version });
    expect(c.stage).toBe('agency_approved');
  });
});
