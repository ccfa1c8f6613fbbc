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

// ---- The stepwise draft (assisted registration screens) ----

/** The wizard's steps in the applicant's order (programme README, steps 1–13). */
export const INTAKE_STEPS = [
  'rules', 'identity', 'account', 'personal', 'workshop', 'workshopDetails', 'activity', 'permits', 'bankBranch', 'review',
] as const;
export type IntakeStep = (typeof INTAKE_STEPS)[number];

/**
 * The applicant's portal password, "following the shown pattern": 8 to 64 characters with at
 * least one Latin letter and one digit, no spaces. Each rule has its own key so the hint can
 * tick them off as the clerk types.
 */
export const PORTAL_PASSWORD_RULES = [
  { key: 'intake.password.rule.length', test: (p: string) => p.length >= 8 && p.length <= 64 },
  { key: 'intake.password.rule.letter', test: (p: string) => /[A-Za-z]/.test(p) },
  { key: 'intake.password.rule.digit', test: (p: string) => /\d/.test(p) },
  { key: 'intake.password.rule.noSpace', test: (p: string) => p.length > 0 && !/\s/.test(p) },
] as const;

export const portalPasswordSchema = z.string().superRefine((p, ctx) => {
  if (p === '') {
    ctx.addIssue({ code: 'custom', message: 'validation.required' });
    return;
  }
  if (!PORTAL_PASSWORD_RULES.every((r) => r.test(p))) ctx.addIssue({ code: 'custom', message: 'intake.password.pattern' });
});

/** 0–4: how many pattern rules pass, plus length bonus; drives the live strength meter. */
export function portalPasswordStrength(p: string): 0 | 1 | 2 | 3 | 4 {
  if (!p) return 0;
  const rules = PORTAL_PASSWORD_RULES.filter((r) => r.test(p)).length;
  if (rules < PORTAL_PASSWORD_RULES.length) return rules >= 3 ? 1 : 0;
  const classes = [/[a-z]/, /[A-Z]/, /\d/, /[^A-Za-z\d\s]/].filter((re) => re.test(p)).length;
  if (p.length >= 12 && classes >= 3) return 4;
  if (p.length >= 10 || classes >= 3) return 3;
  return 2;
}

const reasonText = z.string().trim().min(3, { message: 'intake.duplicate.reasonRequired' }).max(1000);
const optionalReason = z.preprocess((v) => (typeof v === 'string' && v.trim() === '' ? undefined : v), reasonText.optional());
const caseRef = { caseId: z.string().min(1), expectedVersion: z.number().int().positive() };

export const GENDERS = ['male', 'female'] as const;
export const ELIGIBILITY = ['eligible', 'ineligible', 'not_found', 'overridden'] as const;

export const stepInputSchema = z.discriminatedUnion('step', [
  z.object({ step: z.literal('identity'), mobile: mobileSchema, registryVerified: z.boolean(), duplicateReason: optionalReason }),
  z
    .object({ step: z.literal('account'), portalAccess: z.boolean(), password: z.string().max(64).optional() })
    .superRefine((v, ctx) => {
      if (!v.portalAccess) return;
      const checked = portalPasswordSchema.safeParse(v.password ?? '');
      if (!checked.success) ctx.addIssue({ code: 'custom', path: ['password'], message: checked.error.issues[0]!.message });
    }),
  z.object({
    step: z.literal('personal'),
    firstName: personNameSchema,
    lastName: personNameSchema,
    fatherName: personNameSchema,
    birthDate: z.string().regex(/^\d{4}-\d{2}-\d{2}$/, { message: 'validation.date' }),
    gender: z.enum(GENDERS, { message: 'validation.required' }),
    homeAddress: z.string().trim().min(5, { message: 'validation.required' }).max(500),
  }),
  z.object({ step: z.literal('workshop'), workshopCode: workshopCodeSchema.nullable(), duplicateReason: optionalReason }),
  z.object({
    step: z.literal('workshopDetails'),
    name: z.string().trim().min(2, { message: 'validation.required' }).max(200),
    address: z.string().trim().min(5, { message: 'validation.required' }).max(500),
    provinceCode: z.string().min(1, { message: 'validation.required' }),
    countyCode: z.string().min(1, { message: 'validation.required' }),
    postalCode: postalCodeSchema,
    uninsuredWorkers: z.number({ message: 'validation.number' }).int({ message: 'validation.number' }).min(1, { message: 'validation.workersMin' }).max(1000),
    activityDescription: z.string().trim().min(3, { message: 'validation.required' }).max(500),
  }),
  z.object({
    step: z.literal('activity'),
    activityCode: z.string().min(1, { message: 'validation.required' }),
    requestedAmountToman: z.number({ message: 'validation.money.invalid' }).int({ message: 'validation.money.invalid' }).min(1, { message: 'validation.required' }),
  }),
  z.object({ step: z.literal('permits'), permit: permitSchema }),
  z.object({ step: z.literal('bankBranch'), institutionCode: z.string().min(1, { message: 'validation.required' }), branchCode: z.string().min(1, { message: 'validation.required' }) }),
]);
export type StepInput = z.infer<typeof stepInputSchema>;

export const duplicateSchema = z.object({
  match: z.enum(['nationalCode', 'mobile', 'workshop']),
  source: z.enum(['office', 'central']),
  caseId: z.string().nullable(),
  trackingCode: z.string().nullable(),
  stage: z.string().nullable(),
  officeId: z.string().nullable(),
});
export type Duplicate = z.infer<typeof duplicateSchema>;

const named = { code: z.string(), nameFa: z.string(), nameEn: z.string() };

export const draftViewSchema = z.object({
  case: caseSummarySchema,
  editable: z.boolean(),
  submittedAt: z.string().nullable(),
  createdAt: z.string(),
  duplicateReason: z.string().nullable(),
  missing: z.array(z.string()),
  applicant: z.object({
    nationalCode: z.string(),
    mobile: z.string(),
    firstName: z.string(),
    lastName: z.string(),
    fatherName: z.string(),
    birthDate: z.string().nullable(),
    gender: z.enum(GENDERS).nullable(),
    homeAddress: z.string(),
    registryFilled: z.boolean(),
    registryVerified: z.boolean(),
    mobileConfirmed: z.boolean(),
    mobileConfirmMethod: z.enum(MOBILE_CONFIRM_METHODS).nullable(),
    rulesAcknowledged: z.boolean(),
    portalAccess: z.boolean(),
    accountAnswered: z.boolean(),
    personalDone: z.boolean(),
  }),
  mobileCode: z.object({ pending: z.boolean(), expiresAt: z.string().nullable(), attemptsLeft: z.number().int(), sendsLeft: z.number().int() }),
  workshop: z
    .object({
      workshopCode: z.string().nullable(),
      identifier: z.string(),
      eligibility: z.enum(ELIGIBILITY),
      name: z.string(),
      address: z.string(),
      provinceCode: z.string().nullable(),
      countyCode: z.string().nullable(),
      postalCode: z.string().nullable(),
      uninsuredWorkers: z.number().int().nullable(),
      activityDescription: z.string(),
      province: z.object(named).nullable(),
      county: z.object(named).nullable(),
    })
    .nullable(),
  activity: z.object({ ...named, agency: z.object(named) }).nullable(),
  requestedAmountToman: z.number().int().nullable(),
  maxAmountToman: z.number().int().nullable(),
  permit: permitSchema.nullable(),
  institution: z.object(named).nullable(),
  branch: z.object({ ...named, addressFa: z.string(), phone: z.string(), isDemo: z.boolean() }).nullable(),
});
export type DraftView = z.infer<typeof draftViewSchema>;

export const registryRecordSchema = z.object({
  firstName: z.string(),
  lastName: z.string(),
  fatherName: z.string(),
  birthDate: z.string().nullable(),
  gender: z.enum(GENDERS).nullable(),
});

export const foundCaseSchema = z.object({
  caseId: z.string(),
  trackingCode: z.string().nullable(),
  stage: z.string(),
  nationalCode: z.string(),
  mobile: z.string(),
  firstName: z.string(),
  lastName: z.string(),
  workshopName: z.string().nullable(),
  updatedAt: z.string(),
  /** A draft or a returned case this office may go on editing. */
  resumable: z.boolean(),
});

export const mobileCodeStateSchema = z.object({ sentTo: z.string(), expiresAt: z.string(), attemptsLeft: z.number().int(), sendsLeft: z.number().int() });

export const intakeContract = {
  'intake.createDraft': method({
    input: createDraftInput,
    output: caseSummarySchema,
    access: ['intake'],
    mutates: true,
  }),
  /** Step 1: find a case by national code, tracking code or mobile (this office's cases). */
  'intake.find': method({
    input: z.object({ query: z.string().trim().min(1, { message: 'validation.required' }).max(40) }),
    output: z.array(foundCaseSchema),
    access: ['intake', 'supervisor'],
    mutates: false,
  }),
  /** Cases that already use this national code, mobile or workshop, here or in central's data. */
  'intake.duplicates': method({
    input: z.object({
      nationalCode: z.string().optional(),
      mobile: z.string().optional(),
      workshopIdentifier: z.string().optional(),
      excludeCaseId: z.string().optional(),
    }),
    output: z.array(duplicateSchema),
    access: ['intake', 'supervisor'],
    mutates: false,
  }),
  /** Rules acknowledged and identity typed: the draft is created. A duplicate needs a reason. */
  'intake.start': method({
    input: z.object({
      rulesAcknowledged: z.literal(true, { message: 'intake.rules.mustAcknowledge' }),
      nationalCode: nationalCodeSchema,
      mobile: mobileSchema,
      registryVerified: z.boolean().default(false),
      duplicateReason: optionalReason,
    }),
    output: draftViewSchema,
    access: ['intake'],
    mutates: true,
  }),
  'intake.draft': method({
    input: z.object({ caseId: z.string().min(1) }),
    output: draftViewSchema,
    access: ['intake', 'supervisor'],
    mutates: false,
  }),
  /** Saves one step of a draft (or of a returned case: the edit is written to the case flow). */
  'intake.saveStep': method({
    input: z.object({ ...caseRef, data: stepInputSchema }),
    output: draftViewSchema,
    access: ['intake'],
    mutates: true,
  }),
  'intake.registryLookup': method({
    input: z.object({ nationalCode: nationalCodeSchema }),
    output: registryRecordSchema.nullable(),
    access: ['intake'],
    mutates: false,
  }),
  /** Sends a one-time code to the applicant's mobile through the SMS adapter. */
  'intake.sendMobileCode': method({
    input: z.object({ caseId: z.string().min(1) }),
    output: mobileCodeStateSchema,
    access: ['intake'],
    mutates: true,
  }),
  /** The applicant reads the code back; a wrong one counts against the attempts. */
  'intake.confirmMobileCode': method({
    input: z.object({ ...caseRef, code: z.string().trim().regex(/^[0-9۰-۹٠-٩]{6}$/, { message: 'intake.mobileCode.format' }) }),
    output: draftViewSchema,
    access: ['intake'],
    mutates: true,
  }),
  /**
   * For an applicant who cannot receive the code (no phone at hand, no signal): the clerk has
   * seen, in person, the operator's document that the SIM is registered to the applicant.
   */
  'intake.confirmMobileInPerson': method({
    input: z.object({ ...caseRef, simDocumentChecked: z.literal(true, { message: 'intake.mobile.inPerson.required' }) }),
    output: draftViewSchema,
    access: ['intake'],
    mutates: true,
  }),
  /** The local SMS outbox (what the default adapter recorded), newest first. */
  'intake.outbox': method({
    input: z.object({ mobile: z.string().optional(), limit: z.number().int().min(1).max(500).default(50) }),
    output: z.array(z.object({ id: z.number().int(), at: z.string(), mobile: z.string(), body: z.string(), purpose: z.string(), caseId: z.string().nullable() })),
    access: ['supervisor'],
    mutates: false,
  }),
};
