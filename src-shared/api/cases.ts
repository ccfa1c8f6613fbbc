import { z } from 'zod';
import { method } from './method';
import { STAGES } from '../workflow/definition';

const caseRef = { caseId: z.string().min(1), expectedVersion: z.number().int().positive() };
const reason = z.string().trim().max(2000).optional();

export const flowEntrySchema = z.object({
  id: z.number().int(),
  at: z.string(),
  staffName: z.string().nullable(),
  officeId: z.string().nullable(),
  action: z.string(),
  fromStage: z.string().nullable(),
  toStage: z.string(),
  reason: z.string().nullable(),
});

export const caseSummarySchema = z.object({
  id: z.string(),
  trackingCode: z.string().nullable(),
  stage: z.enum(STAGES),
  version: z.number().int(),
  agencyCode: z.string().nullable(),
  institutionCode: z.string().nullable(),
  branchCode: z.string().nullable(),
  requestedAmountRials: z.number().int().nullable(),
  creditState: z.enum(['none', 'reserved', 'consumed', 'released']),
  assigneeStaffId: z.number().int().nullable(),
  pendingAction: z.string().nullable(),
  pendingByStaffId: z.number().int().nullable(),
  stageEnteredAt: z.string(),
  daysInStage: z.number().int(),
  overdue: z.boolean(),
  /** What this user may do now (role, holder and stage; guards are checked when acting). */
  allowedActions: z.array(z.string()),
});
export type CaseSummary = z.infer<typeof caseSummarySchema>;

export const branchChoiceSchema = z.object({
  code: z.string(),
  institutionCode: z.string(),
  nameFa: z.string(),
  nameEn: z.string(),
  addressFa: z.string(),
  phone: z.string(),
  queueSize: z.number().int(),
  remainingCreditRials: z.number().int(),
  canTakeAmount: z.boolean(),
  isDemo: z.boolean(),
});

export const casesContract = {
  'cases.get': method({
    input: z.object({ caseId: z.string().min(1) }),
    output: caseSummarySchema,
    access: 'signedIn',
    mutates: false,
  }),
  'cases.flow': method({
    input: z.object({ caseId: z.string().min(1) }),
    output: z.array(flowEntrySchema),
    access: 'signedIn',
    mutates: false,
  }),
  'cases.holding': method({
    input: z.object({ caseId: z.string().min(1) }),
    output: z.object({ intakeMs: z.number(), agencyMs: z.number(), branchMs: z.number(), applicantMs: z.number() }),
    access: 'signedIn',
    mutates: false,
  }),
  'cases.submit': method({
    input: z.object(caseRef),
    output: caseSummarySchema,
    access: ['intake'],
    mutates: true,
  }),
  'cases.take': method({
    input: z.object(caseRef),
    output: caseSummarySchema,
    access: ['agency_reviewer', 'branch_officer'],
    mutates: true,
  }),
  'cases.decide': method({
    input: z.object({
      ...caseRef,
      decision: z.enum(['approve', 'reject', 'return', 'request_documents', 'documents_supplied']),
      reason,
    }),
    output: caseSummarySchema,
    access: ['agency_reviewer', 'branch_officer'],
    mutates: true,
  }),
  'cases.withdraw': method({
    input: z.object({ ...caseRef, reason: z.string().trim().min(1, { message: 'validation.reasonRequired' }).max(2000) }),
    output: caseSummarySchema,
    access: ['intake', 'agency_reviewer', 'branch_officer'],
    mutates: true,
  }),
  'cases.disburse': method({ input: z.object(caseRef), output: caseSummarySchema, access: ['branch_officer'], mutates: true }),
  'cases.close': method({ input: z.object(caseRef), output: caseSummarySchema, access: ['branch_officer'], mutates: true }),
  'cases.confirmPending': method({ input: z.object(caseRef), output: caseSummarySchema, access: ['agency_reviewer', 'branch_officer'], mutates: true }),
  'cases.cancelPending': method({ input: z.object({ ...caseRef, reason }), output: caseSummarySchema, access: ['agency_reviewer', 'branch_officer'], mutates: true }),
  'cases.checkerInbox': method({
    input: z.object({}),
    output: z.array(caseSummarySchema),
    access: ['agency_reviewer', 'branch_officer', 'supervisor'],
    mutates: false,
  }),
  'cases.branchChoices': method({
    input: z.object({ countyCode: z.string().min(1), institutionCode: z.string().optional(), amountRials: z.number().int().min(0).optional() }),
    output: z.array(branchChoiceSchema),
    access: 'signedIn',
    mutates: false,
  }),
};
