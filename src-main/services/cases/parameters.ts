import type { KaraDb } from '../../db/connection';
import { findParameter } from '../../db/queries/reference';
import { getSetting } from '../../db/queries/offices';
import { AMOUNT_PARAMETER_KEYS, type AmountParameters } from '../../../src-shared/domain/programme';

export async function loadAmountParameters(db: KaraDb): Promise<AmountParameters> {
  const value = async (key: string) => {
    const p = await findParameter(db, key);
    if (!p) throw new Error(`programme parameter ${key} is missing: run "seed reference"`);
    return p.value;
  };
  return {
    perWorkerToman: await value(AMOUNT_PARAMETER_KEYS.perWorker),
    perWorkerClosedToman: await value(AMOUNT_PARAMETER_KEYS.perWorkerClosed),
    perDriverToman: await value(AMOUNT_PARAMETER_KEYS.perDriver),
    maxWorkers: await value(AMOUNT_PARAMETER_KEYS.maxWorkers),
    maxPerCaseToman: await value(AMOUNT_PARAMETER_KEYS.maxPerCase),
  };
}

/** Approvals above this amount need a second officer (maker-checker). Office setting, in rials. */
export const DEFAULT_APPROVAL_CHECK_RIALS = 500_000_000;

export async function approvalCheckThresholdRials(db: KaraDb): Promise<number> {
  const stored = await getSetting(db, 'approval_check_threshold_rials');
  return stored === undefined ? DEFAULT_APPROVAL_CHECK_RIALS : Number(stored);
}
