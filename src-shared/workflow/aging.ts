import { STAGE_INFO, type Stage, type Holder } from './definition';

/** Days a case may sit in a stage before it shows as overdue; supervisors can change them. */
export const DEFAULT_OVERDUE_DAYS: Partial<Record<Stage, number>> = {
  submitted: 3,
  agency_review: 7,
  agency_approved: 3,
  bank_review: 7,
  documents_requested: 14,
  bank_approved: 5,
  returned: 14,
};

const DAY_MS = 24 * 60 * 60 * 1000;

export function daysInStage(stageEnteredAt: string, now: Date): number {
  return Math.max(0, Math.floor((now.getTime() - Date.parse(stageEnteredAt)) / DAY_MS));
}

export function isOverdue(stage: Stage, stageEnteredAt: string, now: Date, thresholds = DEFAULT_OVERDUE_DAYS): boolean {
  const limit = thresholds[stage];
  return limit !== undefined && daysInStage(stageEnteredAt, now) > limit;
}

export interface FlowStep {
  at: string;
  toStage: string;
}

/**
 * How long each kind of office held the case, from its flow. Time in a stage that waits on
 * the applicant (returned, documents requested) stops the holder's clock and is counted apart.
 */
export function holdingTimes(flow: readonly FlowStep[], now: Date): Record<Exclude<Holder, null> | 'applicant', number> {
  const totals = { intake: 0, agency: 0, branch: 0, applicant: 0 };
  for (let i = 0; i < flow.length; i += 1) {
    const step = flow[i]!;
    const info = STAGE_INFO[step.toStage as Stage];
    if (!info || info.final) continue;
    const end = i + 1 < flow.length ? Date.parse(flow[i + 1]!.at) : now.getTime();
    const ms = Math.max(0, end - Date.parse(step.at));
    if (info.waitsOnApplicant) totals.applicant += ms;
    else if (info.holder) totals[info.holder] += ms;
  }
  return totals;
}
