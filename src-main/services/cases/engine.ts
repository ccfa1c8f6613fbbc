import type { KaraDb } from '../../db/connection';
import type { Actor } from '../../api/types';
import type { Clock } from '../clock';
import { AppError, type Role } from '../../../src-shared/api';
import { transitionFor, STAGE_INFO, type Action, type Stage, type Transition } from '../../../src-shared/workflow/definition';
import { findCase, insertFlow, updateCaseAtVersion, type CaseRow } from '../../db/queries/cases';
import { caseContext } from '../../db/queries/cases';
import { appendAudit } from '../audit/chain';
import { checkGuards } from './guards';
import { consumeCredit, releaseCredit, reserveCredit } from './credit';
import { actorHoldsCase, actorMaySee } from './holder';
import { approvalCheckThresholdRials } from './parameters';
import { issueTrackingCode } from './tracking';

export interface ActRequest {
  caseId: string;
  action: Action;
  expectedVersion: number;
  reason?: string | undefined;
}

export async function loadVisibleCase(db: KaraDb, actor: Actor, caseId: string): Promise<CaseRow> {
  const c = await findCase(db, caseId);
  if (!c || !actorMaySee(actor, c)) throw new AppError('not_found', 'error.notFound');
  return c;
}

function assertFresh(c: CaseRow, expectedVersion: number): void {
  if (c.version !== expectedVersion) {
    throw new AppError('conflict', 'workflow.staleCase', { details: { currentVersion: c.version, stage: c.stage } });
  }
}

/** Every check a transition needs before anything is written: stage, role, holder, reason. */
function assertMayTake(actor: Actor, c: CaseRow, t: Transition, reason: string | undefined): void {
  if (!(t.from as readonly string[]).includes(c.stage)) {
    throw new AppError('refused', 'workflow.notInStage', { params: { action: `action.${t.action}`, stage: `stage.${c.stage}` } });
  }
  if (!(t.roles as readonly Role[]).includes(actor.role)) throw new AppError('forbidden', 'error.forbidden');
  if (!actorHoldsCase(actor, c)) throw new AppError('forbidden', 'workflow.notHolder');
  if (t.reasonRequired && !reason?.trim()) throw new AppError('validation', 'validation.reasonRequired', { field: 'reason' });
}

async function needsChecker(db: KaraDb, t: Transition, c: CaseRow): Promise<boolean> {
  if (t.checker === 'always') return true;
  if (t.checker === 'aboveApprovalThreshold') return (c.requested_amount_rials ?? 0) > (await approvalCheckThresholdRials(db));
  return false;
}

/**
 * Takes one workflow action on a case, inside the caller's transaction: checks, guards,
 * effects (credit, tracking code), the stage change, the case-flow entry and the audit entry.
 * A refusal throws before anything is kept.
 */
export async function act(db: KaraDb, actor: Actor, clock: Clock, req: ActRequest): Promise<CaseRow> {
  const c = await loadVisibleCase(db, actor, req.caseId);
  assertFresh(c, req.expectedVersion);
  if (c.pending_action) throw new AppError('refused', 'workflow.pendingCheck', { params: { action: `action.${c.pending_action}` } });
  const t = transitionFor(req.action);
  assertMayTake(actor, c, t, req.reason);
  await checkGuards(db, c, t.guards);

  const now = clock.now().toISOString();
  if (await needsChecker(db, t, c)) {
    await writeChange(db, actor, c, {
      changes: { pending_action: t.action, pending_by_staff_id: actor.staffId, pending_reason: req.reason?.trim() || null, pending_at: now },
      flowAction: `request:${t.action}`,
      toStage: c.stage as Stage,
      reason: req.reason,
      now,
    });
    return (await findCase(db, c.id))!;
  }
  return applyTransition(db, actor, c, t, req.reason, now, null);
}

/** The checker confirms a maker's pending action: another officer of the same office. */
export async function confirmPending(db: KaraDb, actor: Actor, clock: Clock, caseId: string, expectedVersion: number): Promise<CaseRow> {
  const c = await loadVisibleCase(db, actor, caseId);
  assertFresh(c, expectedVersion);
  if (!c.pending_action) throw new AppError('refused', 'workflow.nothingPending');
  if (c.pending_by_staff_id === actor.staffId) throw new AppError('forbidden', 'workflow.checkerIsMaker');
  const t = transitionFor(c.pending_action as Action);
  assertMayTake(actor, c, t, c.pending_reason ?? undefined);
  await checkGuards(db, c, t.guards);
  return applyTransition(db, actor, c, t, c.pending_reason ?? undefined, clock.now().toISOString(), c.pending_by_staff_id);
}

export async function cancelPending(db: KaraDb, actor: Actor, clock: Clock, caseId: string, expectedVersion: number, reason: string | undefined): Promise<CaseRow> {
  const c = await loadVisibleCase(db, actor, caseId);
  assertFresh(c, expectedVersion);
  if (!c.pending_action) throw new AppError('refused', 'workflow.nothingPending');
  if (!actorHoldsCase(actor, c)) throw new AppError('forbidden', 'workflow.notHolder');
  await writeChange(db, actor, c, {
    changes: { pending_action: null, pending_by_staff_id: null, pending_reason: null, pending_at: null },
    flowAction: `cancel:${c.pending_action}`,
    toStage: c.stage as Stage,
    reason,
    now: clock.now().toISOString(),
  });
  return (await findCase(db, c.id))!;
}

async function applyTransition(db: KaraDb, actor: Actor, c: CaseRow, t: Transition, reason: string | undefined, now: string, makerStaffId: number | null): Promise<CaseRow> {
  const changes: Partial<CaseRow> = {
    stage: t.to,
    stage_entered_at: now,
    pending_action: null,
    pending_by_staff_id: null,
    pending_reason: null,
    pending_at: null,
  };
  for (const effect of t.effects) {
    switch (effect) {
      case 'issueTrackingCode':
        if (!c.tracking_code) changes.tracking_code = await issueTrackingCode(db);
        break;
      case 'reserveCredit': {
        const ctx = await caseContext(db, c.id);
        Object.assign(changes, await reserveCredit(db, c, ctx?.workshop_county ?? ''));
        break;
      }
      case 'releaseCredit':
        Object.assign(changes, await releaseCredit(db, c));
        break;
      case 'consumeCredit':
        Object.assign(changes, await consumeCredit(db, c));
        break;
      case 'assignToActor':
        changes.assignee_staff_id = actor.staffId;
        break;
      case 'clearAssignee':
        changes.assignee_staff_id = null;
        break;
    }
  }
  if (t.action === 'submit' || t.action === 'resubmit') changes.submitted_at = now;
  if (t.to === 'agency_approved' && !c.reached_branch_at) changes.reached_branch_at = now;
  await writeChange(db, actor, c, {
    changes,
    flowAction: t.action,
    toStage: t.to,
    reason,
    now,
    details: makerStaffId !== null ? { makerStaffId, checkerStaffId: actor.staffId } : {},
  });
  return (await findCase(db, c.id))!;
}

async function writeChange(
  db: KaraDb,
  actor: Actor,
  c: CaseRow,
  change: { changes: Partial<CaseRow>; flowAction: string; toStage: Stage; reason: string | undefined; now: string; details?: Record<string, number | string> },
): Promise<void> {
  const updated = await updateCaseAtVersion(db, c.id, c.version, { ...change.changes, updated_at: change.now });
  if (!updated) throw new AppError('conflict', 'workflow.staleCase');
  await insertFlow(db, {
    case_id: c.id,
    at: change.now,
    staff_id: actor.staffId,
    staff_name: actor.displayName,
    office_id: actor.officeId,
    action: change.flowAction,
    from_stage: c.stage,
    to_stage: change.toStage,
    reason: change.reason?.trim() || null,
    details: JSON.stringify(change.details ?? {}),
  });
  await appendAudit(db, {
    at: change.now,
    staffId: actor.staffId,
    officeId: actor.officeId,
    action: `case.${change.flowAction}`,
    entity: 'case',
    entityId: c.id,
    payload: { from: c.stage, to: change.toStage, version: c.version + 1 },
  });
}

export function isFinal(stage: string): boolean {
  return STAGE_INFO[stage as Stage]?.final ?? false;
}
