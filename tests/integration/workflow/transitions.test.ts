// The case lifecycle, checked row by row against its one table (src-shared/workflow/definition.ts).
// The tests are generated from TRANSITIONS: a transition added to the table is covered here
// without touching this file (a new action only needs its line in API below, which the type
// system asks for). Every call goes through the real router on a real SQLite file.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { callerFor, completeDraft, createHarness, eligibleWorkshop, type Caller, type Harness } from '../../support/harness';
import { STAGES, STAGE_INFO, TRANSITIONS, type Action, type Holder, type Stage, type Transition } from '../../../src-shared/workflow/definition';
import { isTrackingCode } from '../../../src-shared/workflow/tracking';
import { AppError, ROLES, contract, mayCall, type ApiError, type InputOf, type Role } from '../../../src-shared/api';
import type { CaseSummary } from '../../../src-shared/api/cases';
import type { Actor } from '../../../src-main/api/types';
import { resolveSession, startSession } from '../../../src-main/services/auth/sessions';
import { act } from '../../../src-main/services/cases/engine';
import { setSetting, upsertOffice } from '../../../src-main/db/queries/offices';
import { insertStaff } from '../../../src-main/db/queries/staff';

// ---------------------------------------------------------------------------------------------
// How each action is asked for through the API. Record<Action, …>: a new action in the table is a
// type error here until it says which method takes it.

type Ref = { caseId: string; expectedVersion: number };
type Res = { ok: true; data: CaseSummary } | { ok: false; error: ApiError };
type Decision = InputOf<'cases.decide'>['decision'];

const decide = (decision: Decision) => ({
  method: 'cases.decide' as const,
  key: `decide:${decision}`,
  call: (u: Caller, r: Ref, reason?: string): Promise<Res> => u.try('cases.decide', { ...r, decision, ...(reason === undefined ? {} : { reason }) }),
});

const API: Record<Action, { method: keyof typeof contract; key: string; call: (u: Caller, r: Ref, reason?: string) => Promise<Res> }> = {
  submit: { method: 'cases.submit', key: 'submit', call: (u, r) => u.try('cases.submit', r) },
  resubmit: { method: 'cases.submit', key: 'submit', call: (u, r) => u.try('cases.submit', r) },
  take_agency_review: { method: 'cases.take', key: 'take', call: (u, r) => u.try('cases.take', r) },
  take_bank_review: { method: 'cases.take', key: 'take', call: (u, r) => u.try('cases.take', r) },
  agency_approve: decide('approve'),
  agency_reject: decide('reject'),
  agency_return: decide('return'),
  bank_approve: decide('approve'),
  bank_reject: decide('reject'),
  request_documents: decide('request_documents'),
  documents_supplied: decide('documents_supplied'),
  disburse: { method: 'cases.disburse', key: 'disburse', call: (u, r) => u.try('cases.disburse', r) },
  close: { method: 'cases.close', key: 'close', call: (u, r) => u.try('cases.close', r) },
  // The contract itself requires a reason here, so "no reason" is sent as an empty one.
  withdraw: { method: 'cases.withdraw', key: 'withdraw', call: (u, r, reason) => u.try('cases.withdraw', { ...r, reason: reason ?? '' }) },
};

const TABLE: readonly Transition[] = TRANSITIONS;
const hasRole = (t: Transition, role: Role) => (t.roles as readonly Role[]).includes(role);
const leaves = (t: Transition, stage: Stage) => (t.from as readonly Stage[]).includes(stage);

/** The role whose office holds a stage (the only one that may move a case in it). */
const HOLDER_ROLE: Record<Exclude<Holder, null>, Role> = { intake: 'intake', agency: 'agency_reviewer', branch: 'branch_officer' };
function holderRoleOf(stage: Stage): Role | null {
  const holder = STAGE_INFO[stage].holder;
  return holder ? HOLDER_ROLE[holder] : null;
}

/**
 * Who may see a case (the spec the screens rely on): the intake office that created it; its
 * agency once submitted; its branch once the agency approved it (never agency-side stages).
 */
function sees(a: Actor, c: { stage: string; created_office_id: string; agency_code: string | null; branch_code: string | null; submitted_at: string | null; reached_branch_at: string | null }): boolean {
  switch (a.officeKind) {
    case 'central': return true;
    case 'intake': return c.created_office_id === a.officeId;
    // An office sees a case once it was sent there, and keeps seeing it.
    case 'agency': return c.agency_code !== null && c.agency_code === a.agencyCode && c.submitted_at !== null;
    case 'branch': return c.branch_code !== null && c.branch_code === a.branchCode && c.reached_branch_at !== null;
  }
}

// ---------------------------------------------------------------------------------------------

interface User { username: string; caller: Caller; actor: Actor }

let h: Harness;
const users = new Map<string, User>();
const user = (username: string): User => {
  const u = users.get(username);
  if (!u) throw new Error(`no user ${username}`);
  return u;
};
/** One member of staff per role, in the offices the fixture case goes through. */
const PRIMARY: Record<Role, string> = { intake: 'clerk', agency_reviewer: 'reviewer', branch_officer: 'officer', supervisor: 'supervisor', auditor: 'auditor' };
/** A second member of the same office (the checker). */
const SECOND: Partial<Record<Role, string>> = { intake: 'clerk2', agency_reviewer: 'reviewer2', branch_officer: 'officer2' };
/** The same role in an office that does not hold the fixture case. */
const OTHER_OFFICE: Partial<Record<Role, string>> = { intake: 'clerk-other', agency_reviewer: 'reviewer-other', branch_officer: 'officer-other' };

const REASON = 'Checked against the file: see note';

/** A signed-in caller: a real session through the real router (without paying scrypt per user). */
async function sessionFor(username: string): Promise<User> {
  const db = h.app.database.db;
  const staff = await db.selectFrom('staff').select('id').where('username', '=', username).executeTakeFirstOrThrow();
  const token = await startSession(db, staff.id, h.clock);
  const caller = callerFor(h.app);
  caller.session.set(token);
  const actor = await resolveSession(db, token, h.clock);
  if (!actor) throw new Error(`no session for ${username}`);
  return { username, caller, actor };
}

beforeAll(async () => {
  h = await createHarness();
  const db = h.app.database.db;
  const now = h.clock.now().toISOString();
  // A reviewer of another agency, for holder-office mismatches on the agency side.
  const otherAgency = await db.selectFrom('agencies').select('code').where('code', '!=', h.fixture.agencyCode).orderBy('code').executeTakeFirstOrThrow();
  await upsertOffice(db, { id: `AG-${otherAgency.code}`, kind: 'agency', nameFa: 'دستگاه دیگر', nameEn: 'Other agency', agencyCode: otherAgency.code, now });
  await insertStaff(db, { username: 'reviewer-other', displayName: 'reviewer-other', role: 'agency_reviewer', officeId: `AG-${otherAgency.code}`, passwordHash: 'unused', mustChangePassword: false, now });
  for (const username of ['clerk', 'clerk2', 'clerk-other', 'reviewer', 'reviewer2', 'reviewer-other', 'officer', 'officer2', 'officer-other', 'supervisor', 'auditor']) {
    users.set(username, await sessionFor(username));
  }
});

afterAll(async () => {
  await h?.close();
});

// ---------------------------------------------------------------------------------------------
// Reading state

const ref = (c: { id: string; version: number }): Ref => ({ caseId: c.id, expectedVersion: c.version });

function refusal(r: { ok: true; data: unknown } | { ok: false; error: ApiError }): ApiError {
  if (r.ok) throw new Error(`expected a refusal, but the call succeeded: ${JSON.stringify(r.data)}`);
  return r.error;
}

function accepted(r: Res): CaseSummary {
  if (!r.ok) throw new Error(`expected success, got ${r.error.code}: ${r.error.message}`);
  return r.data;
}

const caseRow = (id: string) => h.app.database.db.selectFrom('cases').selectAll().where('id', '=', id).executeTakeFirstOrThrow();
const flowRows = (id: string) => h.app.database.db.selectFrom('case_flow').selectAll().where('case_id', '=', id).orderBy('id').execute();

async function allocation(branchCode: string | null) {
  let q = h.app.database.db.selectFrom('credit_allocations').selectAll().where('institution_code', '=', h.fixture.institutionCode);
  q = branchCode === null ? q.where('branch_code', 'is', null) : q.where('branch_code', '=', branchCode);
  return q.executeTakeFirstOrThrow();
}

/** Everything a refused command must leave alone. */
async function snapshot(caseId: string) {
  const db = h.app.database.db;
  const totals = await db
    .selectFrom('credit_allocations')
    .select((eb) => [eb.fn.sum<number>('reserved_rials').as('reserved'), eb.fn.sum<number>('consumed_rials').as('consumed'), eb.fn.countAll<number>().as('rows')])
    .executeTakeFirstOrThrow();
  const flowCount = await db.selectFrom('case_flow').select((eb) => eb.fn.countAll<number>().as('n')).executeTakeFirstOrThrow();
  const settings = await db.selectFrom('settings').selectAll().orderBy('key').execute();
  return {
    row: await caseRow(caseId),
    flow: await flowRows(caseId),
    flowCount: Number(flowCount.n),
    branch: await allocation(h.fixture.branchCode),
    institution: await allocation(null),
    totals,
    settings,
  };
}

/** Runs a call that must be refused, and checks that it changed nothing at all. */
async function expectRefusedUnchanged(caseId: string, run: () => Promise<Res>, label: string): Promise<ApiError> {
  const before = await snapshot(caseId);
  const r = await run();
  if (r.ok) throw new Error(`${label}: expected a refusal, but it succeeded (stage ${r.data.stage}, pending ${r.data.pendingAction})`);
  expect(await snapshot(caseId), `${label}: a refusal must change nothing`).toEqual(before);
  return r.error;
}

/** What a screen offers (allowedActions) must not include an action the engine refuses. */
async function expectNotOffered(u: User, caseId: string, action: Action): Promise<void> {
  const r = await u.caller.try('cases.get', { caseId });
  if (r.ok) expect(r.data.allowedActions, `${action} offered to ${u.username}`).not.toContain(action);
}

/** The engine asked directly for one action (the API maps some roles' calls to other actions). */
async function engineRefusal(actor: Actor, caseId: string, action: Action, reason?: string): Promise<string> {
  const before = await snapshot(caseId);
  const { version } = await caseRow(caseId);
  let code = 'ok';
  try {
    await h.app.database.db.transaction().execute((trx) => act(trx, actor, h.clock, { caseId, action, expectedVersion: version, reason }));
  } catch (e) {
    if (!(e instanceof AppError)) throw e;
    code = e.code;
  }
  expect(await snapshot(caseId), `engine ${action} by ${actor.username}: a refusal must change nothing`).toEqual(before);
  return code;
}

// ---------------------------------------------------------------------------------------------
// Driving a case to any stage, along the shortest path the table allows

function pathTo(target: Stage): Transition[] {
  const via = new Map<Stage, { from: Stage; t: Transition }>();
  const seen = new Set<Stage>(['draft']);
  const queue: Stage[] = ['draft'];
  while (queue.length) {
    const s = queue.shift()!;
    for (const t of TABLE) {
      if (leaves(t, s) && !seen.has(t.to)) {
        seen.add(t.to);
        via.set(t.to, { from: s, t });
        queue.push(t.to);
      }
    }
  }
  if (!seen.has(target)) throw new Error(`stage ${target} cannot be reached from draft`);
  const path: Transition[] = [];
  for (let s = target; s !== 'draft'; s = via.get(s)!.from) path.unshift(via.get(s)!.t);
  return path;
}

async function newDraft(overrides: Partial<InputOf<'intake.createDraft'>> = {}, options: { eligible?: boolean } = {}): Promise<CaseSummary> {
  const input = completeDraft(h, overrides);
  if (options.eligible !== false) await eligibleWorkshop(h, input.workshop?.workshopCode ?? input.applicant.nationalCode);
  return user('clerk').caller.call('intake.createDraft', input);
}

/** Takes one transition as its holding office would, confirming by a second member when a checker is needed. */
async function perform(t: Transition, c: CaseSummary): Promise<CaseSummary> {
  const role = holderRoleOf(c.stage);
  if (!role || !hasRole(t, role)) throw new Error(`${t.action} cannot be taken from ${c.stage} by its holder`);
  let next = accepted(await API[t.action as Action].call(user(PRIMARY[role]).caller, ref(c), t.reasonRequired ? REASON : undefined));
  if (next.pendingAction === t.action) {
    next = accepted(await user(SECOND[role]!).caller.try('cases.confirmPending', ref(next)));
  }
  expect(next.stage, `${t.action} from ${c.stage}`).toBe(t.to);
  return next;
}

async function driveTo(target: Stage, overrides: Partial<InputOf<'intake.createDraft'>> = {}): Promise<CaseSummary> {
  let c = await newDraft(overrides);
  for (const t of pathTo(target)) c = await perform(t, c);
  return c;
}

async function thresholdRials(): Promise<number> {
  const s = await h.app.database.db.selectFrom('settings').select('value').where('key', '=', 'approval_check_threshold_rials').executeTakeFirst();
  return s ? Number(s.value) : 500_000_000;
}

async function needsChecker(t: Transition, amountRials: number): Promise<boolean> {
  if (t.checker === 'always') return true;
  if (t.checker === 'aboveApprovalThreshold') return amountRials > (await thresholdRials());
  return false;
}

// ---------------------------------------------------------------------------------------------

describe('the table itself', () => {
  it('reaches every stage from draft, and every stage with a way out is held by an office', () => {
    for (const s of STAGES) expect(() => pathTo(s)).not.toThrow();
    for (const t of TABLE) {
      for (const from of t.from) {
        const role = holderRoleOf(from);
        expect(role, `${t.action} leaves ${from}, which no office holds`).not.toBeNull();
        expect(hasRole(t, role!), `${t.action} from ${from}: the holding office's role may not take it`).toBe(true);
      }
    }
  });
});

const ROWS = TABLE.flatMap((t) => (t.from as readonly Stage[]).map((from) => ({ action: t.action, from, t })));

describe('every transition, from every stage it leaves', () => {
  it.each(ROWS)('$action from $from', async ({ t, from }) => {
    const action = t.action as Action;
    const api = API[action];
    const c = await driveTo(from);
    const holder = holderRoleOf(from)!;

    // (b) Every role not in the transition's roles is refused, and nothing changes.
    for (const role of ROLES.filter((r) => !hasRole(t, r))) {
      const u = user(PRIMARY[role]);
      const viaApi = await expectRefusedUnchanged(c.id, () => api.call(u.caller, ref(c), REASON), `${action} by ${role}`);
      // A role that may not call the method at all is refused by the router; one that may is
      // refused when its call reaches the engine (its own office's action, or no sight of the case).
      if (!mayCall(contract[api.method].access, role)) expect(viaApi.code, `${action} by ${role}`).toBe('forbidden');
      const row = await caseRow(c.id);
      expect(await engineRefusal(u.actor, c.id, action, REASON), `engine: ${action} by ${role}`).toBe(sees(u.actor, row) ? 'forbidden' : 'not_found');
      await expectNotOffered(u, c.id, action);
    }

    // (c) The right role from an office that does not hold the case is refused.
    for (const role of t.roles as readonly Role[]) {
      const mismatched = [OTHER_OFFICE[role]];
      if (role !== holder) mismatched.push(PRIMARY[role], SECOND[role]);
      for (const username of mismatched.filter((n): n is string => n !== undefined)) {
        const u = user(username);
        const row = await caseRow(c.id);
        const expected = sees(u.actor, row) ? 'forbidden' : 'not_found';
        const e = await expectRefusedUnchanged(c.id, () => api.call(u.caller, ref(c), REASON), `${action} by ${username}`);
        expect(e.code, `${action} from ${from} by ${username}`).toBe(expected);
        expect(await engineRefusal(u.actor, c.id, action, REASON)).toBe(expected);
        await expectNotOffered(u, c.id, action);
      }
    }

    // (a) The holding office's role may take it; without a reason, when one is required, it may not.
    const maker = user(PRIMARY[holder]);
    expect((await maker.caller.call('cases.get', { caseId: c.id })).allowedActions, 'offered to the holder').toContain(action);
    if (t.reasonRequired) {
      for (const missing of [undefined, '   ']) {
        const e = await expectRefusedUnchanged(c.id, () => api.call(maker.caller, ref(c), missing), `${action} without a reason`);
        expect(e.code).toBe('validation');
        expect(e.field).toBe('reason');
      }
    }
    const before = { row: await caseRow(c.id), branch: await allocation(h.fixture.branchCode), institution: await allocation(null), flow: await flowRows(c.id) };
    let after = accepted(await api.call(maker.caller, ref(c), t.reasonRequired ? REASON : undefined));
    let applier = maker;
    if (await needsChecker(t, c.requestedAmountRials ?? 0)) {
      expect(after.stage).toBe(from);
      expect(after.pendingAction).toBe(action);
      expect(after.pendingByStaffId).toBe(maker.actor.staffId);
      const self = refusal(await maker.caller.try('cases.confirmPending', ref(after)));
      expect(self.code).toBe('forbidden');
      applier = user(SECOND[holder]!);
      after = accepted(await applier.caller.try('cases.confirmPending', ref(after)));
    }
    expect(after.stage).toBe(t.to);
    expect(after.pendingAction).toBeNull();
    expect(after.version).toBe(before.row.version + ((await needsChecker(t, c.requestedAmountRials ?? 0)) ? 2 : 1));

    // The effects the table names, and only those.
    const row = await caseRow(c.id);
    const branch = await allocation(h.fixture.branchCode);
    const institution = await allocation(null);
    const amount = c.requestedAmountRials!;
    const wasReserved = before.row.credit_state === 'reserved';
    const effects = t.effects as readonly string[];
    let reservedDelta = 0;
    let consumedDelta = 0;
    if (effects.includes('reserveCredit')) {
      expect(row.credit_state).toBe('reserved');
      expect(row.credit_rials).toBe(amount);
      expect(row.credit_branch_code).toBe(h.fixture.branchCode);
      reservedDelta = wasReserved ? 0 : amount;
    } else if (effects.includes('releaseCredit')) {
      expect(row.credit_state).toBe(wasReserved ? 'released' : before.row.credit_state);
      reservedDelta = wasReserved ? -amount : 0;
    } else if (effects.includes('consumeCredit')) {
      expect(row.credit_state).toBe('consumed');
      reservedDelta = -amount;
      consumedDelta = amount;
    } else {
      expect(row.credit_state).toBe(before.row.credit_state);
    }
    for (const [now, was] of [[branch, before.branch], [institution, before.institution]] as const) {
      expect(now.reserved_rials - was.reserved_rials, `${action}: reserved`).toBe(reservedDelta);
      expect(now.consumed_rials - was.consumed_rials, `${action}: consumed`).toBe(consumedDelta);
    }
    if (effects.includes('issueTrackingCode')) {
      expect(isTrackingCode(row.tracking_code ?? '')).toBe(true);
    } else {
      expect(row.tracking_code).toBe(before.row.tracking_code);
    }
    if (effects.includes('assignToActor')) expect(row.assignee_staff_id).toBe(applier.actor.staffId);
    else if (effects.includes('clearAssignee')) expect(row.assignee_staff_id).toBeNull();
    else expect(row.assignee_staff_id).toBe(before.row.assignee_staff_id);

    // The step is in the case's flow, with who took it, from which office, and why.
    const flow = await flowRows(c.id);
    const last = flow.at(-1)!;
    expect(last).toMatchObject({
      action, from_stage: from, to_stage: t.to, staff_id: applier.actor.staffId, staff_name: applier.actor.displayName,
      office_id: applier.actor.officeId, reason: t.reasonRequired ? REASON : null,
    });
  });
});

describe('every transition is refused from the stages it does not leave', () => {
  const atStage = new Map<Stage, Promise<CaseSummary>>();
  const caseAt = (s: Stage) => {
    if (!atStage.has(s)) atStage.set(s, driveTo(s));
    return atStage.get(s)!;
  };

  it.each(TABLE.map((t) => ({ action: t.action, t })))('$action', async ({ t }) => {
    const action = t.action as Action;
    for (const stage of STAGES.filter((s) => !leaves(t, s))) {
      const { id } = await caseAt(stage);
      for (const role of t.roles as readonly Role[]) {
        const u = user(PRIMARY[role]);
        const row = await caseRow(id);
        expect(row.stage).toBe(stage);
        const expected = sees(u.actor, row) ? 'refused' : 'not_found';
        expect(await engineRefusal(u.actor, id, action, REASON), `engine: ${action} from ${stage} by ${role}`).toBe(expected);
        // Through the API, unless the same call means another action that may leave this stage
        // (cases.submit is submit on a draft and resubmit on a returned case).
        const shadowed = TABLE.some((o) => o !== t && API[o.action as Action].key === API[action].key && hasRole(o, role) && leaves(o, stage));
        if (shadowed) continue;
        const e = await expectRefusedUnchanged(id, () => API[action].call(u.caller, ref(row), REASON), `${action} from ${stage} by ${role}`);
        expect(e.code, `${action} from ${stage} by ${role}: ${e.message}`).toBe(expected);
      }
    }
  });
});

// ---------------------------------------------------------------------------------------------

describe('submission guards', () => {
  it('refuses an incomplete draft and lists the missing steps', async () => {
    const input = completeDraft(h, { workshop: undefined, activityCode: undefined, permit: undefined, institutionCode: undefined, branchCode: undefined, requestedAmountToman: undefined });
    input.applicant.rulesAcknowledged = false;
    const c = await user('clerk').caller.call('intake.createDraft', input);
    const e = await expectRefusedUnchanged(c.id, () => user('clerk').caller.try('cases.submit', ref(c)), 'incomplete submit');
    expect(e.code).toBe('refused');
    expect(e.message).not.toBe('');
    const missing = (e.details as { missing: string[] }).missing;
    expect([...missing].sort()).toEqual(['step.activity', 'step.amount', 'step.bankBranch', 'step.permits', 'step.rules', 'step.workshop', 'step.workshopDetails']);

    const partly = completeDraft(h);
    partly.applicant.registryVerified = false;
    partly.applicant.mobileConfirmedBy = null;
    await eligibleWorkshop(h, partly.applicant.nationalCode);
    const c2 = await user('clerk').caller.call('intake.createDraft', partly);
    const e2 = refusal(await user('clerk').caller.try('cases.submit', ref(c2)));
    expect(e2.code).toBe('refused');
    expect([...(e2.details as { missing: string[] }).missing].sort()).toEqual(['step.mobileConfirmed', 'step.registryVerified']);
    expect((await caseRow(c2.id)).stage).toBe('draft');
  });

  it('refuses a workshop marked ineligible, and one not on the list at all', async () => {
    const db = h.app.database.db;
    const ineligible = completeDraft(h);
    await db.insertInto('eligibility_list').values({ workshop_identifier: ineligible.applicant.nationalCode, status: 'ineligible', source: 'test', updated_at: h.clock.now().toISOString() }).execute();
    const c1 = await user('clerk').caller.call('intake.createDraft', ineligible);
    const e1 = await expectRefusedUnchanged(c1.id, () => user('clerk').caller.try('cases.submit', ref(c1)), 'ineligible');
    expect(e1.code).toBe('refused');
    expect(e1.details).toMatchObject({ eligibility: 'ineligible' });

    const c2 = await newDraft({}, { eligible: false });
    const e2 = await expectRefusedUnchanged(c2.id, () => user('clerk').caller.try('cases.submit', ref(c2)), 'not found');
    expect(e2.code).toBe('refused');
    expect(e2.details).toMatchObject({ eligibility: 'not_found' });
    expect(e2.message).not.toBe(e1.message);
  });

  it('looks a workshop up by its own code when it has one, not by its owner', async () => {
    const input = completeDraft(h);
    input.workshop = { ...input.workshop!, workshopCode: '1234567' };
    await eligibleWorkshop(h, input.applicant.nationalCode);
    const c = await user('clerk').caller.call('intake.createDraft', input);
    expect(refusal(await user('clerk').caller.try('cases.submit', ref(c))).details).toMatchObject({ eligibility: 'not_found' });
    await eligibleWorkshop(h, '1234567');
    expect(accepted(await user('clerk').caller.try('cases.submit', ref(c))).stage).toBe('submitted');
  });

  it('accepts a workshop overridden by an accepted objection, and re-checks eligibility at agency approval', async () => {
    const db = h.app.database.db;
    const c = await driveTo('agency_review');
    const nationalCode = (await db.selectFrom('cases as c').innerJoin('applicants as a', 'a.id', 'c.applicant_id').select('a.national_code').where('c.id', '=', c.id).executeTakeFirstOrThrow()).national_code;
    await db.updateTable('eligibility_list').set({ status: 'ineligible' }).where('workshop_identifier', '=', nationalCode).execute();
    const e = await expectRefusedUnchanged(c.id, () => user('reviewer').caller.try('cases.decide', { ...ref(c), decision: 'approve' }), 'approve ineligible');
    expect(e.code).toBe('refused');
    await db.insertInto('eligibility_overrides').values({ workshop_identifier: nationalCode, ticket_id: null, staff_id: user('reviewer').actor.staffId, reason: 'objection accepted', at: h.clock.now().toISOString() }).execute();
    expect(accepted(await user('reviewer').caller.try('cases.decide', { ...ref(c), decision: 'approve' })).stage).toBe('agency_approved');
  });

  it('refuses an amount above the programme maximum, and accepts the maximum itself', async () => {
    // 2 uninsured workers x 12,000,000 toman = 24,000,000 toman = 240,000,000 rials.
    const over = await newDraft({ requestedAmountToman: 24_000_001 });
    const e = await expectRefusedUnchanged(over.id, () => user('clerk').caller.try('cases.submit', ref(over)), 'over the limit');
    expect(e.code).toBe('refused');
    expect(e.field).toBe('requestedAmount');
    expect(e.details).toMatchObject({ maxRials: 240_000_000 });
    const atMax = await newDraft({ requestedAmountToman: 24_000_000 });
    expect(accepted(await user('clerk').caller.try('cases.submit', ref(atMax))).stage).toBe('submitted');
  });
});

describe('credit', () => {
  const countyBranches = () => h.app.database.db.selectFrom('branches').select(['code', 'institution_code']).where('county_code', '=', h.fixture.countyCode).execute();
  const setAllocated = async (branchCode: string | null, leftRials: number) => {
    const a = await allocation(branchCode);
    await h.app.database.db.updateTable('credit_allocations').set({ allocated_rials: a.reserved_rials + a.consumed_rials + leftRials }).where('id', '=', a.id).execute();
    return a.allocated_rials;
  };
  const restore = async (branchCode: string | null, allocated: number) => {
    await h.app.database.db.updateTable('credit_allocations').set({ allocated_rials: allocated }).where('id', '=', (await allocation(branchCode)).id).execute();
  };

  it('refuses a submission the branch cannot fund, naming the other branches of the county that can', async () => {
    const c = await newDraft();
    const amount = c.requestedAmountRials!;
    const original = await setAllocated(h.fixture.branchCode, amount - 1);
    try {
      const e = await expectRefusedUnchanged(c.id, () => user('clerk').caller.try('cases.submit', ref(c)), 'no credit');
      expect(e.code).toBe('refused');
      expect(e.message.length).toBeGreaterThan(0);
      expect(e.field).toBe('branchCode');
      const alternatives = (e.details as { alternatives: Array<{ code: string; institutionCode: string }> }).alternatives;
      const expected = (await countyBranches()).filter((b) => b.code !== h.fixture.branchCode);
      expect(alternatives.map((a) => a.code).sort()).toEqual(expected.map((b) => b.code).sort());
      expect(alternatives.map((a) => a.code)).toContain(h.fixture.otherBranchCode);
      expect(alternatives.map((a) => a.code)).not.toContain(h.fixture.branchCode);
      expect((await caseRow(c.id))).toMatchObject({ stage: 'draft', tracking_code: null, credit_state: 'none' });
    } finally {
      await restore(h.fixture.branchCode, original);
    }
    expect(accepted(await user('clerk').caller.try('cases.submit', ref(c))).stage).toBe('submitted');
  });

  it('still names a branch of the same institution when the institution has exactly the amount left', async () => {
    const c = await newDraft();
    const amount = c.requestedAmountRials!;
    const branchOriginal = await setAllocated(h.fixture.branchCode, amount - 1);
    const institutionOriginal = await setAllocated(null, amount);
    try {
      const e = refusal(await user('clerk').caller.try('cases.submit', ref(c)));
      expect(e.code).toBe('refused');
      const alternatives = (e.details as { alternatives: Array<{ code: string }> }).alternatives;
      // The other branch of the same institution could take the case: the institution has the amount.
      expect(alternatives.map((a) => a.code)).toContain(h.fixture.otherBranchCode);
    } finally {
      await restore(h.fixture.branchCode, branchOriginal);
      await restore(null, institutionOriginal);
    }
  });

  it('refuses when the institution as a whole has run out, even if the branch has credit', async () => {
    const c = await newDraft();
    const original = await setAllocated(null, c.requestedAmountRials! - 1);
    try {
      const e = await expectRefusedUnchanged(c.id, () => user('clerk').caller.try('cases.submit', ref(c)), 'institution empty');
      expect(e.code).toBe('refused');
      const alternatives = (e.details as { alternatives: Array<{ institutionCode: string }> }).alternatives;
      expect(alternatives.every((a) => a.institutionCode !== h.fixture.institutionCode)).toBe(true);
    } finally {
      await restore(null, original);
    }
  });

  it('reserves at submit, releases on rejection and withdrawal, consumes at disbursement', async () => {
    const amountOf = (c: CaseSummary) => c.requestedAmountRials!;
    const levels = async () => ({ branch: await allocation(h.fixture.branchCode), institution: await allocation(null) });
    const expectMoved = async (was: Awaited<ReturnType<typeof levels>>, reserved: number, consumed: number) => {
      const now = await levels();
      for (const k of ['branch', 'institution'] as const) {
        expect(now[k].reserved_rials - was[k].reserved_rials, `${k} reserved`).toBe(reserved);
        expect(now[k].consumed_rials - was[k].consumed_rials, `${k} consumed`).toBe(consumed);
      }
    };

    let was = await levels();
    let c = await newDraft({ requestedAmountToman: 12_345_678 });
    c = accepted(await user('clerk').caller.try('cases.submit', ref(c)));
    expect(c.creditState).toBe('reserved');
    await expectMoved(was, amountOf(c), 0);

    // Agency rejection releases it.
    c = await perform(TABLE.find((t) => t.action === 'take_agency_review')!, c);
    was = await levels();
    c = accepted(await user('reviewer').caller.try('cases.decide', { ...ref(c), decision: 'reject', reason: REASON }));
    expect(c.creditState).toBe('released');
    await expectMoved(was, -amountOf(c), 0);
    expect((await caseRow(c.id)).credit_rials).toBe(0);

    // Bank rejection releases it.
    c = await driveTo('bank_review');
    was = await levels();
    c = accepted(await user('officer').caller.try('cases.decide', { ...ref(c), decision: 'reject', reason: REASON }));
    expect(c.creditState).toBe('released');
    await expectMoved(was, -amountOf(c), 0);

    // Withdrawal releases it, at every stage that holds a reservation.
    for (const stage of ['submitted', 'agency_review', 'returned', 'agency_approved', 'bank_review', 'documents_requested'] as const) {
      c = await driveTo(stage);
      expect(c.creditState).toBe('reserved');
      const holder = user(PRIMARY[holderRoleOf(stage)!]);
      was = await levels();
      c = accepted(await holder.caller.try('cases.withdraw', { ...ref(c), reason: REASON }));
      expect(c.creditState).toBe('released');
      await expectMoved(was, -amountOf(c), 0);
    }

    // Disbursement consumes it (once the checker confirms), and closing changes nothing.
    c = await driveTo('bank_approved');
    was = await levels();
    c = accepted(await user('officer').caller.try('cases.disburse', ref(c)));
    await expectMoved(was, 0, 0);
    c = accepted(await user('officer2').caller.try('cases.confirmPending', ref(c)));
    expect(c.creditState).toBe('consumed');
    await expectMoved(was, -amountOf(c), amountOf(c));
    was = await levels();
    c = accepted(await user('officer').caller.try('cases.close', ref(c)));
    expect(c.creditState).toBe('consumed');
    await expectMoved(was, 0, 0);
  });
});

describe('tracking code, return and resubmission', () => {
  it('issues a valid 12-digit code at submit, keeps it through return and resubmission, and keeps both submissions in the flow', async () => {
    let c = await newDraft();
    expect(c.trackingCode).toBeNull();
    const was = await allocation(h.fixture.branchCode);
    c = accepted(await user('clerk').caller.try('cases.submit', ref(c)));
    const code = c.trackingCode!;
    expect(code).toMatch(/^\d{12}$/);
    expect(isTrackingCode(code)).toBe(true);

    c = accepted(await user('reviewer').caller.try('cases.take', ref(c)));
    c = accepted(await user('reviewer').caller.try('cases.decide', { ...ref(c), decision: 'return', reason: 'Permit copy is unreadable' }));
    expect(c.stage).toBe('returned');
    expect(c.trackingCode).toBe(code);
    c = accepted(await user('clerk2').caller.try('cases.submit', ref(c)));
    expect(c.stage).toBe('submitted');
    expect(c.trackingCode).toBe(code);
    // Re-reserved, not reserved twice.
    expect((await allocation(h.fixture.branchCode)).reserved_rials - was.reserved_rials).toBe(c.requestedAmountRials);

    const flow = await user('clerk').caller.call('cases.flow', { caseId: c.id });
    expect(flow.map((f) => f.action)).toEqual(['create', 'submit', 'take_agency_review', 'agency_return', 'resubmit']);
    expect(flow.filter((f) => f.toStage === 'submitted').map((f) => f.staffName)).toEqual(['clerk', 'clerk2']);

    // And the resubmitted case goes on as any other.
    c = accepted(await user('reviewer2').caller.try('cases.take', ref(c)));
    c = accepted(await user('reviewer2').caller.try('cases.decide', { ...ref(c), decision: 'approve' }));
    expect(c.stage).toBe('agency_approved');

    const other = accepted(await user('clerk').caller.try('cases.submit', ref(await newDraft())));
    expect(isTrackingCode(other.trackingCode!)).toBe(true);
    expect(other.trackingCode).not.toBe(code);
  });
});

describe('maker-checker', () => {
  // 5 workers x 12,000,000 toman = 60,000,000 toman = 600,000,000 rials, above the 500,000,000 default.
  const bigDraft = (): Partial<InputOf<'intake.createDraft'>> => ({
    workshop: { ...completeDraft(h).workshop!, uninsuredWorkers: 5 },
    requestedAmountToman: 60_000_000,
  });

  it('holds an approval above the threshold for a second member of the same office', async () => {
    let c = await driveTo('agency_review', bigDraft());
    c = accepted(await user('reviewer').caller.try('cases.decide', { ...ref(c), decision: 'approve' }));
    expect(c).toMatchObject({ stage: 'agency_review', pendingAction: 'agency_approve', pendingByStaffId: user('reviewer').actor.staffId });
    expect(c.allowedActions).not.toContain('confirm_pending');
    const seenByChecker = await user('reviewer2').caller.call('cases.get', { caseId: c.id });
    expect(seenByChecker.allowedActions).toEqual(['confirm_pending', 'cancel_pending']);
    expect((await user('reviewer2').caller.call('cases.checkerInbox', {})).map((x) => x.id)).toContain(c.id);

    const self = await expectRefusedUnchanged(c.id, () => user('reviewer').caller.try('cases.confirmPending', ref(c)), 'maker confirms');
    expect(self.code).toBe('forbidden');
    const other = await expectRefusedUnchanged(c.id, () => user('reviewer-other').caller.try('cases.confirmPending', ref(c)), 'other agency confirms');
    expect(other.code).toBe('not_found');
    // Nothing else moves the case while the approval waits.
    const blocked = await expectRefusedUnchanged(c.id, () => user('reviewer2').caller.try('cases.decide', { ...ref(c), decision: 'reject', reason: REASON }), 'reject while pending');
    expect(blocked.code).toBe('refused');

    c = accepted(await user('reviewer2').caller.try('cases.confirmPending', ref(c)));
    expect(c).toMatchObject({ stage: 'agency_approved', pendingAction: null, pendingByStaffId: null });
    const flow = await flowRows(c.id);
    expect(flow.slice(-2).map((f) => [f.action, f.staff_name, f.from_stage, f.to_stage])).toEqual([
      ['request:agency_approve', 'reviewer', 'agency_review', 'agency_review'],
      ['agency_approve', 'reviewer2', 'agency_review', 'agency_approved'],
    ]);
    expect(JSON.parse(flow.at(-1)!.details)).toEqual({ makerStaffId: user('reviewer').actor.staffId, checkerStaffId: user('reviewer2').actor.staffId });

    // The bank side, the same way.
    c = accepted(await user('officer').caller.try('cases.take', ref(c)));
    c = accepted(await user('officer').caller.try('cases.decide', { ...ref(c), decision: 'approve' }));
    expect(c).toMatchObject({ stage: 'bank_review', pendingAction: 'bank_approve' });
    expect(refusal(await user('officer').caller.try('cases.confirmPending', ref(c))).code).toBe('forbidden');
    expect(refusal(await user('officer-other').caller.try('cases.confirmPending', ref(c))).code).toBe('not_found');
    c = accepted(await user('officer2').caller.try('cases.confirmPending', ref(c)));
    expect(c.stage).toBe('bank_approved');
  });

  it('lets the maker cancel a pending action, leaving the case where it was', async () => {
    let c = await driveTo('agency_review', bigDraft());
    c = accepted(await user('reviewer').caller.try('cases.decide', { ...ref(c), decision: 'approve' }));
    c = accepted(await user('reviewer').caller.try('cases.cancelPending', { ...ref(c), reason: 'Amount to be re-checked' }));
    expect(c).toMatchObject({ stage: 'agency_review', pendingAction: null });
    expect((await flowRows(c.id)).at(-1)).toMatchObject({ action: 'cancel:agency_approve', from_stage: 'agency_review', to_stage: 'agency_review', reason: 'Amount to be re-checked' });
    c = accepted(await user('reviewer').caller.try('cases.decide', { ...ref(c), decision: 'return', reason: REASON }));
    expect(c.stage).toBe('returned');
  });

  it('does not hold an approval at or below the threshold, and follows the office setting', async () => {
    const atThreshold = await driveTo('agency_review', { ...bigDraft(), requestedAmountToman: 50_000_000 });
    expect(accepted(await user('reviewer').caller.try('cases.decide', { ...ref(atThreshold), decision: 'approve' })).stage).toBe('agency_approved');

    await setSetting(h.app.database.db, 'approval_check_threshold_rials', '600000000');
    try {
      const c = await driveTo('agency_review', bigDraft());
      expect(accepted(await user('reviewer').caller.try('cases.decide', { ...ref(c), decision: 'approve' })).stage).toBe('agency_approved');
    } finally {
      await setSetting(h.app.database.db, 'approval_check_threshold_rials', '500000000');
    }
    await setSetting(h.app.database.db, 'approval_check_threshold_rials', '1000');
    try {
      const small = await driveTo('agency_review');
      expect(accepted(await user('reviewer').caller.try('cases.decide', { ...ref(small), decision: 'approve' })).pendingAction).toBe('agency_approve');
    } finally {
      await h.app.database.db.deleteFrom('settings').where('key', '=', 'approval_check_threshold_rials').execute();
    }
  });

  it('always needs a second officer to disburse, whatever the amount', async () => {
    let c = await driveTo('bank_approved', { requestedAmountToman: 1_000_000 });
    c = accepted(await user('officer2').caller.try('cases.disburse', ref(c)));
    expect(c).toMatchObject({ stage: 'bank_approved', pendingAction: 'disburse' });
    expect(refusal(await user('officer2').caller.try('cases.confirmPending', ref(c))).code).toBe('forbidden');
    // The agency still sees its case, but it is not the branch: refused all the same.
    expect(refusal(await user('reviewer').caller.try('cases.confirmPending', ref(c))).code).toBe('forbidden');
    expect(refusal(await user('officer-other').caller.try('cases.confirmPending', ref(c))).code).toBe('not_found');
    c = accepted(await user('officer').caller.try('cases.confirmPending', ref(c)));
    expect(c.stage).toBe('disbursed');
  });
});

describe('open objection tickets', () => {
  async function openTicket(caseId: string, status = 'open'): Promise<string> {
    const row = await caseRow(caseId);
    const id = `T-${caseId}-${status}-${Math.random().toString(36).slice(2)}`;
    await h.app.database.db.insertInto('tickets').values({
      id, tracking_number: id, applicant_id: row.applicant_id, case_id: caseId, workshop_identifier: 'x', kind: 'ineligible', status,
      description: 'objection', agency_code: row.agency_code, created_office_id: row.created_office_id, created_at: h.clock.now().toISOString(), updated_at: h.clock.now().toISOString(),
    }).execute();
    return id;
  }
  const closeTicket = (id: string) => h.app.database.db.updateTable('tickets').set({ status: 'closed' }).where('id', '=', id).execute();

  it('refuses disbursement while a ticket is open on the case, at request and at confirmation', async () => {
    let c = await driveTo('bank_approved');
    const t1 = await openTicket(c.id);
    const e = await expectRefusedUnchanged(c.id, () => user('officer').caller.try('cases.disburse', ref(c)), 'disburse with open ticket');
    expect(e.code).toBe('refused');
    await closeTicket(t1);
    const t2 = await openTicket(c.id, 'info_requested');
    expect(refusal(await user('officer').caller.try('cases.disburse', ref(c))).code).toBe('refused');
    await closeTicket(t2);

    c = accepted(await user('officer').caller.try('cases.disburse', ref(c)));
    expect(c.pendingAction).toBe('disburse');
    const t3 = await openTicket(c.id);
    const e2 = await expectRefusedUnchanged(c.id, () => user('officer2').caller.try('cases.confirmPending', ref(c)), 'confirm with open ticket');
    expect(e2.code).toBe('refused');
    await closeTicket(t3);
    c = accepted(await user('officer2').caller.try('cases.confirmPending', ref(c)));
    expect(c.stage).toBe('disbursed');
  });
});

describe('concurrency and visibility', () => {
  it('refuses a stale expectedVersion with a conflict', async () => {
    const draft = await newDraft();
    const c = accepted(await user('clerk').caller.try('cases.submit', ref(draft)));
    const e = await expectRefusedUnchanged(c.id, () => user('reviewer').caller.try('cases.take', { caseId: c.id, expectedVersion: draft.version }), 'stale take');
    expect(e.code).toBe('conflict');
    expect(e.details).toMatchObject({ currentVersion: c.version, stage: 'submitted' });
    const twice = await expectRefusedUnchanged(c.id, () => user('clerk').caller.try('cases.submit', ref(draft)), 'double submit');
    expect(twice.code).toBe('conflict');
    const ahead = await expectRefusedUnchanged(c.id, () => user('reviewer').caller.try('cases.take', { caseId: c.id, expectedVersion: c.version + 1 }), 'future version');
    expect(ahead.code).toBe('conflict');
  });

  it('keeps the whole flow: who, from which office, and why, at every step', async () => {
    let c = await driveTo('returned');
    c = await perform(TABLE.find((t) => t.action === 'resubmit')!, c);
    c = await perform(TABLE.find((t) => t.action === 'take_agency_review')!, c);
    c = await perform(TABLE.find((t) => t.action === 'agency_approve')!, c);
    c = accepted(await user('officer2').caller.try('cases.take', ref(c)));
    c = accepted(await user('officer2').caller.try('cases.decide', { ...ref(c), decision: 'request_documents', reason: 'Need the lease' }));
    c = accepted(await user('officer2').caller.try('cases.decide', { ...ref(c), decision: 'documents_supplied' }));
    c = await perform(TABLE.find((t) => t.action === 'take_bank_review')!, c);
    c = await perform(TABLE.find((t) => t.action === 'bank_approve')!, c);
    c = await perform(TABLE.find((t) => t.action === 'disburse')!, c);
    c = await perform(TABLE.find((t) => t.action === 'close')!, c);
    expect(c.stage).toBe('closed');

    const officeOf = (u: string) => user(u).actor.officeId;
    const expected: Array<[string, string, string | null, string, string | null]> = [
      ['create', 'clerk', null, 'draft', null],
      ['submit', 'clerk', 'draft', 'submitted', null],
      ['take_agency_review', 'reviewer', 'submitted', 'agency_review', null],
      ['agency_return', 'reviewer', 'agency_review', 'returned', REASON],
      ['resubmit', 'clerk', 'returned', 'submitted', null],
      ['take_agency_review', 'reviewer', 'submitted', 'agency_review', null],
      ['agency_approve', 'reviewer', 'agency_review', 'agency_approved', null],
      ['take_bank_review', 'officer2', 'agency_approved', 'bank_review', null],
      ['request_documents', 'officer2', 'bank_review', 'documents_requested', 'Need the lease'],
      ['documents_supplied', 'officer2', 'documents_requested', 'agency_approved', null],
      ['take_bank_review', 'officer', 'agency_approved', 'bank_review', null],
      ['bank_approve', 'officer', 'bank_review', 'bank_approved', null],
      ['request:disburse', 'officer', 'bank_approved', 'bank_approved', null],
      ['disburse', 'officer2', 'bank_approved', 'disbursed', null],
      ['close', 'officer', 'disbursed', 'closed', null],
    ];
    for (const viewer of ['clerk', 'officer', 'supervisor', 'auditor']) {
      const flow = await user(viewer).caller.call('cases.flow', { caseId: c.id });
      expect(flow.map((f) => [f.action, f.staffName, f.fromStage, f.toStage, f.reason])).toEqual(expected);
      expect(flow.map((f) => f.officeId)).toEqual(expected.map(([, who]) => officeOf(who)));
      expect(flow.every((f) => f.at === h.clock.now().toISOString())).toBe(true);
    }
  });

  it('hides a case from offices that do not hold it: another branch, another intake office, another agency', async () => {
    for (const stage of ['agency_approved', 'bank_review', 'bank_approved', 'disbursed'] as const) {
      const c = await driveTo(stage);
      for (const outsider of ['officer-other', 'clerk-other', 'reviewer-other']) {
        const e = refusal(await user(outsider).caller.try('cases.get', { caseId: c.id }));
        expect(e.code, `${outsider} at ${stage}`).toBe('not_found');
        expect(refusal(await user(outsider).caller.try('cases.flow', { caseId: c.id })).code).toBe('not_found');
      }
      expect((await user('officer').caller.call('cases.get', { caseId: c.id })).stage).toBe(stage);
    }
    // The branch does not see a case before its agency approves it.
    const early = await driveTo('agency_review');
    expect(refusal(await user('officer').caller.try('cases.get', { caseId: early.id })).code).toBe('not_found');
    expect(refusal(await user('reviewer').caller.try('cases.get', { caseId: (await newDraft()).id })).code).toBe('not_found');
  });
});
