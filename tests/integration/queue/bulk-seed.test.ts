// The bulk generator must leave the same invariants the engine guarantees.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createHarness, TEST_PASSWORD, TEST_PASSWORD_COST, type Harness } from '../../support/harness';
import { bulkSeedDemo } from '../../../src-main/services/demo/bulk-seed';
import { checkIntegrity } from '../../../src-main/db/sqlite-specific';
import { verifyAuditChain } from '../../../src-main/services/audit/chain';
import { insertStaff } from '../../../src-main/db/queries/staff';
import { hashPassword } from '../../../src-main/services/auth/passwords';
import { STAGES } from '../../../src-shared/workflow/definition';
import { isTrackingCode } from '../../../src-shared/workflow/tracking';

const N = 3000;
let h: Harness;

beforeAll(async () => {
  h = await createHarness();
  await bulkSeedDemo(h.app.database, { cases: N, seed: 11, endAt: h.clock.now() });
}, 300_000);
afterAll(async () => h?.close());

describe('bulk demo generator', () => {
  it('passes db check: integrity, foreign keys and the audit chain', async () => {
    expect(checkIntegrity(h.app.database.sqlite).problems).toEqual([]);
    expect((await verifyAuditChain(h.app.database.db)).ok).toBe(true);
  });

  it('puts cases in every stage, each with a flow chain that ends in its stage and a matching version', () => {
    const sqlite = h.app.database.sqlite;
    const stages = sqlite.prepare(`select stage, count(*) n from cases group by stage`).all() as Array<{ stage: string; n: number }>;
    expect(stages.reduce((s, r) => s + r.n, 0)).toBe(N);
    expect(new Set(stages.map((s) => s.stage))).toEqual(new Set(STAGES));
    const cases = sqlite.prepare(`select id, stage, version, tracking_code, stage_entered_at from cases`).all() as Array<{ id: string; stage: string; version: number; tracking_code: string | null; stage_entered_at: string }>;
    const flows = sqlite.prepare(`select case_id, from_stage, to_stage, at from case_flow order by case_id, id`).all() as Array<{ case_id: string; from_stage: string | null; to_stage: string; at: string }>;
    const byCase = new Map<string, typeof flows>();
    for (const f of flows) byCase.set(f.case_id, [...(byCase.get(f.case_id) ?? []), f]);
    for (const c of cases) {
      const chain = byCase.get(c.id)!;
      expect(chain[0]!.from_stage).toBeNull();
      expect(chain[0]!.to_stage).toBe('draft');
      for (let i = 1; i < chain.length; i += 1) {
        expect(chain[i]!.from_stage).toBe(chain[i - 1]!.to_stage);
        expect(chain[i]!.at >= chain[i - 1]!.at).toBe(true);
      }
      expect(chain[chain.length - 1]!.to_stage).toBe(c.stage);
      expect(c.version).toBe(chain.length);
      if (c.stage !== 'draft' && c.stage !== 'withdrawn') expect(isTrackingCode(c.tracking_code ?? '')).toBe(true);
    }
  });

  it('records when each case was sent to the agency and reached the branch, as the engine does (what offices may open)', () => {
    const sqlite = h.app.database.sqlite;
    const wrong = sqlite.prepare(`
      select c.id, c.stage, c.submitted_at, c.reached_branch_at from cases c
      where (c.submitted_at is not null) is not exists (select 1 from case_flow f where f.case_id = c.id and f.action = 'submit')
         or (c.reached_branch_at is not null) is not exists (select 1 from case_flow f where f.case_id = c.id and f.to_stage = 'agency_approved')`).all();
    expect(wrong).toEqual([]);
    const reached = sqlite.prepare(`select count(*) n from cases where reached_branch_at is not null`).get() as { n: number };
    expect(reached.n).toBeGreaterThan(N / 3);
  });

  it('keeps credit consistent: each allocation holds exactly what its cases reserved and consumed, within what it was allocated', () => {
    const sqlite = h.app.database.sqlite;
    const bad = sqlite.prepare(`
      select ca.institution_code, ca.branch_code, ca.allocated_rials, ca.reserved_rials, ca.consumed_rials,
        coalesce((select sum(c.credit_rials) from cases c where c.credit_state = 'reserved' and c.credit_institution_code = ca.institution_code
          and (ca.branch_code is null or c.credit_branch_code = ca.branch_code)), 0) as cases_reserved,
        coalesce((select sum(c.credit_rials) from cases c where c.credit_state = 'consumed' and c.credit_institution_code = ca.institution_code
          and (ca.branch_code is null or c.credit_branch_code = ca.branch_code)), 0) as cases_consumed
      from credit_allocations ca`).all() as Array<{ allocated_rials: number; reserved_rials: number; consumed_rials: number; cases_reserved: number; cases_consumed: number }>;
    expect(bad.length).toBeGreaterThan(0);
    for (const a of bad) {
      expect(a.reserved_rials).toBe(a.cases_reserved);
      expect(a.consumed_rials).toBe(a.cases_consumed);
      expect(a.reserved_rials + a.consumed_rials).toBeLessThanOrEqual(a.allocated_rials);
    }
    const used = sqlite.prepare(`select count(*) n from cases where credit_state in ('reserved', 'consumed')`).get() as { n: number };
    expect(used.n).toBeGreaterThan(N / 2);
  });

  it('builds the queue read side: counts per scope match the cases sent there, and names are found through the router', async () => {
    const sqlite = h.app.database.sqlite;
    const mismatches = sqlite.prepare(`
      select g.scope, g.stage, g.n, qc.n as counted from (
        select 'ag:' || agency_code as scope, stage, count(*) n from cases where submitted_at is not null group by agency_code, stage
        union all select 'br:' || branch_code, stage, count(*) from cases where reached_branch_at is not null group by branch_code, stage
      ) g left join queue_counts qc on qc.scope = g.scope and qc.stage = g.stage where qc.n is not g.n`).all();
    expect(mismatches).toEqual([]);
    const c = sqlite.prepare(`select c.id, c.agency_code, c.tracking_code, a.first_name, a.last_name, a.national_code from cases c join applicants a on a.id = c.applicant_id
      where c.stage = 'agency_review' order by c.id limit 1`).get() as { id: string; agency_code: string; tracking_code: string; first_name: string; last_name: string; national_code: string };
    await insertStaff(h.app.database.db, { username: 'bulk-reviewer', displayName: 'bulk reviewer', role: 'agency_reviewer', officeId: `AG-${c.agency_code}`, passwordHash: await hashPassword(TEST_PASSWORD, TEST_PASSWORD_COST), mustChangePassword: false, now: h.clock.now().toISOString() });
    const reviewer = await h.signIn('bulk-reviewer');
    const byCode = await reviewer.call('queue.list', { search: c.tracking_code });
    expect(byCode.rows.map((r) => r.caseId)).toEqual([c.id]);
    const byNational = await reviewer.call('queue.list', { search: c.national_code });
    expect(byNational.rows.map((r) => r.caseId)).toContain(c.id);
    // Typed with Arabic ي and ك where the name has Persian ی and ک.
    const arabic = `${c.first_name} ${c.last_name}`.replace(/ی/g, 'ي').replace(/ک/g, 'ك');
    let found = false;
    let cursor: string | undefined;
    do {
      const page = await reviewer.call('queue.list', { search: arabic, limit: 200, ...(cursor ? { cursor } : {}) });
      expect(page.searchKind).toBe('name');
      // The whole name, not its first name in the applicant's name and its last in the workshop's.
      for (const r of page.rows) expect(r.applicantName.startsWith(`${c.first_name} ${c.last_name}`)).toBe(true);
      found ||= page.rows.some((r) => r.caseId === c.id);
      cursor = page.nextCursor ?? undefined;
    } while (!found && cursor);
    expect(found).toBe(true);
  });
});
