// The in-memory replay an import checks incoming case flows with (src-shared/workflow/replay.ts):
// the engine's rules on a case row and facts held in memory, with the engine's refusals.
import { describe, expect, it } from 'vitest';
import { AppError } from '../../../src-shared/api';
import { CreditLedger, ReplayUnsupported, replayEntries, type IncomingEntry, type ReplayActor, type ReplayCase, type ReplayEnv } from '../../../src-shared/workflow/replay';

const AT = (h: number) => new Date(Date.UTC(2020, 6, 1, h)).toISOString();

const intake: ReplayActor = { staffId: 1, displayName: 'clerk', role: 'intake', officeId: 'INT-1', officeKind: 'intake', agencyCode: null, branchCode: null };
const reviewer: ReplayActor = { staffId: 2, displayName: 'reviewer', role: 'agency_reviewer', officeId: 'AG-1', officeKind: 'agency', agencyCode: 'A1', branchCode: null };
const officer: ReplayActor = { staffId: 3, displayName: 'officer', role: 'branch_officer', officeId: 'BR-1', officeKind: 'branch', agencyCode: null, branchCode: 'B1' };
const officer2: ReplayActor = { ...officer, staffId: 4, displayName: 'officer2' };

const draft: ReplayCase = {
  id: 'c1', stage: 'draft', version: 1, created_office_id: 'INT-1', agency_code: 'A1', branch_code: 'B1', institution_code: 'I1', activity_code: 'ACT',
  permits_answered: 1, requested_amount_rials: 120_000_000, tracking_code: '1234-0001', credit_state: 'none', credit_rials: 0, credit_branch_code: null,
  credit_institution_code: null, assignee_staff_id: null, pending_action: null, pending_by_staff_id: null, pending_reason: null, pending_at: null,
  stage_entered_at: AT(0), submitted_at: null, reached_branch_at: null, updated_at: AT(0),
};

type Entry = IncomingEntry & { actor: ReplayActor };
const step = (h: number, action: string, actor: ReplayActor, reason: string | null = null): Entry => ({ at: AT(h), action, reason, actor });

function env(options: { branchLeft?: number; threshold?: number; eligibility?: 'eligible' | 'ineligible' } = {}): ReplayEnv<Entry> & { credit: CreditLedger } {
  const rows = [
    { id: 1, institution_code: 'I1', branch_code: null, allocated_rials: 10_000_000_000, reserved_rials: 0, consumed_rials: 0 },
    { id: 2, institution_code: 'I1', branch_code: 'B1', allocated_rials: options.branchLeft ?? 1_000_000_000, reserved_rials: 0, consumed_rials: 0 },
  ];
  return {
    actorOf: (f) => f.actor,
    guards: {
      context: () => ({
        registry_verified_at: AT(0), mobile_confirmed_at: AT(0), rules_acknowledged_at: AT(0), workshop_identifier: 'W1', workshop_name: 'w', workshop_county: '0101',
        workshop_postal_code: '1234567890', uninsured_workers: 2, is_driver: 0, ordered_closed: 0,
      }),
      eligibility: () => options.eligibility ?? 'eligible',
      amountParameters: () => ({ perWorkerToman: 6_000_000, perWorkerClosedToman: 9_000_000, perDriverToman: 6_000_000, maxWorkers: 5, maxPerCaseToman: 30_000_000 }),
      openTickets: () => 0,
    },
    credit: new CreditLedger(rows, { institutions: new Set(['I1']), branches: new Set(['B1']) }),
    approvalThresholdRials: options.threshold ?? 500_000_000,
  };
}

async function refusal(entries: Entry[], e = env(), start = draft): Promise<AppError> {
  const thrown = await replayEntries(start, entries, e).then(() => null, (err: unknown) => err);
  expect(thrown).toBeInstanceOf(AppError);
  return thrown as AppError;
}

const toBank = [step(1, 'submit', intake), step(2, 'take_agency_review', reviewer), step(3, 'agency_approve', reviewer), step(4, 'take_bank_review', officer), step(5, 'bank_approve', officer)];

describe('replaying a case flow in memory', () => {
  it('takes a legal flow to its stage with the engine\'s flow rows, version and credit', async () => {
    const e = env();
    const r = await replayEntries(draft, [...toBank, step(6, 'disburse', officer), step(7, 'disburse', officer2)], e);
    expect(r.state).toMatchObject({ stage: 'disbursed', version: 8, credit_state: 'consumed', credit_rials: 120_000_000, credit_branch_code: 'B1', assignee_staff_id: 3, submitted_at: AT(1), reached_branch_at: AT(3) });
    expect(r.written.map((w) => w.action)).toEqual(['submit', 'take_agency_review', 'agency_approve', 'take_bank_review', 'bank_approve', 'request:disburse', 'disburse']);
    expect(r.written.at(-1)).toMatchObject({ staffId: 4, fromStage: 'bank_approved', toStage: 'disbursed', checked: { makerStaffId: 3, checkerStaffId: 4 } });
    expect(e.credit.changes()).toEqual([{ id: 1, reserved: 0, consumed: 120_000_000 }, { id: 2, reserved: 0, consumed: 120_000_000 }]);
  });

  it('refuses a skipped stage, a role that may not act, a missing reason and a checker who is the maker', async () => {
    expect((await refusal([step(1, 'submit', intake), step(2, 'agency_approve', reviewer)])).messageKey).toBe('workflow.notInStage');
    expect((await refusal([step(1, 'submit', intake), step(2, 'take_agency_review', intake)])).messageKey).toBe('error.forbidden');
    expect((await refusal([step(1, 'submit', intake), step(2, 'take_agency_review', reviewer), step(3, 'agency_return', reviewer, '  ')])).messageKey).toBe('validation.reasonRequired');
    expect((await refusal([...toBank, step(6, 'disburse', officer), step(7, 'disburse', officer)])).messageKey).toBe('workflow.checkerIsMaker');
    expect((await refusal([step(1, 'submit', intake), step(2, 'frobnicate', reviewer)])).messageKey).toBe('sync.unknownAction');
  });

  it('refuses what the guards refuse: an ineligible workshop, an amount over the cap', async () => {
    expect((await refusal([step(1, 'submit', intake)], env({ eligibility: 'ineligible' }))).messageKey).toBe('workflow.workshopIneligible');
    expect((await refusal([step(1, 'submit', intake)], env(), { ...draft, requested_amount_rials: 130_000_000 })).messageKey).toBe('workflow.amountOverLimit');
  });

  it('refuses credit the branch does not have, and a refused case leaves the ledger as it found it', async () => {
    const e = env({ branchLeft: 200_000_000 });
    const ok = await replayEntries(draft, [step(1, 'submit', intake)], e);
    expect(ok.state.credit_state).toBe('reserved');
    const mark = e.credit.mark();
    expect((await refusal([step(1, 'submit', intake)], e, { ...draft, id: 'c2' })).messageKey).toBe('workflow.noCredit');
    e.credit.rollback(mark);
    expect(e.credit.changes()).toEqual([{ id: 1, reserved: 120_000_000, consumed: 0 }, { id: 2, reserved: 120_000_000, consumed: 0 }]);
  });

  it('asks for a checker where this office\'s threshold says so, even if the sender\'s did not', async () => {
    const e = env({ threshold: 100_000_000 });
    const r = await replayEntries(draft, toBank.slice(0, 3), e);
    expect(r.state).toMatchObject({ stage: 'agency_review', pending_action: 'agency_approve', pending_by_staff_id: 2 });
    expect(r.written.at(-1)!.action).toBe('request:agency_approve');
    expect((await refusal([...toBank.slice(0, 3), step(4, 'agency_reject', reviewer, 'no')], env({ threshold: 100_000_000 }))).messageKey).toBe('workflow.pendingCheck');
    // The branch never saw it: the case has not reached the branch here.
    expect((await refusal(toBank.slice(0, 4), env({ threshold: 100_000_000 }))).messageKey).toBe('error.notFound');
  });

  it('leaves to the engine what it does not replay: a tracking code issued here, credit it did not load', async () => {
    await expect(replayEntries({ ...draft, tracking_code: null }, [step(1, 'submit', intake)], env())).rejects.toBeInstanceOf(ReplayUnsupported);
    await expect(replayEntries({ ...draft, branch_code: 'B9' }, [step(1, 'submit', intake)], env())).rejects.toBeInstanceOf(ReplayUnsupported);
  });
});
