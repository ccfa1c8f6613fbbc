import { AppError } from '../../../src-shared/api';
import type { Action } from '../../../src-shared/workflow/definition';
import type { HandlerRegistry, HandlerContext } from '../../api/types';
import { listFlow, pendingCasesOf } from '../../db/queries/cases';
import { requireActor } from '../auth/handlers';
import { act, cancelPending, confirmPending, loadVisibleCase } from './engine';
import { branchChoices } from './credit';
import { summarise } from './summary';
import { loadOverdueThresholds } from './parameters';
import { actorMaySee } from './holder';
import { holdingTimes } from '../../../src-shared/workflow/aging';

type CaseHandlers = Pick<
  HandlerRegistry,
  | 'cases.get' | 'cases.flow' | 'cases.holding' | 'cases.submit' | 'cases.take' | 'cases.decide' | 'cases.withdraw' | 'cases.disburse'
  | 'cases.close' | 'cases.confirmPending' | 'cases.cancelPending' | 'cases.checkerInbox' | 'cases.branchChoices'
>;

const DECISIONS: Record<'agency' | 'branch', Record<string, Action | undefined>> = {
  agency: { approve: 'agency_approve', reject: 'agency_reject', return: 'agency_return' },
  branch: { approve: 'bank_approve', reject: 'bank_reject', request_documents: 'request_documents', documents_supplied: 'documents_supplied' },
};

async function actAndSummarise(ctx: HandlerContext, caseId: string, action: Action, expectedVersion: number, reason?: string) {
  const actor = requireActor(ctx);
  const row = await act(ctx.db, actor, ctx.clock, { caseId, action, expectedVersion, reason });
  return summarise(row, actor, ctx.clock.now());
}

export const caseHandlers: CaseHandlers = {
  async 'cases.get'(input, ctx) {
    const actor = requireActor(ctx);
    return summarise(await loadVisibleCase(ctx.db, actor, input.caseId), actor, ctx.clock.now(), await loadOverdueThresholds(ctx.db));
  },
  async 'cases.flow'(input, ctx) {
    await loadVisibleCase(ctx.db, requireActor(ctx), input.caseId);
    const rows = await listFlow(ctx.db, input.caseId);
    return rows.map((r) => ({
      id: r.id, at: r.at, staffName: r.staff_name, officeId: r.office_id, action: r.action,
      fromStage: r.from_stage, toStage: r.to_stage, reason: r.reason,
    }));
  },
  async 'cases.holding'(input, ctx) {
    await loadVisibleCase(ctx.db, requireActor(ctx), input.caseId);
    const flow = await listFlow(ctx.db, input.caseId);
    const t = holdingTimes(flow.map((f) => ({ at: f.at, toStage: f.to_stage })), ctx.clock.now());
    return { intakeMs: t.intake, agencyMs: t.agency, branchMs: t.branch, applicantMs: t.applicant };
  },
  async 'cases.submit'(input, ctx) {
    const actor = requireActor(ctx);
    const c = await loadVisibleCase(ctx.db, actor, input.caseId);
    return actAndSummarise(ctx, input.caseId, c.stage === 'returned' ? 'resubmit' : 'submit', input.expectedVersion);
  },
  async 'cases.take'(input, ctx) {
    const actor = requireActor(ctx);
    return actAndSummarise(ctx, input.caseId, actor.officeKind === 'agency' ? 'take_agency_review' : 'take_bank_review', input.expectedVersion);
  },
  async 'cases.decide'(input, ctx) {
    const actor = requireActor(ctx);
    const side = actor.officeKind === 'agency' ? 'agency' : actor.officeKind === 'branch' ? 'branch' : null;
    const action = side ? DECISIONS[side][input.decision] : undefined;
    if (!action) throw new AppError('validation', 'workflow.decisionNotForOffice', { field: 'decision' });
    return actAndSummarise(ctx, input.caseId, action, input.expectedVersion, input.reason);
  },
  'cases.withdraw': (input, ctx) => actAndSummarise(ctx, input.caseId, 'withdraw', input.expectedVersion, input.reason),
  'cases.disburse': (input, ctx) => actAndSummarise(ctx, input.caseId, 'disburse', input.expectedVersion),
  'cases.close': (input, ctx) => actAndSummarise(ctx, input.caseId, 'close', input.expectedVersion),
  async 'cases.confirmPending'(input, ctx) {
    const actor = requireActor(ctx);
    return summarise(await confirmPending(ctx.db, actor, ctx.clock, input.caseId, input.expectedVersion), actor, ctx.clock.now());
  },
  async 'cases.cancelPending'(input, ctx) {
    const actor = requireActor(ctx);
    return summarise(await cancelPending(ctx.db, actor, ctx.clock, input.caseId, input.expectedVersion, input.reason), actor, ctx.clock.now());
  },
  async 'cases.checkerInbox'(_input, ctx) {
    const actor = requireActor(ctx);
    const rows = await pendingCasesOf(ctx.db, { agencyCode: actor.agencyCode, branchCode: actor.branchCode });
    return rows.filter((r) => actorMaySee(actor, r)).map((r) => summarise(r, actor, ctx.clock.now()));
  },
  async 'cases.branchChoices'(input, ctx) {
    return branchChoices(ctx.db, input.countyCode, input.institutionCode, input.amountRials ?? 0);
  },
};
