// The programme's amount rule, from the parameters in seeds/reference/programme-parameters.json
// (the uninsured track's figures were never published: they are supervisor-editable settings).

export const AMOUNT_PARAMETER_KEYS = {
  perWorker: 'uninsured_amount_per_worker_toman',
  perWorkerClosed: 'uninsured_amount_per_worker_closed_toman',
  perDriver: 'uninsured_amount_per_driver_toman',
  maxWorkers: 'uninsured_max_workers_per_workshop',
  maxPerCase: 'uninsured_max_amount_per_case_toman',
} as const;

export interface AmountParameters {
  perWorkerToman: number;
  perWorkerClosedToman: number;
  perDriverToman: number;
  maxWorkers: number;
  maxPerCaseToman: number;
}

export interface AmountBasis {
  uninsuredWorkers: number;
  orderedClosed: boolean;
  isDriver: boolean;
}

const RIALS_PER_TOMAN = 10;

/** The most a case may request, in rials: per-worker amount × workers (capped), capped per case. */
export function maxRequestRials(basis: AmountBasis, p: AmountParameters): number {
  const perWorker = basis.isDriver ? p.perDriverToman : basis.orderedClosed ? p.perWorkerClosedToman : p.perWorkerToman;
  const workers = Math.max(0, Math.min(basis.uninsuredWorkers, p.maxWorkers));
  return Math.min(perWorker * workers, p.maxPerCaseToman) * RIALS_PER_TOMAN;
}
