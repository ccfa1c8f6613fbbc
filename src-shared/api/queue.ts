import { z } from 'zod';
import { method } from './method';
import { STAGES } from '../workflow/definition';
import { flowEntrySchema, caseSummarySchema } from './cases';

const QUEUE_ROLES = ['agency_reviewer', 'branch_officer', 'supervisor', 'auditor'] as const;
const stage = z.enum(STAGES);

export const QUEUE_SORTS = ['age', 'amount', 'county'] as const;
export const QUEUE_PAGE_MAX = 200;

export const queueFilterSchema = z.object({
  countyCode: z.string().min(1).optional(),
  activityCode: z.string().min(1).optional(),
  minAmountRials: z.number().int().min(0).optional(),
  maxAmountRials: z.number().int().min(0).optional(),
  overdue: z.boolean().optional(),
  assigned: z.enum(['me', 'unassigned']).optional(),
});
export type QueueFilter = z.infer<typeof queueFilterSchema>;

export const queueRowSchema = z.object({
  itemId: z.number().int(),
  caseId: z.string(),
  trackingCode: z.string().nullable(),
  applicantName: z.string(),
  workshopName: z.string(),
  countyCode: z.string().nullable(),
  countyNameFa: z.string().nullable(),
  countyNameEn: z.string().nullable(),
  amountRials: z.number().int().nullable(),
  stage,
  stageEnteredAt: z.string(),
  daysInStage: z.number().int(),
  overdue: z.boolean(),
  assigneeStaffId: z.number().int().nullable(),
  assigneeName: z.string().nullable(),
  pendingAction: z.string().nullable(),
  version: z.number().int(),
});
export type QueueRow = z.infer<typeof queueRowSchema>;

export const queueTabSchema = z.object({ stage, count: z.number().int(), held: z.boolean() });

const itemRef = z.object({ caseId: z.string().min(1), expectedVersion: z.number().int().positive() });
const bulkResultSchema = z.object({
  results: z.array(z.object({ caseId: z.string(), ok: z.boolean(), message: z.string().nullable(), version: z.number().int().nullable() })),
});

export const transitionOfferSchema = z.object({
  action: z.string(),
  /** The method and its decision value that carry this action. */
  call: z.object({ method: z.string(), decision: z.string().nullable() }),
  reasonRequired: z.boolean(),
  needsSecondOfficer: z.boolean(),
});

export const caseDetailSchema = z.object({
  summary: caseSummarySchema,
  applicant: z.object({
    firstName: z.string(), lastName: z.string(), fatherName: z.string(), nationalCode: z.string(), mobile: z.string(),
    registryVerified: z.boolean(), mobileConfirmed: z.boolean(), mobileConfirmMethod: z.string().nullable(), rulesAcknowledged: z.boolean(),
  }),
  workshop: z.object({
    name: z.string(), workshopCode: z.string().nullable(), identifier: z.string(), address: z.string(), postalCode: z.string().nullable(),
    countyNameFa: z.string().nullable(), countyNameEn: z.string().nullable(), uninsuredWorkers: z.number().int().nullable(),
    eligibility: z.enum(['eligible', 'ineligible', 'not_found', 'overridden']),
  }).nullable(),
  permit: z.object({ answered: z.boolean(), has: z.boolean().nullable(), type: z.string().nullable(), number: z.string().nullable(), issuer: z.string().nullable(), issuedOn: z.string().nullable() }),
  activity: z.object({ code: z.string(), nameFa: z.string(), nameEn: z.string() }).nullable(),
  agency: z.object({ code: z.string(), nameFa: z.string(), nameEn: z.string() }).nullable(),
  institution: z.object({ code: z.string(), nameFa: z.string(), nameEn: z.string() }).nullable(),
  branch: z.object({ code: z.string(), nameFa: z.string(), nameEn: z.string() }).nullable(),
  credit: z.object({ state: z.string(), rials: z.number().int() }),
  assigneeName: z.string().nullable(),
  tickets: z.array(z.object({ id: z.string(), trackingNumber: z.string(), kind: z.string(), status: z.string(), createdAt: z.string() })),
  attachments: z.array(z.object({ sha256: z.string(), ticketId: z.string(), fileName: z.string(), mime: z.string(), size: z.number().int(), thumbnailDataUrl: z.string().nullable() })),
  flow: z.array(flowEntrySchema.extend({ officeNameFa: z.string().nullable(), officeNameEn: z.string().nullable() })),
  offers: z.array(transitionOfferSchema),
});
export type CaseDetail = z.infer<typeof caseDetailSchema>;

export const cannedReasonSchema = z.object({ id: z.number().int(), action: z.string(), textFa: z.string(), textEn: z.string(), officeSpecific: z.boolean() });
export const savedFilterSchema = z.object({ id: z.number().int(), name: z.string(), stage, sort: z.enum(QUEUE_SORTS), filter: queueFilterSchema });

export const dashboardSchema = z.object({
  byStage: z.array(z.object({ stage, count: z.number().int() })),
  daily: z.array(z.object({ day: z.string(), inflow: z.number().int(), decisions: z.number().int() })),
  aging: z.array(z.object({ bucket: z.string(), count: z.number().int() })),
  credit: z.array(z.object({ code: z.string(), nameFa: z.string(), nameEn: z.string(), allocatedRials: z.number(), reservedRials: z.number(), consumedRials: z.number() })),
  branchCredit: z.array(z.object({ code: z.string(), nameFa: z.string(), nameEn: z.string(), allocatedRials: z.number(), reservedRials: z.number(), consumedRials: z.number() })),
});
export type Dashboard = z.infer<typeof dashboardSchema>;

export const queueContract = {
  'queue.tabs': method({
    input: z.object({}),
    output: z.object({ tabs: z.array(queueTabSchema), defaultStage: stage.nullable() }),
    access: QUEUE_ROLES,
    mutates: false,
  }),
  'queue.list': method({
    input: z.object({
      stage: stage.optional(),
      filter: queueFilterSchema.default({}),
      sort: z.enum(QUEUE_SORTS).default('age'),
      /** Tracking code, national code, mobile, or a name; searches every stage the user may see. */
      search: z.string().trim().max(100).optional(),
      cursor: z.string().max(500).optional(),
      limit: z.number().int().min(1).max(QUEUE_PAGE_MAX).default(100),
    }),
    output: z.object({ rows: z.array(queueRowSchema), nextCursor: z.string().nullable(), searchKind: z.enum(['none', 'tracking', 'national', 'mobile', 'name']) }),
    access: QUEUE_ROLES,
    mutates: false,
  }),
  'queue.caseDetail': method({ input: z.object({ caseId: z.string().min(1) }), output: caseDetailSchema, access: QUEUE_ROLES, mutates: false }),
  'queue.bulkTake': method({
    input: z.object({ items: z.array(itemRef).min(1).max(QUEUE_PAGE_MAX) }),
    output: bulkResultSchema,
    access: ['agency_reviewer', 'branch_officer'],
    mutates: true,
  }),
  'queue.assign': method({
    input: z.object({ items: z.array(itemRef).min(1).max(QUEUE_PAGE_MAX), staffId: z.number().int().positive() }),
    output: bulkResultSchema,
    access: ['agency_reviewer', 'branch_officer', 'supervisor'],
    mutates: true,
  }),
  'queue.assignees': method({
    input: z.object({}),
    output: z.array(z.object({ staffId: z.number().int(), displayName: z.string() })),
    access: QUEUE_ROLES,
    mutates: false,
  }),
  'queue.filterOptions': method({
    input: z.object({}),
    output: z.object({
      counties: z.array(z.object({ code: z.string(), nameFa: z.string(), nameEn: z.string() })),
      activities: z.array(z.object({ code: z.string(), nameFa: z.string(), nameEn: z.string() })),
    }),
    access: QUEUE_ROLES,
    mutates: false,
  }),
  'queue.cannedReasons': method({ input: z.object({}), output: z.array(cannedReasonSchema), access: QUEUE_ROLES, mutates: false }),
  'queue.addCannedReason': method({
    input: z.object({ action: z.string().min(1).max(50), textFa: z.string().trim().min(2).max(500), textEn: z.string().trim().min(2).max(500) }),
    output: cannedReasonSchema,
    access: ['supervisor'],
    mutates: true,
  }),
  'queue.savedFilters': method({ input: z.object({}), output: z.array(savedFilterSchema), access: QUEUE_ROLES, mutates: false }),
  'queue.saveFilter': method({
    input: z.object({ name: z.string().trim().min(1, { message: 'validation.required' }).max(60), stage, sort: z.enum(QUEUE_SORTS), filter: queueFilterSchema }),
    output: savedFilterSchema,
    access: QUEUE_ROLES,
    mutates: true,
  }),
  'queue.deleteFilter': method({ input: z.object({ id: z.number().int() }), output: z.object({}), access: QUEUE_ROLES, mutates: true }),
  'queue.dashboard': method({ input: z.object({}), output: dashboardSchema, access: QUEUE_ROLES, mutates: false }),
};
