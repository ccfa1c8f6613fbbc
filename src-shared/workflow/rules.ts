// The workflow's rules as pure functions of a case and the facts they need. The engine
// (src-main/services/cases/engine.ts) applies them to one clicked action, reading the facts
// from the database; an import applies them to a whole incoming case flow with the facts
// loaded once per batch (src-shared/workflow/replay.ts). One rule table, two callers.
import { AppError } from '../api/errors';
import type { OfficeKind, Role } from '../api/roles';
import { maxRequestRials, type AmountParameters } from '../domain/programme';
import { STAGE_INFO, type Guard, type Stage, type Transition } from './definition';

/** Who acts: a member of staff of one office (the engine's Actor has these and more). */
export interface OfficeActor {
  staffId: number;
  role: Role;
  officeId: string;
  officeKind: OfficeKind;
  agencyCode: string | null;
  branchCode: string | null;
}

type Placement = { stage: string; created_office_id: string; agency_code: string | null; branch_code: string | null };
type Visibility = Placement & { submitted_at: string | null; reached_branch_at: string | null };

/** Does the actor's office hold this case in its current stage? Only the holder may move it. */
export function holdsCase(actor: Pick<OfficeActor, 'officeKind' | 'officeId' | 'agencyCode' | 'branchCode'>, c: Placement): boolean {
  switch (STAGE_INFO[c.stage as Stage]?.holder) {
    case 'intake':
      return actor.officeKind === 'intake' && actor.officeId === c.created_office_id;
    case 'agency':
      return actor.officeKind === 'agency' && actor.agencyCode !== null && actor.agencyCode === c.agency_code;
    case 'branch':
      return actor.officeKind === 'branch' && actor.branchCode !== null && actor.branchCode === c.branch_code;
    default:
      return false;
  }
}

/** May the actor see this case at all (office scoping)? */
export function maySeeCase(actor: Pick<OfficeActor, 'officeKind' | 'officeId' | 'agencyCode' | 'branchCode'>, c: Visibility): boolean {
  switch (actor.officeKind) {
    case 'central':
      return true;
    case 'intake':
      return c.created_office_id === actor.officeId;
    case 'agency':
      // Only cases that were ever sent to the agency.
      return c.agency_code !== null && c.agency_code === actor.agencyCode && c.submitted_at !== null;
    case 'branch':
      // Only cases that ever reached the branch (the agency approved them).
      return c.branch_code !== null && c.branch_code === actor.branchCode && c.reached_branch_at !== null;
  }
}

/** Every check a transition needs before anything is written: stage, role, holder, reason. */
export function assertMayTake(actor: OfficeActor, c: Placement, t: Transition, reason: string | undefined): void {
  if (!(t.from as readonly string[]).includes(c.stage)) {
    throw new AppError('refused', 'workflow.notInStage', { params: { action: `action.${t.action}`, stage: `stage.${c.stage}` } });
  }
  if (!(t.roles as readonly Role[]).includes(actor.role)) throw new AppError('forbidden', 'error.forbidden');
  if (!holdsCase(actor, c)) throw new AppError('forbidden', 'workflow.notHolder');
  if (t.reasonRequired && !reason?.trim()) throw new AppError('validation', 'validation.reasonRequired', { field: 'reason' });
}

/** Maker-checker: does this transition on a case of this amount need a second officer? */
export function needsChecker(t: Transition, amountRials: number | null, approvalThresholdRials: () => number): boolean {
  if (t.checker === 'always') return true;
  if (t.checker === 'aboveApprovalThreshold') return (amountRials ?? 0) > approvalThresholdRials();
  return false;
}

/** What the guards read about a case besides its own row: applicant, workshop, activity. */
export interface CaseContextFacts {
  registry_verified_at: string | null;
  mobile_confirmed_at: string | null;
  rules_acknowledged_at: string | null;
  workshop_identifier: string | null;
  workshop_name: string | null;
  workshop_county: string | null;
  workshop_postal_code: string | null;
  uninsured_workers: number | null;
  is_driver: number | null;
  ordered_closed: number | null;
}

type GuardCase = Pick<Placement, 'stage'> & {
  activity_code: string | null;
  permits_answered: number;
  institution_code: string | null;
  branch_code: string | null;
  requested_amount_rials: number | null;
};

/** The intake steps still missing before a case may be submitted (i18n keys). */
export function missingStepsOf(ctx: CaseContextFacts | undefined, c: GuardCase): string[] {
  const missing: string[] = [];
  if (!ctx?.rules_acknowledged_at) missing.push('step.rules');
  if (!ctx?.registry_verified_at) missing.push('step.registryVerified');
  if (!ctx?.mobile_confirmed_at) missing.push('step.mobileConfirmed');
  if (!ctx?.workshop_identifier) missing.push('step.workshop');
  if (!ctx?.workshop_name || !ctx.workshop_county || !ctx.workshop_postal_code || !ctx.uninsured_workers) missing.push('step.workshopDetails');
  if (!c.activity_code) missing.push('step.activity');
  if (!c.permits_answered) missing.push('step.permits');
  if (!c.institution_code || !c.branch_code) missing.push('step.bankBranch');
  if (!c.requested_amount_rials) missing.push('step.amount');
  return missing;
}

export type Eligibility = 'eligible' | 'ineligible' | 'not_found' | 'overridden';

type MaybePromise<T> = T | Promise<T>;

/** Where the guards get their facts: the database for one command, memory for a batch. */
export interface GuardFacts {
  context(): MaybePromise<CaseContextFacts | undefined>;
  eligibility(workshopIdentifier: string): MaybePromise<Eligibility>;
  amountParameters(): MaybePromise<AmountParameters>;
  openTickets(): MaybePromise<number>;
}

/** Throws the refusal of the first guard that fails. Credit is checked by reserving it (effects). */
export async function checkGuards(c: GuardCase, guards: readonly Guard[], facts: GuardFacts): Promise<void> {
  for (const guard of guards) {
    switch (guard) {
      case 'complete': {
        const missing = missingStepsOf(await facts.context(), c);
        if (missing.length) throw new AppError('refused', 'workflow.incomplete', { details: { missing } });
        break;
      }
      case 'eligible': {
        const ctx = await facts.context();
        const status = ctx?.workshop_identifier ? await facts.eligibility(ctx.workshop_identifier) : 'not_found';
        if (status === 'ineligible') throw new AppError('refused', 'workflow.workshopIneligible', { details: { eligibility: status } });
        if (status === 'not_found') throw new AppError('refused', 'workflow.workshopNotFound', { details: { eligibility: status } });
        break;
      }
      case 'amountWithinLimit': {
        const ctx = await facts.context();
        const max = maxRequestRials(
          { uninsuredWorkers: ctx?.uninsured_workers ?? 0, orderedClosed: ctx?.ordered_closed === 1, isDriver: ctx?.is_driver === 1 },
          await facts.amountParameters(),
        );
        const amount = c.requested_amount_rials ?? 0;
        if (amount <= 0 || amount > max) {
          throw new AppError('refused', 'workflow.amountOverLimit', { field: 'requestedAmount', params: { max: max / 10 }, details: { maxRials: max } });
        }
        break;
      }
      case 'noOpenTicket':
        if ((await facts.openTickets()) > 0) throw new AppError('refused', 'workflow.openTicket');
        break;
      case 'creditAvailable':
        break; // enforced atomically by the reserveCredit effect
    }
  }
}

/** The case columns a workflow step changes. */
export interface WorkflowChanges {
  stage?: string;
  stage_entered_at?: string;
  pending_action?: string | null;
  pending_by_staff_id?: number | null;
  pending_reason?: string | null;
  pending_at?: string | null;
  assignee_staff_id?: number | null;
  submitted_at?: string;
  reached_branch_at?: string;
  tracking_code?: string;
  credit_state?: string;
  credit_rials?: number;
  credit_branch_code?: string | null;
  credit_institution_code?: string | null;
}

/** A maker's request, waiting for the checker. */
export function requestChanges(t: Transition, makerStaffId: number, reason: string | undefined, now: string): WorkflowChanges {
  return { pending_action: t.action, pending_by_staff_id: makerStaffId, pending_reason: reason?.trim() || null, pending_at: now };
}

export const CANCEL_CHANGES: Readonly<WorkflowChanges> = Object.freeze({ pending_action: null, pending_by_staff_id: null, pending_reason: null, pending_at: null });

/**
 * The stage change and the effects that need nothing but the case and the actor; the credit
 * and tracking-code effects are the caller's (they touch shared counters).
 */
export function transitionChanges(c: { reached_branch_at: string | null }, t: Transition, actorStaffId: number, now: string): WorkflowChanges {
  const changes: WorkflowChanges = { stage: t.to, stage_entered_at: now, ...CANCEL_CHANGES };
  for (const effect of t.effects) {
    if (effect === 'assignToActor') changes.assignee_staff_id = actorStaffId;
    if (effect === 'clearAssignee') changes.assignee_staff_id = null;
  }
  if (t.action === 'submit' || t.action === 'resubmit') changes.submitted_at = now;
  if (t.to === 'agency_approved' && !c.reached_branch_at) changes.reached_branch_at = now;
  return changes;
}

// ---- credit ----------------------------------------------------------------------------

export interface CreditWhere {
  institutionCode: string;
  branchCode: string | null;
}

/** Where credit is kept: one atomic check-and-reserve per allocation row, and plain moves. */
export interface CreditPort {
  /** Reserves `amount` if, and only if, the row has that much left. */
  reserveOn(where: CreditWhere, amount: number): MaybePromise<'reserved' | 'insufficient' | 'no_allocation'>;
  move(where: CreditWhere, change: { reserved: number; consumed: number }): MaybePromise<void>;
  /** The refusal to raise when the case's branch or institution cannot take the amount. */
  refusal(): MaybePromise<AppError>;
}

type CreditCase = {
  id: string;
  requested_amount_rials: number | null;
  institution_code: string | null;
  branch_code: string | null;
  credit_state: string;
  credit_rials: number;
  credit_branch_code: string | null;
  credit_institution_code: string | null;
};

export async function releaseCredit(port: CreditPort, c: CreditCase): Promise<Pick<WorkflowChanges, 'credit_state' | 'credit_rials'>> {
  if (c.credit_state !== 'reserved') return { credit_state: c.credit_state, credit_rials: c.credit_rials };
  const amount = c.credit_rials;
  await port.move({ institutionCode: c.credit_institution_code!, branchCode: null }, { reserved: -amount, consumed: 0 });
  if (c.credit_branch_code) await port.move({ institutionCode: c.credit_institution_code!, branchCode: c.credit_branch_code }, { reserved: -amount, consumed: 0 });
  return { credit_state: 'released', credit_rials: 0 };
}

/** (Re)reserves the case's requested amount at its chosen branch and institution, or throws. */
export async function reserveCredit(port: CreditPort, c: CreditCase): Promise<Pick<WorkflowChanges, 'credit_state' | 'credit_rials' | 'credit_branch_code' | 'credit_institution_code'>> {
  if (c.credit_state === 'reserved') await releaseCredit(port, c);
  const amount = c.requested_amount_rials ?? 0;
  const institutionCode = c.institution_code!;
  const branchCode = c.branch_code!;
  // The branch first: a refusal lists alternatives from what is left, and an amount already
  // taken from the institution would hide its other branches that could fund the case.
  const atBranch = await port.reserveOn({ institutionCode, branchCode }, amount);
  if (atBranch === 'insufficient') throw await port.refusal();
  const atInstitution = await port.reserveOn({ institutionCode, branchCode: null }, amount);
  if (atInstitution !== 'reserved') throw await port.refusal();
  return {
    credit_state: 'reserved',
    credit_rials: amount,
    credit_institution_code: institutionCode,
    credit_branch_code: atBranch === 'reserved' ? branchCode : null,
  };
}

export async function consumeCredit(port: CreditPort, c: CreditCase): Promise<Pick<WorkflowChanges, 'credit_state'>> {
  if (c.credit_state !== 'reserved') throw new Error(`case ${c.id} has no reserved credit to consume`);
  const amount = c.credit_rials;
  await port.move({ institutionCode: c.credit_institution_code!, branchCode: null }, { reserved: -amount, consumed: amount });
  if (c.credit_branch_code) await port.move({ institutionCode: c.credit_institution_code!, branchCode: c.credit_branch_code }, { reserved: -amount, consumed: amount });
  return { credit_state: 'consumed' };
}
