// The queue through the real router, on cases moved by the real engine.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { completeDraft, createHarness, eligibleWorkshop, type Caller, type Harness } from '../../support/harness';
import { classifySearch } from '../../../src-main/services/queue/handlers';

let h: Harness;
let clerk: Caller;
let reviewer: Caller;
let officer: Caller;
let other: Caller;
const cases: Array<{ id: string; trackingCode: string; nationalCode: string; version: number }> = [];

beforeAll(async () => {
  h = await createHarness();
  [clerk, reviewer, officer, other] = (await Promise.all(['clerk', 'reviewer', 'officer', 'officer-other'].map((u) => h.signIn(u)))) as [Caller, Caller, Caller, Caller];
  const names = [['علی', 'رضایی'], ['مریم', 'کریمی'], ['حسین', 'یزدانی'], ['زهرا', 'کاظمی'], ['کاوه', 'شریفی']] as const;
  for (let i = 0; i < 5; i += 1) {
    const input = completeDraft(h, { requestedAmountToman: 5_000_000 + i * 1_000_000 });
    input.applicant.firstName = names[i]![0];
    input.applicant.lastName = names[i]![1];
    await eligibleWorkshop(h, input.applicant.nationalCode);
    h.clock.advance(60_000);
    const draft = await clerk.call('intake.createDraft', input);
    const sent = await clerk.call('cases.submit', { caseId: draft.id, expectedVersion: draft.version });
    cases.push({ id: sent.id, trackingCode: sent.trackingCode!, nationalCode: input.applicant.nationalCode, version: sent.version });
  }
}, 300_000);
afterAll(async () => h?.close());

describe('review queue', () => {
  it('classifies what is typed in the search box', () => {
    expect(classifySearch('۱۲۳۴-۵۶۷۸۹۰۱-۲')?.kind).toBe('tracking');
    expect(classifySearch('0012345678')?.kind).toBe('national');
    expect(classifySearch('09121234567')?.kind).toBe('mobile');
    // Words of a name stand together (a middle name may sit between), not scattered over the applicant's and the workshop's names.
    expect(classifySearch('علي رضايي')).toEqual({ kind: 'name', value: 'NEAR("علی" "رضایی"*, 1)' });
    expect(classifySearch('رضايي')).toEqual({ kind: 'name', value: '"رضایی"*' });
    expect(classifySearch('  ')).toBeNull();
  });

  it('shows the agency its submitted cases as a tab with counts, oldest first, page by page', async () => {
    const tabs = await reviewer.call('queue.tabs', {});
    expect(tabs.defaultStage).toBe('submitted');
    expect(tabs.tabs.find((t) => t.stage === 'submitted')?.count).toBe(5);
    expect(tabs.tabs.some((t) => t.stage === 'draft')).toBe(false);
    const seen: string[] = [];
    let cursor: string | undefined;
    do {
      const page = await reviewer.call('queue.list', { stage: 'submitted', limit: 2, ...(cursor ? { cursor } : {}) });
      seen.push(...page.rows.map((r) => r.caseId));
      cursor = page.nextCursor ?? undefined;
    } while (cursor);
    expect(seen).toEqual(cases.map((c) => c.id));
    const byAmount = await reviewer.call('queue.list', { stage: 'submitted', sort: 'amount' });
    expect(byAmount.rows.map((r) => r.caseId)).toEqual([...cases].reverse().map((c) => c.id));
    const filtered = await reviewer.call('queue.list', { stage: 'submitted', filter: { minAmountRials: 70_000_000 } });
    expect(filtered.rows.map((r) => r.caseId)).toEqual(cases.slice(2).map((c) => c.id));
  });

  it('finds a case by tracking code, national code, and a Persian name typed with Arabic letters', async () => {
    const c = cases[1]!;
    expect((await reviewer.call('queue.list', { search: c.trackingCode })).rows.map((r) => r.caseId)).toEqual([c.id]);
    expect((await reviewer.call('queue.list', { search: c.nationalCode })).rows.map((r) => r.caseId)).toEqual([c.id]);
    const byName = await reviewer.call('queue.list', { search: 'مريم كريمي' });
    expect(byName.searchKind).toBe('name');
    expect(byName.rows.map((r) => r.caseId)).toEqual([c.id]);
    // A branch does not see cases still at the agency.
    expect((await officer.call('queue.list', { search: c.trackingCode })).rows).toEqual([]);
  });

  it('takes in bulk, returns with a reason, refuses a stale decision, and the flow shows who did what', async () => {
    const [a, b] = cases;
    const taken = await reviewer.call('queue.bulkTake', { items: [{ caseId: a!.id, expectedVersion: a!.version }, { caseId: b!.id, expectedVersion: b!.version + 5 }] });
    expect(taken.results.map((r) => r.ok)).toEqual([true, false]);
    const mine = await reviewer.call('queue.list', { stage: 'agency_review', filter: { assigned: 'me' } });
    expect(mine.rows.map((r) => r.caseId)).toEqual([a!.id]);
    const detail = await reviewer.call('queue.caseDetail', { caseId: a!.id });
    expect(detail.offers.map((o) => o.action).sort()).toEqual(['agency_approve', 'agency_reject', 'agency_return', 'withdraw']);
    expect(detail.offers.find((o) => o.action === 'agency_return')?.reasonRequired).toBe(true);
    const returned = await reviewer.call('cases.decide', { caseId: a!.id, expectedVersion: detail.summary.version, decision: 'return', reason: 'کد پستی ناقص است.' });
    const stale = await reviewer.try('cases.decide', { caseId: a!.id, expectedVersion: detail.summary.version, decision: 'approve' });
    expect(stale.ok ? null : stale.error.code).toBe('conflict');
    const after = await reviewer.call('queue.caseDetail', { caseId: a!.id });
    expect(after.summary.version).toBe(returned.version);
    expect(after.flow.map((f) => [f.action, f.reason])).toEqual([['create', null], ['submit', null], ['take_agency_review', null], ['agency_return', 'کد پستی ناقص است.']]);
    expect((await reviewer.call('queue.tabs', {})).tabs.find((t) => t.stage === 'returned')?.count).toBe(1);
  });

  it('lets the branch see a case once approved, and no other branch', async () => {
    const c = cases[2]!;
    const t = await reviewer.call('cases.take', { caseId: c.id, expectedVersion: c.version });
    await reviewer.call('cases.decide', { caseId: c.id, expectedVersion: t.version, decision: 'approve' });
    const tabs = await officer.call('queue.tabs', {});
    expect(tabs.defaultStage).toBe('agency_approved');
    expect((await officer.call('queue.list', { stage: 'agency_approved' })).rows.map((r) => r.caseId)).toEqual([c.id]);
    expect((await other.call('queue.list', { stage: 'agency_approved' })).rows).toEqual([]);
    expect((await other.try('queue.caseDetail', { caseId: c.id })).ok).toBe(false);
    const dash = await officer.call('queue.dashboard', {});
    expect(dash.byStage.find((s) => s.stage === 'agency_approved')?.count).toBe(1);
    // Inflow counts submissions naming the branch; decisions count the agency's approval.
    expect(dash.daily.reduce((s, d) => s + d.inflow, 0)).toBe(5);
    expect(dash.daily.reduce((s, d) => s + d.decisions, 0)).toBe(2);
    expect(dash.branchCredit.map((b) => b.code)).toEqual([h.fixture.branchCode]);
  });

  it('keeps saved filters per person', async () => {
    const saved = await reviewer.call('queue.saveFilter', { name: 'large', stage: 'submitted', sort: 'amount', filter: { minAmountRials: 70_000_000 } });
    expect((await reviewer.call('queue.savedFilters', {})).map((f) => f.name)).toEqual(['large']);
    expect(await officer.call('queue.savedFilters', {})).toEqual([]);
    await reviewer.call('queue.deleteFilter', { id: saved.id });
    expect(await reviewer.call('queue.savedFilters', {})).toEqual([]);
    expect((await reviewer.call('queue.cannedReasons', {})).some((r) => r.action === 'agency_return')).toBe(true);
  });

  it('lists as overdue only the cases past their stage\'s limit, and none in a stage that never is', async () => {
    const overdue = (stage: 'submitted' | 'withdrawn') => reviewer.call('queue.list', { stage, filter: { overdue: true } });
    expect((await overdue('submitted')).rows).toEqual([]);
    h.clock.advance(4 * 86_400_000); // submitted: overdue after 3 days
    reviewer = await h.signIn('reviewer'); // the session idled out meanwhile
    const waiting = (await reviewer.call('queue.list', { stage: 'submitted' })).rows.map((r) => r.caseId);
    expect(waiting.length).toBeGreaterThan(0);
    expect((await overdue('submitted')).rows.map((r) => r.caseId)).toEqual(waiting);
    expect((await overdue('withdrawn')).rows).toEqual([]);
  });
});
