import type { Action, Stage } from '../../../src-shared/workflow/definition';

/** The path of actions from draft to each stage (both demo generators follow it). */
export const PATH_TO: Record<Stage, Action[]> = {
  draft: [],
  submitted: ['submit'],
  agency_review: ['submit', 'take_agency_review'],
  returned: ['submit', 'take_agency_review', 'agency_return'],
  agency_approved: ['submit', 'take_agency_review', 'agency_approve'],
  agency_rejected: ['submit', 'take_agency_review', 'agency_reject'],
  bank_review: ['submit', 'take_agency_review', 'agency_approve', 'take_bank_review'],
  documents_requested: ['submit', 'take_agency_review', 'agency_approve', 'take_bank_review', 'request_documents'],
  bank_approved: ['submit', 'take_agency_review', 'agency_approve', 'take_bank_review', 'bank_approve'],
  bank_rejected: ['submit', 'take_agency_review', 'agency_approve', 'take_bank_review', 'bank_reject'],
  disbursed: ['submit', 'take_agency_review', 'agency_approve', 'take_bank_review', 'bank_approve', 'disburse'],
  closed: ['submit', 'take_agency_review', 'agency_approve', 'take_bank_review', 'bank_approve', 'disburse', 'close'],
  withdrawn: ['withdraw'],
};
