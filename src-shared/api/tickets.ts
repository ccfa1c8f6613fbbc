import { z } from 'zod';
import { method } from './method';
import { mobileSchema, nationalCodeSchema, workshopCodeSchema } from '../domain/schemas';
import { STAGES } from '../workflow/definition';

/** Attachments: checked by their bytes (magic numbers), never by name. */
export const ATTACHMENT_MIMES = ['image/jpeg', 'image/png', 'application/pdf'] as const;
export type AttachmentMime = (typeof ATTACHMENT_MIMES)[number];
/** 5 MB a file: base64 makes it ~6.7 MB, under the HTTP host's 10 MB body limit. */
export const ATTACHMENT_MAX_BYTES = 5 * 1024 * 1024;
export const ATTACHMENT_MAX_MB = 5;
/** Files on one ticket (all steps together). */
export const ATTACHMENTS_PER_TICKET_MAX = 20;
/** base64 of the largest file, plus slack; a longer string is refused before it is decoded. */
const BASE64_MAX_CHARS = Math.ceil((ATTACHMENT_MAX_BYTES * 4) / 3) + 8;

export const TICKET_STATUSES = ['open', 'info_requested', 'accepted', 'rejected'] as const;
export type TicketStatus = (typeof TICKET_STATUSES)[number];
export const TICKET_KINDS = ['not_found', 'ineligible'] as const;
export const ELIGIBILITY_MARKS = ['eligible', 'ineligible', 'not_found', 'overridden'] as const;
/** Days a ticket may wait in a status before it shows as overdue. */
export const TICKET_OVERDUE_DAYS: Partial<Record<TicketStatus, number>> = { open: 5, info_requested: 14 };

const sha256Schema = z.string().regex(/^[0-9a-f]{64}$/);
const ticketRef = { ticketId: z.string().min(1), expectedVersion: z.number().int().positive() };
const explanation = z.string().trim().min(20, { message: 'tickets.explanationShort' }).max(4000);
const message = z.string().trim().max(4000);

export const attachmentInfoSchema = z.object({
  sha256: z.string(),
  mime: z.enum(ATTACHMENT_MIMES),
  size: z.number().int(),
  fileName: z.string(),
  hasThumbnail: z.boolean(),
  addedAt: z.string(),
});
export type AttachmentInfo = z.infer<typeof attachmentInfoSchema>;

export const ticketSummarySchema = z.object({
  id: z.string(),
  trackingNumber: z.string(),
  kind: z.enum(TICKET_KINDS),
  status: z.enum(TICKET_STATUSES),
  version: z.number().int(),
  caseId: z.string().nullable(),
  caseTrackingCode: z.string().nullable(),
  applicantName: z.string(),
  workshopIdentifier: z.string(),
  agencyCode: z.string().nullable(),
  assigneeStaffId: z.number().int().nullable(),
  assigneeName: z.string().nullable(),
  createdAt: z.string(),
  statusChangedAt: z.string(),
  daysInStatus: z.number().int(),
  overdue: z.boolean(),
  attachmentCount: z.number().int(),
});
export type TicketSummary = z.infer<typeof ticketSummarySchema>;

export const ticketEventSchema = z.object({
  id: z.number().int(),
  at: z.string(),
  staffName: z.string().nullable(),
  action: z.string(),
  fromStatus: z.string().nullable(),
  toStatus: z.string(),
  message: z.string().nullable(),
  attachments: z.array(z.string()),
});

export const ticketDetailSchema = ticketSummarySchema.extend({
  description: z.string(),
  claimed: z.object({ workshopCode: z.string(), nationalCode: z.string(), mobile: z.string() }).nullable(),
  decisionReason: z.string().nullable(),
  decidedAt: z.string().nullable(),
  applicant: z.object({ id: z.string(), nationalCode: z.string(), mobile: z.string(), firstName: z.string(), lastName: z.string() }),
  workshop: z.object({
    identifier: z.string(),
    name: z.string().nullable(),
    workshopCode: z.string().nullable(),
    eligibility: z.enum(ELIGIBILITY_MARKS),
    listed: z.object({ status: z.string(), source: z.string(), updatedAt: z.string() }).nullable(),
    override: z.object({ ticketId: z.string().nullable(), staffName: z.string().nullable(), reason: z.string(), at: z.string() }).nullable(),
  }),
  case: z.object({ id: z.string(), trackingCode: z.string().nullable(), stage: z.enum(STAGES), activityCode: z.string().nullable() }).nullable(),
  attachments: z.array(attachmentInfoSchema),
  events: z.array(ticketEventSchema),
  /** What this user may do now: take, release, accept, reject, request_info, comment, resend. */
  allowedActions: z.array(z.string()),
});
export type TicketDetail = z.infer<typeof ticketDetailSchema>;

export const filingContextSchema = z.object({
  caseId: z.string(),
  caseTrackingCode: z.string().nullable(),
  stage: z.enum(STAGES),
  agencyCode: z.string().nullable(),
  applicant: z.object({ id: z.string(), nationalCode: z.string(), mobile: z.string(), firstName: z.string(), lastName: z.string() }),
  caseWorkshopIdentifier: z.string().nullable(),
  caseEligibility: z.enum(ELIGIBILITY_MARKS),
  /** The applicant's workshop codes with their eligibility marks. */
  workshops: z.array(z.object({ identifier: z.string(), workshopCode: z.string().nullable(), name: z.string(), eligibility: z.enum(ELIGIBILITY_MARKS) })),
  tickets: z.array(ticketSummarySchema),
});

export const uploadInput = z.object({
  fileName: z.string().trim().min(1).max(255),
  /** The file's bytes, base64. */
  base64: z.string().max(BASE64_MAX_CHARS, { message: 'tickets.uploadTooLarge' }),
});

export const fileTicketInput = z.discriminatedUnion('kind', [
  z.object({
    caseId: z.string().min(1),
    kind: z.literal('ineligible'),
    /** A red-cross code picked from the applicant's list. */
    workshopIdentifier: z.string().min(1),
    explanation,
    attachments: z.array(z.object({ sha256: sha256Schema, fileName: z.string().trim().min(1).max(255) })).min(1, { message: 'tickets.attachmentRequired' }).max(ATTACHMENTS_PER_TICKET_MAX),
  }),
  z.object({
    caseId: z.string().min(1),
    kind: z.literal('not_found'),
    /** "Not found in the list": the guide asks for these three in the description. */
    claimed: z.object({ workshopCode: workshopCodeSchema, nationalCode: nationalCodeSchema, mobile: mobileSchema }),
    explanation,
    attachments: z.array(z.object({ sha256: sha256Schema, fileName: z.string().trim().min(1).max(255) })).min(1, { message: 'tickets.attachmentRequired' }).max(ATTACHMENTS_PER_TICKET_MAX),
  }),
]);

export const TICKET_ASSIGNMENT_FILTERS = ['all', 'mine', 'unassigned'] as const;

export const ticketsContract = {
  /** Checks an uploaded file by its bytes and stores it once by SHA-256 (with a thumbnail for images). */
  'tickets.upload': method({
    input: uploadInput,
    output: z.object({ sha256: z.string(), mime: z.enum(ATTACHMENT_MIMES), size: z.number().int(), hasThumbnail: z.boolean(), alreadyStored: z.boolean() }),
    access: ['intake'],
    mutates: true,
  }),
  'tickets.filingContext': method({
    input: z.object({ caseId: z.string().min(1) }),
    output: filingContextSchema,
    access: ['intake', 'supervisor'],
    mutates: false,
  }),
  'tickets.file': method({ input: fileTicketInput, output: ticketDetailSchema, access: ['intake'], mutates: true }),
  'tickets.list': method({
    input: z.object({
      status: z.enum([...TICKET_STATUSES, 'active', 'all']).default('active'),
      assignment: z.enum(TICKET_ASSIGNMENT_FILTERS).default('all'),
      search: z.string().trim().max(100).optional(),
      overdueOnly: z.boolean().optional(),
      caseId: z.string().optional(),
      applicantId: z.string().optional(),
    }),
    output: z.array(ticketSummarySchema),
    access: 'signedIn',
    mutates: false,
  }),
  'tickets.get': method({ input: z.object({ ticketId: z.string().min(1) }), output: ticketDetailSchema, access: 'signedIn', mutates: false }),
  /** An attachment's bytes (or its thumbnail), for a ticket the caller may see. */
  'tickets.attachment': method({
    input: z.object({ ticketId: z.string().min(1), sha256: sha256Schema, variant: z.enum(['original', 'thumbnail']).default('original') }),
    output: z.object({ mime: z.string(), base64: z.string() }),
    access: 'signedIn',
    mutates: false,
  }),
  'tickets.assign': method({
    input: z.object({ ...ticketRef, to: z.enum(['me', 'nobody']) }),
    output: ticketDetailSchema,
    access: ['agency_reviewer'],
    mutates: true,
  }),
  /** The reviewer's reply: a decision (accept, reject, request information) or a comment. */
  'tickets.decide': method({
    input: z.object({ ...ticketRef, decision: z.enum(['accept', 'reject', 'request_info', 'comment']), message }),
    output: ticketDetailSchema,
    access: ['agency_reviewer'],
    mutates: true,
  }),
  /** Intake answers a request for information: more files and a message, back to the reviewer. */
  'tickets.resend': method({
    input: z.object({
      ...ticketRef,
      message: z.string().trim().min(1, { message: 'validation.required' }).max(4000),
      attachments: z.array(z.object({ sha256: sha256Schema, fileName: z.string().trim().min(1).max(255) })).max(ATTACHMENTS_PER_TICKET_MAX),
    }),
    output: ticketDetailSchema,
    access: ['intake'],
    mutates: true,
  }),
};
