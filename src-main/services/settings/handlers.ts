import { AppError } from '../../../src-shared/api';
import type { HandlerRegistry } from '../../api/types';
import { allocationOf, creditTotals } from '../../db/queries/credit';
import { upsertCreditAllocation } from '../../db/queries/branches';
import { findBranch } from '../../db/queries/intake';
import { requireActor } from '../auth/handlers';
import { appendAudit } from '../audit/chain';
import { approvalCheckThresholdRials, loadOverdueThresholds, saveApprovalCheckThreshold, saveOverdueThresholds } from '../cases/parameters';

type SettingsHandlers = Pick<HandlerRegistry, 'workflow.settings' | 'workflow.setSettings' | 'credit.allocations' | 'credit.setAllocation'>;

type AllocationRow = { institution_code: string; branch_code: string | null; allocated_rials: number; reserved_rials: number; consumed_rials: number; is_demo?: number };
const allocationOut = (r: AllocationRow) => ({
  institutionCode: r.institution_code,
  branchCode: r.branch_code,
  allocatedRials: r.allocated_rials,
  reservedRials: r.reserved_rials,
  consumedRials: r.consumed_rials,
  remainingRials: r.allocated_rials - r.reserved_rials - r.consumed_rials,
  isDemo: r.is_demo === 1,
});

export const settingsHandlers: SettingsHandlers = {
  async 'workflow.settings'(_input, ctx) {
    return { overdueDays: await loadOverdueThresholds(ctx.db), approvalCheckThresholdRials: await approvalCheckThresholdRials(ctx.db) };
  },
  async 'workflow.setSettings'(input, ctx) {
    const actor = requireActor(ctx);
    const before = { overdueDays: await loadOverdueThresholds(ctx.db), approvalCheckThresholdRials: await approvalCheckThresholdRials(ctx.db) };
    if (input.overdueDays) await saveOverdueThresholds(ctx.db, { ...before.overdueDays, ...input.overdueDays });
    if (input.approvalCheckThresholdRials !== undefined) await saveApprovalCheckThreshold(ctx.db, input.approvalCheckThresholdRials);
    const after = { overdueDays: await loadOverdueThresholds(ctx.db), approvalCheckThresholdRials: await approvalCheckThresholdRials(ctx.db) };
    await appendAudit(ctx.db, {
      at: ctx.clock.now().toISOString(), staffId: actor.staffId, officeId: actor.officeId, action: 'workflow.setSettings', entity: 'settings',
      payload: { threshold: after.approvalCheckThresholdRials, overdue: JSON.stringify(after.overdueDays) },
    });
    return after;
  },
  async 'credit.allocations'(input, ctx) {
    const actor = requireActor(ctx);
    const rows = (await creditTotals(ctx.db)) as AllocationRow[];
    return rows
      .filter((r) => !input.institutionCode || r.institution_code === input.institutionCode)
      // A branch officer sees its own branch's allocation and its institution's total only.
      .filter((r) => actor.role !== 'branch_officer' || r.branch_code === actor.branchCode || r.branch_code === null)
      .map(allocationOut);
  },
  async 'credit.setAllocation'(input, ctx) {
    const actor = requireActor(ctx);
    const now = ctx.clock.now().toISOString();
    if (input.branchCode) {
      const branch = await findBranch(ctx.db, input.branchCode);
      if (!branch || branch.institution_code !== input.institutionCode) throw new AppError('validation', 'error.notFound', { field: 'branchCode' });
    }
    const where = { institutionCode: input.institutionCode, branchCode: input.branchCode };
    const current = await allocationOf(ctx.db, where);
    if (current && input.allocatedRials < current.reserved_rials + current.consumed_rials) {
      throw new AppError('refused', 'credit.belowCommitted', { field: 'allocatedRials', params: { committed: (current.reserved_rials + current.consumed_rials) / 10 } });
    }
    await upsertCreditAllocation(ctx.db, { ...where, allocatedRials: input.allocatedRials, isDemo: false, now });
    await appendAudit(ctx.db, {
      at: now, staffId: actor.staffId, officeId: actor.officeId, action: 'credit.setAllocation', entity: 'credit_allocation',
      entityId: `${input.institutionCode}/${input.branchCode ?? '*'}`, payload: { from: current?.allocated_rials ?? null, to: input.allocatedRials },
    });
    return allocationOut((await allocationOf(ctx.db, where))!);
  },
};
