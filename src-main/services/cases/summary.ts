import type { Actor } from '../../api/types';
import type { CaseRow } from '../../db/queries/cases';
import type { CaseSummary } from '../../../src-shared/api/cases';
import { actionsFrom, type Stage } from '../../../src-shared/workflow/definition';
import { daysInStage, isOverdue, DEFAULT_OVERDUE_DAYS } from '../../../src-shared/workflow/aging';
import { actorHoldsCase } from './holder';

export function summarise(c: CaseRow, actor: Actor, now: Date, overdueDays: Partial<Record<Stage, number>> = DEFAULT_OVERDUE_DAYS): CaseSummary {
  const stage = c.stage as Stage;
  const holds = actorHoldsCase(actor, c);
  // The maker may take back their own request; only another officer may confirm it.
  const pendingActions = c.pending_by_staff_id === actor.staffId ? ['cancel_pending'] : ['confirm_pending', 'cancel_pending'];
  const allowed = !holds ? [] : c.pending_action ? pendingActions : actionsFrom(stage, actor.role);
  return {
    id: c.id,
    trackingCode: c.tracking_code,
    stage,
    version: c.version,
    agencyCode: c.agency_code,
    institutionCode: c.institution_code,
    branchCode: c.branch_code,
    requestedAmountRials: c.requested_amount_rials,
    creditState: c.credit_state as CaseSummary['creditState'],
    assigneeStaffId: c.assignee_staff_id,
    pendingAction: c.pending_action,
    pendingByStaffId: c.pending_by_staff_id,
    stageEnteredAt: c.stage_entered_at,
    daysInStage: daysInStage(c.stage_entered_at, now),
    overdue: isOverdue(stage, c.stage_entered_at, now, overdueDays),
    allowedActions: allowed,
  };
}
