import type { KaraDb } from '../../db/connection';
import { findParameter } from '../../db/queries/reference';
import { getSetting, setSetting } from '../../db/queries/offices';
import { DEFAULT_OVERDUE_DAYS } from '../../../src-shared/workflow/aging';
import type { Stage } from '../../../src-shared/workflow/definition';
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

/** Overdue thresholds per stage: the defaults, with any a supervisor has changed. */
export async function loadOverdueThresholds(db: KaraDb): Promise<Partial<Record<Stage, number>>> {
  const stored = await getSetting(db, 'overdue_days');
  return { ...DEFAULT_OVERDUE_DAYS, ...(stored ? (JSON.parse(stored) as Partial<Record<Stage, number>>) : {}) };
}

export async function saveOverdueThresholds(db: KaraDb, thresholds: Partial<Record<Stage, number>>): Promise<void> {
  await setSetting(db, 'overdue_days', JSON.stringify(thresholds));
}

export async function saveApprovalCheckThreshold(db: KaraDb, rials: number): Promise<void> {
  await setSetting(db, 'approval_check_threshold_rials', String(rials));
}
