// Commands per second through the router at full size: a clerk's submit (guards, credit
// reservation, tracking code, case flow, audit, FULL-sync commit) and a reviewer's decision.
// They change the cached database a little each run (a few hundred drafts submitted and
// cases decided), which leaves the other figures' scale unchanged.
import type BetterSqlite3 from 'better-sqlite3';
import { performance } from 'node:perf_hooks';
import type { Caller } from './callers';
import type { Figures } from './figures';

interface Timed { ok: number; refused: number; seconds: number }

async function timeEach(ids: Array<{ id: string; version: number }>, run: (c: { id: string; version: number }) => Promise<unknown>): Promise<Timed> {
  const r: Timed = { ok: 0, refused: 0, seconds: 0 };
  for (const c of ids) {
    const t0 = performance.now();
    try {
      await run(c);
      r.seconds += (performance.now() - t0) / 1000;
      r.ok += 1;
    } catch {
      r.refused += 1; // e.g. the branch's credit ran out: not a completed command, not timed
    }
  }
  return r;
}

export async function measureCommands(figures: Figures, o: { sqlite: BetterSqlite3.Database; clerk: Caller; reviewer: Caller; agencyCode: string; count: number; log: (l: string) => void }): Promise<void> {
  const drafts = o.sqlite.prepare(`select id, version, institution_code, branch_code, requested_amount_rials as amount from cases where stage = 'draft' and agency_code = ? order by random() limit ?`)
    .all(o.agencyCode, o.count) as Array<{ id: string; version: number; institution_code: string; branch_code: string; amount: number }>;
  // At a million cases the demo allocations are spent (that is why these are still drafts):
  // central tops them up first, as a reference bundle would, so submits succeed.
  const topUp = o.sqlite.prepare(`update credit_allocations set allocated_rials = allocated_rials + ? where institution_code = ? and (branch_code is null or branch_code = ?)`);
  o.sqlite.transaction(() => { for (const d of drafts) topUp.run(d.amount, d.institution_code, d.branch_code); })();
  const submits = await timeEach(drafts, (c) => o.clerk.call('cases.submit', { caseId: c.id, expectedVersion: c.version }));
  o.log(`submit: ${submits.ok} done, ${submits.refused} refused by a guard`);
  if (submits.ok) figures.atLeast(`submit (guards, credit, tracking code, flow, audit) [${submits.ok} cases]`, submits.ok / submits.seconds, 'cases/s', 100);

  const queued = o.sqlite.prepare(`select id, version from cases where stage = 'submitted' and agency_code = ? and assignee_staff_id is null order by random() limit ?`).all(o.agencyCode, o.count) as Array<{ id: string; version: number }>;
  const taken: Array<{ id: string; version: number }> = [];
  for (const c of queued) {
    const r = await o.reviewer.call('cases.take', { caseId: c.id, expectedVersion: c.version }).catch(() => null);
    if (r) taken.push({ id: r.id, version: r.version });
  }
  const decisions = await timeEach(taken, (c) => o.reviewer.call('cases.decide', { caseId: c.id, expectedVersion: c.version, decision: 'approve' }));
  o.log(`decision: ${decisions.ok} done, ${decisions.refused} refused`);
  if (decisions.ok) figures.atLeast(`agency decision (approve: guards, flow, audit) [${decisions.ok} cases]`, decisions.ok / decisions.seconds, 'decisions/s', 100);
}
