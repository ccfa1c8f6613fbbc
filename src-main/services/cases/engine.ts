import type { KaraDb } from '../../db/connection';
import type { Actor } from '../../api/types';
import type { Clock } from '../clock';
import { AppError } from '../../../src-shared/api';
import { STAGE_INFO, type Action, type Stage } from '../../../src-shared/workflow/definition';
import { cancelAction, confirmAction, takeAction, type StepPort, type StepResult } from '../../../src-shared/workflow/steps';
import { findCase, insertFlow, updateCaseAtVersion, type CaseRow } from '../../db/queries/cases';
import { appendAudit } from '../audit/chain';
import { guardFactsOf } from './guards';
import { creditPortFor } from './credit';
import { actorMaySee } from './holder';
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

/** The step rules' view of this database: its guard facts, credit, tracking codes and threshold. */
function portFor(db: KaraDb, c: CaseRow): StepPort {
  return {
    guards: guardFactsOf(db, c),
    credit: creditPortFor(db, c),
    approvalThresholdRials: () => approvalCheckThresholdRials(db),
    issueTrackingCode: () => issueTrackingCode(db),
  };
}

/**
 * Takes one workflow action on a case, inside the caller's transaction: checks, guards,
 * effects (credit, tracking code), the stage change, the case-flow entry and the audit entry.
 * A refusal throws before anything is kept.
 */
export async function act(db: KaraDb, actor: Actor, clock: Clock, req: ActRequest): Promise<CaseRow> {
  const c = await loadVisibleCase(db, actor, req.caseId);
  assertFresh(c, req.expectedVersion);
  const now = clock.now().toISOString();
  await writeChange(db, actor, c, await takeAction(c, actor, req.action, req.reason, now, portFor(db, c)), now);
  return (await findCase(db, c.id))!;
}

/** The checker confirms a maker's pending action: another officer of the same office. */
export async function confirmPending(db: KaraDb, actor: Actor, clock: Clock, caseId: string, expectedVersion: number): Promise<CaseRow> {
  const c = await loadVisibleCase(db, actor, caseId);
  assertFresh(c, expectedVersion);
  const now = clock.now().toISOString();
  await writeChange(db, actor, c, await confirmAction(c, actor, now, portFor(db, c)), now);
  return (await findCase(db, c.id))!;
}

export async function cancelPending(db: KaraDb, actor: Actor, clock: Clock, caseId: string, expectedVersion: number, reason: string | undefined): Promise<CaseRow> {
  const c = await loadVisibleCase(db, actor, caseId);
  assertFresh(c, expectedVersion);
  await writeChange(db, actor, c, cancelAction(c, actor, reason), clock.now().toISOString());
  return (await findCase(db, c.id))!;
}

async function writeChange(db: KaraDb, actor: Actor, c: CaseRow, step: StepResult, now: string): Promise<void> {
  const updated = await updateCaseAtVersion(db, c.id, c.version, { ...step.changes, updated_at: now });
  if (!updated) throw new AppError('conflict', 'workflow.staleCase');
  await insertFlow(db, {
    case_id: c.id,
    at: now,
    staff_id: actor.staffId,
    staff_name: actor.displayName,
    office_id: actor.officeId,
    action: step.flowAction,
    from_stage: c.stage,
    to_stage: step.toStage,
    reason: step.reason?.trim() || null,
    details: JSON.stringify(step.checked ?? {}),
  });
  await appendAudit(db, {
    at: now,
    staffId: actor.staffId,
    officeId: actor.officeId,
    action: `case.${step.flowAction}`,
    entity: 'case',
    entityId: c.id,
    payload: { from: c.stage, to: step.toStage, version: c.version + 1 },
  });
}

export function isFinal(stage: string): boolean {
  return STAGE_INFO[stage as Stage]?.final ?? false;
}
