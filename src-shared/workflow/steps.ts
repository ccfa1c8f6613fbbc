// One workflow step on a case — take an action, confirm a maker's pending action, cancel it —
// decided from the case row and a port for what lies outside it (the guards' facts, credit,
// the office's tracking codes and approval threshold): every check in its order, the refusal
// it throws, and what the step writes. The engine runs these against the database, one command
// at a time (src-main/services/cases/engine.ts); an import replays incoming flows with them in
// memory (replay.ts).
import { AppError } from '../api/errors';
import { transitionFor, type Action, type Transition } from './definition';
import {
  assertMayTake, CANCEL_CHANGES, checkGuards, consumeCredit, holdsCase, needsChecker, releaseCredit, requestChanges, reserveCredit, transitionChanges,
  type CreditPort, type GuardFacts, type OfficeActor, type WorkflowChanges,
} from './rules';

type MaybePromise<T> = T | Promise<T>;

/** The case row as the rules read it. */
export interface WorkflowCase {
  id: string;
  stage: string;
  created_office_id: string;
  agency_code: string | null;
  branch_code: string | null;
  institution_code: string | null;
  activity_code: string | null;
  permits_answered: number;
  requested_amount_rials: number | null;
  tracking_code: string | null;
  credit_state: string;
  credit_rials: number;
  credit_branch_code: string | null;
  credit_institution_code: string | null;
  pending_action: string | null;
  pending_by_staff_id: number | null;
  pending_reason: string | null;
  reached_branch_at: string | null;
}

export interface StepPort {
  guards: GuardFacts;
  credit: CreditPort;
  approvalThresholdRials(): MaybePromise<number>;
  issueTrackingCode(): MaybePromise<string>;
}

/** What a step writes: the case's changes and its case-flow entry. */
export interface StepResult {
  changes: WorkflowChanges;
  flowAction: string;
  toStage: string;
  reason: string | undefined;
  /** Maker-checker: who asked and who confirmed. */
  checked: { makerStaffId: number; checkerStaffId: number } | null;
}

async function transition(c: WorkflowCase, actor: OfficeActor, t: Transition, reason: string | undefined, now: string, makerStaffId: number | null, port: StepPort): Promise<StepResult> {
  const changes = transitionChanges(c, t, actor.staffId, now);
  for (const effect of t.effects) {
    if (effect === 'issueTrackingCode' && !c.tracking_code) changes.tracking_code = await port.issueTrackingCode();
    if (effect === 'reserveCredit') Object.assign(changes, await reserveCredit(port.credit, c));
    if (effect === 'releaseCredit') Object.assign(changes, await releaseCredit(port.credit, c));
    if (effect === 'consumeCredit') Object.assign(changes, await consumeCredit(port.credit, c));
  }
  return { changes, flowAction: t.action, toStage: t.to, reason, checked: makerStaffId !== null ? { makerStaffId, checkerStaffId: actor.staffId } : null };
}

/** An action on a case nobody is waiting to confirm: done, or requested when it needs a checker. */
export async function takeAction(c: WorkflowCase, actor: OfficeActor, action: Action, reason: string | undefined, now: string, port: StepPort): Promise<StepResult> {
  if (c.pending_action) throw new AppError('refused', 'workflow.pendingCheck', { params: { action: `action.${c.pending_action}` } });
  const t = transitionFor(action);
  assertMayTake(actor, c, t, reason);
  await checkGuards(c, t.guards, port.guards);
  const threshold = t.checker === 'aboveApprovalThreshold' ? await port.approvalThresholdRials() : 0;
  if (needsChecker(t, c.requested_amount_rials, () => threshold)) {
    return { changes: requestChanges(t, actor.staffId, reason, now), flowAction: `request:${t.action}`, toStage: c.stage, reason, checked: null };
  }
  return transition(c, actor, t, reason, now, null, port);
}

/** The checker confirms a maker's pending action: another officer of the same office. */
export async function confirmAction(c: WorkflowCase, actor: OfficeActor, now: string, port: StepPort): Promise<StepResult> {
  if (!c.pending_action) throw new AppError('refused', 'workflow.nothingPending');
  if (c.pending_by_staff_id === actor.staffId) throw new AppError('forbidden', 'workflow.checkerIsMaker');
  const t = transitionFor(c.pending_action as Action);
  assertMayTake(actor, c, t, c.pending_reason ?? undefined);
  await checkGuards(c, t.guards, port.guards);
  return transition(c, actor, t, c.pending_reason ?? undefined, now, c.pending_by_staff_id, port);
}

export function cancelAction(c: WorkflowCase, actor: OfficeActor, reason: string | undefined): StepResult {
  if (!c.pending_action) throw new AppError('refused', 'workflow.nothingPending');
  if (!holdsCase(actor, c)) throw new AppError('forbidden', 'workflow.notHolder');
  return { changes: CANCEL_CHANGES, flowAction: `cancel:${c.pending_action}`, toStage: c.stage, reason, checked: null };
}
