import type { Actor } from '../../api/types';
import type { CaseRow } from '../../db/queries/cases';
import { STAGE_INFO, type Stage } from '../../../src-shared/workflow/definition';

/** Does the actor's office hold this case in its current stage? Only the holder may move it. */
export function actorHoldsCase(actor: Actor, c: Pick<CaseRow, 'stage' | 'created_office_id' | 'agency_code' | 'branch_code'>): boolean {
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
export function actorMaySee(actor: Actor, c: Pick<CaseRow, 'stage' | 'created_office_id' | 'agency_code' | 'branch_code' | 'submitted_at' | 'reached_branch_at'>): boolean {
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
