// The case lifecycle as one table. Main enforces it; the renderer reads it to show what is
// allowed; docs/workflow.md is generated from it (scripts/gen-workflow-doc.ts), so they agree.
import type { Role } from '../api/roles';

export const STAGES = [
  'draft',
  'submitted',
  'agency_review',
  'returned',
  'agency_approved',
  'agency_rejected',
  'bank_review',
  'documents_requested',
  'bank_approved',
  'bank_rejected',
  'disbursed',
  'closed',
  'withdrawn',
] as const;
export type Stage = (typeof STAGES)[number];

/** Which kind of office holds a case in a stage; only that office may move it. */
export type Holder = 'intake' | 'agency' | 'branch' | null;

export interface StageInfo {
  holder: Holder;
  /** The case waits on the applicant: the holding office's clock is paused. */
  waitsOnApplicant: boolean;
  final: boolean;
  /** Cases in this stage count in the branch's queue shown at intake. */
  inBranchQueue: boolean;
}

export const STAGE_INFO: Record<Stage, StageInfo> = {
  draft: { holder: 'intake', waitsOnApplicant: false, final: false, inBranchQueue: false },
  submitted: { holder: 'agency', waitsOnApplicant: false, final: false, inBranchQueue: false },
  agency_review: { holder: 'agency', waitsOnApplicant: false, final: false, inBranchQueue: false },
  returned: { holder: 'intake', waitsOnApplicant: true, final: false, inBranchQueue: false },
  agency_approved: { holder: 'branch', waitsOnApplicant: false, final: false, inBranchQueue: true },
  agency_rejected: { holder: null, waitsOnApplicant: false, final: true, inBranchQueue: false },
  bank_review: { holder: 'branch', waitsOnApplicant: false, final: false, inBranchQueue: true },
  documents_requested: { holder: 'branch', waitsOnApplicant: true, final: false, inBranchQueue: true },
  bank_approved: { holder: 'branch', waitsOnApplicant: false, final: false, inBranchQueue: false },
  bank_rejected: { holder: null, waitsOnApplicant: false, final: true, inBranchQueue: false },
  disbursed: { holder: 'branch', waitsOnApplicant: false, final: false, inBranchQueue: false },
  closed: { holder: null, waitsOnApplicant: false, final: true, inBranchQueue: false },
  withdrawn: { holder: null, waitsOnApplicant: false, final: true, inBranchQueue: false },
};

export type Guard =
  | 'complete' // every intake step done (identity, mobile, workshop, activity, permits, bank/branch, rules)
  | 'eligible' // workshop eligible, or overridden by an accepted objection ticket
  | 'amountWithinLimit' // requested amount within the programme's computed maximum
  | 'creditAvailable' // the chosen branch/institution can reserve the amount
  | 'noOpenTicket'; // no objection ticket open on the case

export type Effect =
  | 'issueTrackingCode' // at first submit
  | 'reserveCredit' // (re)reserve the requested amount at the chosen branch
  | 'releaseCredit'
  | 'consumeCredit'
  | 'assignToActor'
  | 'clearAssignee';

/** When a second officer of the same office must confirm (maker-checker). */
export type CheckerRule = 'never' | 'always' | 'aboveApprovalThreshold';

export interface Transition {
  action: string;
  from: readonly Stage[];
  to: Stage;
  roles: readonly Role[];
  reasonRequired: boolean;
  guards: readonly Guard[];
  effects: readonly Effect[];
  checker: CheckerRule;
}

const BEFORE_FINAL: readonly Stage[] = [
  'draft',
  'submitted',
  'agency_review',
  'returned',
  'agency_approved',
  'bank_review',
  'documents_requested',
];

export const TRANSITIONS = [
  { action: 'submit', from: ['draft'], to: 'submitted', roles: ['intake'], reasonRequired: false,
    guards: ['complete', 'eligible', 'amountWithinLimit', 'creditAvailable'],
    effects: ['issueTrackingCode', 'reserveCredit', 'clearAssignee'], checker: 'never' },
  { action: 'resubmit', from: ['returned'], to: 'submitted', roles: ['intake'], reasonRequired: false,
    guards: ['complete', 'eligible', 'amountWithinLimit', 'creditAvailable'],
    effects: ['reserveCredit', 'clearAssignee'], checker: 'never' },
  { action: 'take_agency_review', from: ['submitted'], to: 'agency_review', roles: ['agency_reviewer'],
    reasonRequired: false, guards: [], effects: ['assignToActor'], checker: 'never' },
  { action: 'agency_approve', from: ['agency_review'], to: 'agency_approved', roles: ['agency_reviewer'],
    reasonRequired: false, guards: ['eligible'], effects: ['clearAssignee'], checker: 'aboveApprovalThreshold' },
  { action: 'agency_reject', from: ['agency_review'], to: 'agency_rejected', roles: ['agency_reviewer'],
    reasonRequired: true, guards: [], effects: ['releaseCredit'], checker: 'never' },
  { action: 'agency_return', from: ['agency_review'], to: 'returned', roles: ['agency_reviewer'],
    reasonRequired: true, guards: [], effects: ['clearAssignee'], checker: 'never' },
  { action: 'take_bank_review', from: ['agency_approved'], to: 'bank_review', roles: ['branch_officer'],
    reasonRequired: false, guards: [], effects: ['assignToActor'], checker: 'never' },
  { action: 'bank_approve', from: ['bank_review'], to: 'bank_approved', roles: ['branch_officer'],
    reasonRequired: false, guards: [], effects: [], checker: 'aboveApprovalThreshold' },
  { action: 'bank_reject', from: ['bank_review'], to: 'bank_rejected', roles: ['branch_officer'],
    reasonRequired: true, guards: [], effects: ['releaseCredit'], checker: 'never' },
  { action: 'request_documents', from: ['bank_review'], to: 'documents_requested', roles: ['branch_officer'],
    reasonRequired: true, guards: [], effects: [], checker: 'never' },
  { action: 'documents_supplied', from: ['documents_requested'], to: 'agency_approved', roles: ['branch_officer'],
    reasonRequired: false, guards: [], effects: ['clearAssignee'], checker: 'never' },
  { action: 'disburse', from: ['bank_approved'], to: 'disbursed', roles: ['branch_officer'],
    reasonRequired: false, guards: ['noOpenTicket'], effects: ['consumeCredit'], checker: 'always' },
  { action: 'close', from: ['disbursed'], to: 'closed', roles: ['branch_officer'],
    reasonRequired: false, guards: [], effects: ['clearAssignee'], checker: 'never' },
  { action: 'withdraw', from: BEFORE_FINAL, to: 'withdrawn', roles: ['intake', 'agency_reviewer', 'branch_officer'],
    reasonRequired: true, guards: [], effects: ['releaseCredit', 'clearAssignee'], checker: 'never' },
] as const satisfies readonly Transition[];

export type Action = (typeof TRANSITIONS)[number]['action'];
export const ACTIONS = TRANSITIONS.map((t) => t.action) as Action[];

export function transitionFor(action: Action): Transition {
  const found = TRANSITIONS.find((t) => t.action === action);
  if (!found) throw new Error(`unknown action ${action}`);
  return found;
}

/** The actions a role could take on a case in this stage (before guards and holder checks). */
export function actionsFrom(stage: Stage, role: Role): Action[] {
  return TRANSITIONS.filter(
    (t) => (t.from as readonly Stage[]).includes(stage) && (t.roles as readonly Role[]).includes(role),
  ).map((t) => t.action);
}

/** Stages an office kind works on, for queues. */
export function stagesHeldBy(holder: Exclude<Holder, null>): Stage[] {
  return STAGES.filter((s) => STAGE_INFO[s].holder === holder);
}
