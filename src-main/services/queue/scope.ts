import type { Actor } from '../../api/types';
import type { QueueScope } from '../../db/queries/queue';
import { STAGES, STAGE_INFO, stagesHeldBy, type Stage } from '../../../src-shared/workflow/definition';

/** The cases an actor's queue covers: its agency, its branch, its intake office, or (central) all. Mirrors actorMaySee. */
export function scopeOf(actor: Actor): QueueScope {
  switch (actor.officeKind) {
    case 'agency': return { kind: 'agency', code: actor.agencyCode ?? '' };
    case 'branch': return { kind: 'branch', code: actor.branchCode ?? '' };
    case 'intake': return { kind: 'office', code: actor.officeId };
    case 'central': return { kind: 'all' };
  }
}

const NOT_SEEN_BY_BRANCH: readonly Stage[] = ['draft', 'submitted', 'agency_review', 'returned', 'agency_rejected'];

/** Stages whose cases the actor may see at all (the same rule as actorMaySee). */
export function visibleStages(actor: Actor): Stage[] {
  switch (actor.officeKind) {
    case 'agency': return STAGES.filter((s) => s !== 'draft');
    case 'branch': return STAGES.filter((s) => !NOT_SEEN_BY_BRANCH.includes(s));
    default: return [...STAGES];
  }
}

/** Stages the actor's office works on (held and not final). */
export function heldStages(actor: Actor): Stage[] {
  if (actor.officeKind === 'central') return STAGES.filter((s) => STAGE_INFO[s].holder !== null && !STAGE_INFO[s].final && s !== 'draft');
  return stagesHeldBy(actor.officeKind);
}
