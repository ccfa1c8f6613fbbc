import type { Actor } from '../../api/types';
import type { CaseRow } from '../../db/queries/cases';
import { holdsCase, maySeeCase } from '../../../src-shared/workflow/rules';

/** Does the actor's office hold this case in its current stage? Only the holder may move it. */
export function actorHoldsCase(actor: Actor, c: Pick<CaseRow, 'stage' | 'created_office_id' | 'agency_code' | 'branch_code'>): boolean {
  return holdsCase(actor, c);
}

/** May the actor see this case at all (office scoping)? */
export function actorMaySee(actor: Actor, c: Pick<CaseRow, 'stage' | 'created_office_id' | 'agency_code' | 'branch_code' | 'submitted_at' | 'reached_branch_at'>): boolean {
  return maySeeCase(actor, c);
}
