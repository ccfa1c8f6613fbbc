// Case-flow entries made at another office, replayed on a case in memory with the engine's own
// rules (rules.ts): the same checks in the same order, the same refusals, the same changes to
// the case row and the same flow rows. An import checks a whole batch of cases this way with
// its facts (offices, staff, eligibility, credit) loaded once, then writes the batch set-wise.
import { AppError } from '../api/errors';
import { ACTIONS, type Action } from './definition';
import { maySeeCase, type CreditPort, type CreditWhere, type GuardFacts, type OfficeActor } from './rules';
import { cancelAction, confirmAction, takeAction, type StepPort, type StepResult, type WorkflowCase } from './steps';

/** The case row as the rules read it and the steps change it. */
export interface ReplayCase extends WorkflowCase {
  version: number;
  assignee_staff_id: number | null;
  pending_at: string | null;
  stage_entered_at: string;
  submitted_at: string | null;
  updated_at: string;
}

export interface ReplayActor extends OfficeActor {
  displayName: string;
}

/** An entry as it travels: when, what (possibly "request:…" / "cancel:…"), and why. */
export interface IncomingEntry {
  at: string;
  action: string;
  reason: string | null;
}

/** The case-flow row a replayed entry writes. */
export interface ReplayedEntry {
  at: string;
  staffId: number;
  staffName: string;
  officeId: string;
  action: string;
  fromStage: string;
  toStage: string;
  reason: string | null;
  checked: StepResult['checked'];
}

/** Something the in-memory replay leaves to the engine (it would touch more than the case). */
export class ReplayUnsupported extends Error {
  override name = 'ReplayUnsupported';
}

export interface ReplayEnv<E extends IncomingEntry> {
  /** The office and person who made an entry; throws the refusal for an unknown office. */
  actorOf(entry: E): ReplayActor;
  guards: GuardFacts;
  credit: CreditPort;
  approvalThresholdRials: number;
}

const unknownAction = (action: string) => new AppError('refused', 'sync.unknownAction', { params: { action } });

/**
 * One entry on the case as it stands, taken as the engine path takes it (sync's replay through
 * act / confirmPending / cancelPending): the same steps, checks and refusals (AppError).
 */
export async function replayEntry<E extends IncomingEntry>(c: ReplayCase, f: E, actor: ReplayActor, env: ReplayEnv<E>): Promise<{ next: ReplayCase; entry: ReplayedEntry }> {
  const [prefix, rest] = f.action.includes(':') ? (f.action.split(':', 2) as [string, string]) : ['', f.action];
  const action = (prefix ? rest : f.action) as Action;
  if (!ACTIONS.includes(action)) throw unknownAction(f.action);
  if (prefix && prefix !== 'request' && prefix !== 'cancel') throw unknownAction(f.action);
  const reason = f.reason ?? undefined;
  if (!maySeeCase(actor, c)) throw new AppError('not_found', 'error.notFound');
  const port: StepPort = {
    guards: env.guards,
    credit: env.credit,
    approvalThresholdRials: () => env.approvalThresholdRials,
    issueTrackingCode: () => {
      throw new ReplayUnsupported('a tracking code would be issued here');
    },
  };
  const r = prefix === 'cancel' ? cancelAction(c, actor, reason)
    : !prefix && c.pending_action === action ? await confirmAction(c, actor, f.at, port)
    : await takeAction(c, actor, action, reason, f.at, port);
  return {
    next: { ...c, ...r.changes, updated_at: f.at, version: c.version + 1 },
    entry: {
      at: f.at, staffId: actor.staffId, staffName: actor.displayName, officeId: actor.officeId, action: r.flowAction, fromStage: c.stage, toStage: r.toStage,
      reason: r.reason?.trim() || null, checked: r.checked,
    },
  };
}

/** Every entry in order; the first refusal throws, and nothing of the case is kept by the caller. */
export async function replayEntries<E extends IncomingEntry>(start: ReplayCase, entries: readonly E[], env: ReplayEnv<E>): Promise<{ state: ReplayCase; written: ReplayedEntry[] }> {
  let state = start;
  const out: ReplayedEntry[] = [];
  for (const f of entries) {
    const actor = env.actorOf(f);
    const r = await replayEntry(state, f, actor, env);
    state = r.next;
    out.push(r.entry);
  }
  return { state, written: out };
}

// ---- credit in memory --------------------------------------------------------------------

export interface AllocationRow {
  id: number;
  institution_code: string;
  branch_code: string | null;
  allocated_rials: number;
  reserved_rials: number;
  consumed_rials: number;
}

/**
 * The allocations as a batch sees them: the engine's conditional reservation on each row, with
 * a mark to return to when a case is refused (its reservations go with it).
 */
export class CreditLedger implements CreditPort {
  private readonly rows = new Map<string, AllocationRow & { startReserved: number; startConsumed: number }>();
  private undo: Array<() => void> = [];

  /** `rows`: every allocation of the `covered` institutions (their own row) and branches. */
  constructor(rows: readonly AllocationRow[], private readonly covered: { institutions: ReadonlySet<string>; branches: ReadonlySet<string> }) {
    for (const r of rows) this.rows.set(CreditLedger.key(r.institution_code, r.branch_code), { ...r, startReserved: r.reserved_rials, startConsumed: r.consumed_rials });
  }

  private static key(institution: string, branch: string | null): string {
    return `${institution}\u0000${branch ?? ''}`;
  }

  private row(where: CreditWhere) {
    const covered = where.branchCode === null ? this.covered.institutions.has(where.institutionCode) : this.covered.branches.has(where.branchCode);
    if (!covered) throw new ReplayUnsupported(`credit of ${where.institutionCode}/${where.branchCode ?? '-'} was not loaded`);
    return this.rows.get(CreditLedger.key(where.institutionCode, where.branchCode));
  }

  private change(row: AllocationRow, reserved: number, consumed: number): void {
    const before = { reserved: row.reserved_rials, consumed: row.consumed_rials };
    row.reserved_rials += reserved;
    row.consumed_rials += consumed;
    this.undo.push(() => {
      row.reserved_rials = before.reserved;
      row.consumed_rials = before.consumed;
    });
    // The table's CHECK would refuse this statement and fail the import: the engine decides.
    if (row.reserved_rials < 0 || row.consumed_rials < 0 || row.reserved_rials + row.consumed_rials > row.allocated_rials) {
      throw new ReplayUnsupported(`credit allocation ${row.id} would leave its bounds`);
    }
  }

  reserveOn(where: CreditWhere, amount: number): 'reserved' | 'insufficient' | 'no_allocation' {
    const row = this.row(where);
    if (!row) return 'no_allocation';
    if (row.allocated_rials - row.reserved_rials - row.consumed_rials < amount) return 'insufficient';
    this.change(row, amount, 0);
    return 'reserved';
  }

  move(where: CreditWhere, change: { reserved: number; consumed: number }): void {
    const row = this.row(where);
    if (row) this.change(row, change.reserved, change.consumed);
  }

  refusal(): AppError {
    return new AppError('refused', 'workflow.noCredit', { field: 'branchCode' });
  }

  /** Where a case starts: `rollback` returns here. */
  mark(): number {
    return this.undo.length;
  }

  rollback(mark: number): void {
    while (this.undo.length > mark) this.undo.pop()!();
  }

  /** What changed since the ledger was loaded, per allocation row (one update each). */
  changes(): Array<{ id: number; reserved: number; consumed: number }> {
    const out: Array<{ id: number; reserved: number; consumed: number }> = [];
    for (const r of this.rows.values()) {
      const reserved = r.reserved_rials - r.startReserved;
      const consumed = r.consumed_rials - r.startConsumed;
      if (reserved !== 0 || consumed !== 0) out.push({ id: r.id, reserved, consumed });
    }
    return out;
  }

  /** Written: the current values become the starting point. */
  settle(): void {
    for (const r of this.rows.values()) {
      r.startReserved = r.reserved_rials;
      r.startConsumed = r.consumed_rials;
    }
    this.undo = [];
  }
}
