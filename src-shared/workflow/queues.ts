import { STAGES, STAGE_INFO, type Stage } from './definition';

/** Stages counted in a branch's queue size (shown to intake when choosing a branch). */
export function stagesInBranchQueue(): Stage[] {
  return STAGES.filter((s) => STAGE_INFO[s].inBranchQueue);
}
