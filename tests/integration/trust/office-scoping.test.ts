// Office scoping: a branch officer never sees another branch's case, by any method — the
// case itself, its flow, the queue's detail, and the queue's search by national code and by
// tracking code. Each refusal has a positive control (the right branch does see it), so the
// test cannot pass because a search is simply broken. The auditor sees its office's cases.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { completeDraft, createHarness, eligibleWorkshop, type Caller, type Harness } from '../../support/harness';

let h: Harness;
let caseId = '';
let nationalCode = '';
let trackingCode = '';
let officer: Caller;
let other: Caller;

beforeAll(async () => {
  h = await createHarness();
  const clerk = await h.signIn('clerk');
  const reviewer = await h.signIn('reviewer');
  const draft = completeDraft(h);
  nationalCode = draft.applicant.nationalCode;
  await eligibleWorkshop(h, nationalCode);
  const created = await clerk.call('intake.createDraft', draft);
  const submitted = await clerk.call('cases.submit', { caseId: created.id, expectedVersion: created.version });
  const taken = await reviewer.call('cases.take', { caseId: created.id, expectedVersion: submitted.version });
  const approved = await reviewer.call('cases.decide', { caseId: created.id, expectedVersion: taken.version, decision: 'approve' });
  expect(approved.stage).toBe('agency_approved');
  caseId = created.id;
  trackingCode = approved.trackingCode ?? '';
  officer = await h.signIn('officer');
  other = await h.signIn('officer-other');
}, 180_000);
afterAll(async () => h.close());

const seesCase = (r: { ok: boolean; data?: unknown }) => r.ok && JSON.stringify(r.data).includes(caseId);

describe('a branch officer of another branch', () => {
  it('cannot open the case, its flow or its queue detail', async () => {
    expect((await officer.try('cases.get', { caseId })).ok).toBe(true);
    for (const r of [await other.try('cases.get', { caseId }), await other.try('cases.flow', { caseId }), await other.try('queue.caseDetail', { caseId })]) {
      expect(r.ok).toBe(false);
      if (!r.ok) expect(['not_found', 'forbidden']).toContain(r.error.code);
    }
  });

  it('does not find it by national code or tracking code in the queue search', async () => {
    for (const search of [nationalCode, trackingCode].filter(Boolean)) {
      expect(seesCase(await officer.try('queue.list', { search })), `own branch finds ${search.length}-char search`).toBe(true);
      expect(seesCase(await other.try('queue.list', { search }))).toBe(false);
    }
  });
});

describe('the auditor', () => {
  it("sees its own office's case and cannot change it", async () => {
    const auditor = await h.signIn('auditor');
    expect((await auditor.try('cases.get', { caseId })).ok).toBe(true);
    const r = await auditor.try('cases.withdraw', { caseId, expectedVersion: 5, reason: 'x' });
    expect(r.ok ? 'ok' : r.error.code).toBe('forbidden');
  });
});
