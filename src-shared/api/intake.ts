import { z } from 'zod';
import { method } from './method';
import { mobileSchema, nationalCodeSchema, personNameSchema, postalCodeSchema, workshopCodeSchema } from '../domain/schemas';
import { caseSummarySchema } from './cases';

export const MOBILE_CONFIRM_METHODS = ['sms_code', 'in_person_sim_check'] as const;

export const draftApplicantSchema = z.object({
  nationalCode: nationalCodeSchema,
  mobile: mobileSchema,
  firstName: personNameSchema,
  lastName: personNameSchema,
  fatherName: personNameSchema.optional(),
  rulesAcknowledged: z.boolean(),
  registryVerified: z.boolean(),
  mobileConfirmedBy: z.enum(MOBILE_CONFIRM_METHODS).nullable(),
});

export const draftWorkshopSchema = z.object({
  /** Social-security workshop code; null when it has none (the owner's national code is used). */
  workshopCode: workshopCodeSchema.nullable(),
  name: z.string().trim().min(2, { message: 'validation.required' }).max(200),
  address: z.string().trim().max(500).default(''),
  provinceCode: z.string().min(1, { message: 'validation.required' }),
  countyCode: z.string().min(1, { message: 'validation.required' }),
  postalCode: postalCodeSchema,
  uninsuredWorkers: z.number().int().min(1, { message: 'validation.workersMin' }).max(1000),
});

export const permitSchema = z.discriminatedUnion('has', [
  z.object({ has: z.literal(false) }),
  z.object({
    has: z.literal(true),
    type: z.string().trim().min(1, { message: 'validation.required' }).max(100),
    number: z.string().trim().min(1, { message: 'validation.required' }).max(100),
    issuer: z.string().trim().min(1, { message: 'validation.required' }).max(200),
    issuedOn: z.string().regex(/^\d{4}-\d{2}-\d{2}$/, { message: 'validation.date' }),
  }),
]);

export const createDraftInput = z.object({
  applicant: draftApplicantSchema,
  workshop: draftWorkshopSchema.optional(),
  activityCode: z.string().optional(),
  permit: permitSchema.optional(),
  institutionCode: z.string().optional(),
  branchCode: z.string().optional(),
  requestedAmountToman: z.number().int().min(0).optional(),
});

export const intakeContract = {
  'intake.createDraft': method({
    input: createDraftInput,
    output: caseSummarySchema,
    access: ['intake'],
    mutates: true,
  }),
};
