// Sync: the records a bundle carries (docs/sync-format.md is generated from these schemas)
// and the API of the sync screen.
import { z } from 'zod';
import { method } from './method';
import { OFFICE_KINDS } from './roles';
import { STAGES } from '../workflow/definition';
import { REFERENCE_CODE } from './reference-editing';

const iso = z.string().min(1).max(40);
const id = z.string().min(1).max(100);
const text = (max = 2000) => z.string().max(max);
const int = z.number().int();
const sha256 = z.string().regex(/^[0-9a-f]{64}$/);

export const BUNDLE_FORMAT = 'kara-desk-bundle';
export const BUNDLE_VERSION = 1;
/** The export names its bundle files with it; the desktop shell's file dialog offers it. */
export const BUNDLE_EXTENSION = 'kdb';

/** What the sync screen can ask the desktop shell's native dialog to choose. */
export const PATH_CHOICES = ['exportFolder', 'bundleFile'] as const;
export type PathChoice = (typeof PATH_CHOICES)[number];

export const syncOfficeRecord = z.object({
  id, kind: z.enum(OFFICE_KINDS), name_fa: text(200), name_en: text(200),
  agency_code: id.nullable(), branch_code: id.nullable(), county_code: id.nullable(),
}).strict();

export const syncApplicantRecord = z.object({
  id, national_code: z.string().regex(/^\d{10}$/), mobile: text(20), first_name: text(200), last_name: text(200), father_name: text(200),
  birth_date: iso.nullable(), gender: text(20).nullable(), registry_filled: int, registry_verified_at: iso.nullable(),
  mobile_confirmed_at: iso.nullable(), mobile_confirm_method: text(40).nullable(), rules_acknowledged_at: iso.nullable(),
  home_address: text(), created_office_id: id, created_at: iso, updated_at: iso,
}).strict();

export const syncWorkshopRecord = z.object({
  id, applicant_id: id, workshop_code: text(40).nullable(), identifier: text(40), name: text(300), address: text(),
  province_code: id.nullable(), county_code: id.nullable(), postal_code: text(20).nullable(), uninsured_workers: int.nullable(),
  activity_description: text(), created_at: iso, updated_at: iso,
}).strict();

/** A case-flow entry; `uid` is "<office where it was made>/<its id there>" and never changes. */
export const syncFlowRecord = z.object({
  uid: text(200).min(3), at: iso, staff_uid: text(200).nullable(), staff_name: text(200).nullable(), office_id: id.nullable(),
  action: text(60), from_stage: z.enum(STAGES).nullable(), to_stage: z.enum(STAGES), reason: text().nullable(), details: text(4000),
}).strict();

/** A case file: the case row and its whole flow, oldest first. */
export const syncCaseRecord = z.object({
  id, tracking_code: text(40).nullable(), applicant_id: id, workshop_id: id.nullable(), stage: z.enum(STAGES),
  created_office_id: id, activity_code: id.nullable(), agency_code: id.nullable(), institution_code: id.nullable(),
  branch_code: id.nullable(), requested_amount_rials: int.nonnegative().nullable(), permits_answered: int, has_permit: int.nullable(),
  permit_type: text(100).nullable(), permit_number: text(100).nullable(), permit_issuer: text(200).nullable(), permit_issued_on: iso.nullable(),
  duplicate_reason: text().nullable(), version: int.positive(), stage_entered_at: iso, submitted_at: iso.nullable(),
  created_at: iso, updated_at: iso,
  flow: z.array(syncFlowRecord).min(1).max(10_000),
}).strict();

export const syncTicketRecord = z.object({
  id, tracking_number: text(40), applicant_id: id, case_id: id.nullable(), workshop_identifier: text(40),
  kind: z.enum(['not_found', 'ineligible']), status: text(40), description: text(4000), agency_code: id.nullable(),
  created_office_id: id, version: int.positive(), created_at: iso, updated_at: iso,
  claimed_workshop_code: text(40).nullable(), claimed_national_code: text(20).nullable(), claimed_mobile: text(20).nullable(),
  status_changed_at: iso.nullable(), decided_at: iso.nullable(), decision_reason: text().nullable(),
}).strict();

/** The bytes travel as the member `attachments/<sha256>`. */
export const syncAttachmentRecord = z.object({ sha256, mime: text(100), size: int.nonnegative(), created_at: iso }).strict();

export const syncEligibilityRecord = z.object({
  workshop_identifier: text(40), status: z.enum(['eligible', 'ineligible']), source: text(200), updated_at: iso,
}).strict();

export const syncParameterRecord = z.object({
  key: text(100), value: int, unit: text(40), description_fa: text(), description_en: text(), source: text(), published: int, updated_at: iso,
}).strict();

// ---- reference data: only central's bundles carry it, and only central's are applied -------

/** A reference code (institution, branch, county, agency, category, activity). */
const refCode = z.string().regex(REFERENCE_CODE);
const refName = text(1000).min(1);
const flag = z.union([z.literal(0), z.literal(1)]);

export const syncInstitutionRecord = z.object({
  code: refCode, name_fa: refName, name_en: refName, kind: z.enum(['bank', 'credit_institution']),
}).strict();

export const syncAgencyRecord = z.object({ code: refCode, name_fa: refName, name_en: refName }).strict();

export const syncCategoryRecord = z.object({
  code: refCode, name_fa: refName, name_en: refName, agency_code: refCode, ordered_closed: flag,
}).strict();

/** An activity code and the agency that reviews its cases. */
export const syncActivityCodeRecord = z.object({
  code: refCode, category_code: refCode, name_fa: refName, name_en: refName, agency_code: refCode, is_driver: flag,
}).strict();

/** A real bank branch; `offered` 0: central no longer offers it (kept for the cases that hold it). */
export const syncBranchRecord = z.object({
  code: refCode, institution_code: refCode, county_code: refCode, name_fa: refName, name_en: refName,
  address_fa: text(1000), phone: text(40), offered: flag,
}).strict();

/** An allocated credit total: the institution's (`branch_code` null) or one branch's. */
export const syncCreditRecord = z.object({
  institution_code: refCode, branch_code: refCode.nullable(), allocated_rials: int.nonnegative(), updated_at: iso,
}).strict();

/** Central's count of cases waiting at a branch when the bundle was made; a branch not listed has none. */
export const syncBranchQueueRecord = z.object({ branch_code: refCode, waiting: int.nonnegative() }).strict();

export const CASE_OUTCOMES = ['accepted', 'routed', 'unchanged', 'refused', 'conflict'] as const;
export type CaseOutcome = (typeof CASE_OUTCOMES)[number];

/** An acknowledgement of a large bundle spans several records, each this many cases at most. */
export const ACK_CASES_PER_RECORD = 10_000;
/** "I applied your bundle `seq`": what it held and what became of each case. */
export const syncAckRecord = z.object({
  source: id, seq: int.positive(), applied_at: iso, counts: z.record(z.string(), int),
  cases: z.array(z.object({ case_id: id, outcome: z.enum(CASE_OUTCOMES), reason: text().nullable() }).strict()).max(ACK_CASES_PER_RECORD),
}).strict();

/** Entity name -> record schema; each is one NDJSON member `records/<entity>.ndjson`. */
export const SYNC_ENTITIES = {
  institutions: syncInstitutionRecord,
  agencies: syncAgencyRecord,
  categories: syncCategoryRecord,
  activitycodes: syncActivityCodeRecord,
  branches: syncBranchRecord,
  credit: syncCreditRecord,
  branchqueues: syncBranchQueueRecord,
  offices: syncOfficeRecord,
  eligibility: syncEligibilityRecord,
  parameters: syncParameterRecord,
  applicants: syncApplicantRecord,
  workshops: syncWorkshopRecord,
  cases: syncCaseRecord,
  tickets: syncTicketRecord,
  attachments: syncAttachmentRecord,
  acks: syncAckRecord,
} as const;
export type SyncEntity = keyof typeof SYNC_ENTITIES;
export const SYNC_ENTITY_ORDER = Object.keys(SYNC_ENTITIES) as SyncEntity[];

const b64 = z.string().regex(/^[A-Za-z0-9+/]+={0,2}$/).max(200);
export const manifestMemberSchema = z.object({
  name: z.string().regex(/^(records\/[a-z]+\.ndjson|attachments\/[0-9a-f]{64})$/),
  entity: z.union([z.enum(SYNC_ENTITY_ORDER), z.literal('attachment')]),
  size: int.nonnegative(), // bytes stored in the zip (IV + ciphertext + tag)
  sha256, // of those stored bytes
  plainSize: int.nonnegative(), // bytes after decryption and inflation
  records: int.nonnegative(),
}).strict();

export const manifestSchema = z.object({
  format: z.literal(BUNDLE_FORMAT),
  version: z.literal(BUNDLE_VERSION),
  source: z.object({ officeId: id, kind: z.enum(OFFICE_KINDS) }).strict(),
  target: id,
  seq: int.positive(),
  createdAt: iso,
  auditHead: z.object({ entries: int.nonnegative(), hash: sha256 }).strict(),
  encryption: z.object({
    alg: z.literal('X25519-HKDF-SHA256-A256GCM'), recipientKeySha256: sha256, ephemeralPublicKey: b64, iv: b64, ciphertext: b64, tag: b64,
  }).strict(),
  members: z.array(manifestMemberSchema).max(1_000_000),
  counts: z.record(z.string(), int.nonnegative()),
}).strict();
export type Manifest = z.infer<typeof manifestSchema>;

// ------------------------------------------------------------------------------------------
// The sync screen's API

export const syncPeerSchema = z.object({
  officeId: z.string(), kind: z.enum(OFFICE_KINDS), trusted: z.boolean(),
  lastSeqSent: z.number().int(), lastSeqAcked: z.number().int(), lastSeqReceived: z.number().int(),
  missing: z.array(z.number().int()), pendingChanges: z.number().int(), unconfirmedCases: z.number().int(),
});
export const syncBundleSchema = z.object({
  direction: z.enum(['sent', 'received']), peer: z.string(), seq: z.number().int(), at: z.string(),
  counts: z.record(z.string(), z.number().int()), acknowledged: z.boolean(),
});
export const syncStatusSchema = z.object({
  office: z.object({ id: z.string(), kind: z.enum(OFFICE_KINDS), publicKey: z.string() }).nullable(),
  peers: z.array(syncPeerSchema),
  history: z.array(syncBundleSchema),
  openConflicts: z.number().int(),
});
export type SyncStatus = z.infer<typeof syncStatusSchema>;

/**
 * Why a bundle or a sync command was refused, in terms a clerk can act on (the screen says what
 * happened and what to do per kind; the English detail travels beside it):
 * - damaged: truncated, a byte changed, a size or hash that does not match, not a bundle at all;
 * - untrusted: not signed by a trusted office, or changed after signing;
 * - misaddressed: made (or encrypted) for another office;
 * - unsafe: paths that leave the bundle, zip bombs, sizes beyond the limits;
 * - invalidRecord: a record this office's schemas or reference data do not accept;
 * - conflictingCopy: the same bundle number from the same office already came with other contents;
 * - setup: this office or its peer is not set up for the exchange (provisioning, trust, office kinds);
 * - other: anything else, an unexpected error included.
 */
export const SYNC_REFUSAL_KINDS = ['damaged', 'untrusted', 'misaddressed', 'unsafe', 'invalidRecord', 'conflictingCopy', 'setup', 'other'] as const;
export type SyncRefusalKind = (typeof SYNC_REFUSAL_KINDS)[number];

/**
 * Where a running job is: preparing (an export finding what changed, an import checking the
 * bundle's signature), records (written, or read and applied, as they count up), finishing (the
 * export assembling its file and recording it as sent; the import retrying held cases, rebuilding
 * the screens' indexes and committing), which takes time no record count measures.
 */
export const SYNC_JOB_PHASES = ['preparing', 'records', 'finishing'] as const;
export type SyncJobPhase = (typeof SYNC_JOB_PHASES)[number];

export const syncJobSchema = z.object({
  id: z.string(), kind: z.enum(['export', 'import']), state: z.enum(['running', 'done', 'failed']),
  /** The last phase reported; the screen says it while the job runs. */
  phase: z.enum(SYNC_JOB_PHASES),
  records: z.number().int(), totalRecords: z.number().int(), bytes: z.number().int(), totalBytes: z.number().int(),
  file: z.string().nullable(),
  /** A failed job: the technical detail (English, as the CLI prints it). */
  message: z.string().nullable(),
  /** A failed job: why, for the screen's sentence in the user's language; null unless failed. */
  refusal: z.enum(SYNC_REFUSAL_KINDS).nullable(),
  summary: z.record(z.string(), z.number().int()).nullable(),
  /** A finished import: which bundle it was, whether it was new, the gaps before it, the cases that need a person. */
  bundle: z.object({
    source: z.string(), seq: z.number().int(), status: z.enum(['applied', 'duplicate']), missing: z.array(z.number().int()),
    attention: z.array(z.object({ caseId: z.string(), outcome: z.string(), reason: z.string().nullable() })),
  }).nullable(),
});
export type SyncJob = z.infer<typeof syncJobSchema>;
/** What an export or import reports as it goes (the worker hands it on to the job as it is). */
export type SyncJobProgress = Partial<Pick<SyncJob, 'phase' | 'records' | 'totalRecords' | 'bytes'>>;

export const syncConflictSchema = z.object({
  id: z.number().int(), caseId: z.string(), source: z.string(), seq: z.number().int(), createdAt: z.string(),
  local: z.unknown(), remote: z.unknown(), status: z.enum(['open', 'kept_local', 'took_remote']),
});

export const syncContract = {
  'sync.status': method({ input: z.object({}), output: syncStatusSchema, access: ['supervisor', 'auditor'], mutates: false }),
  'sync.startExport': method({
    input: z.object({ folder: z.string().min(1, 'sync.folderRequired').max(4000), to: z.string().min(1, 'sync.targetRequired').max(100).optional() }),
    output: syncJobSchema, access: ['supervisor'], mutates: true,
  }),
  'sync.startImport': method({ input: z.object({ file: z.string().min(1, 'sync.fileRequired').max(4000) }), output: syncJobSchema, access: ['supervisor'], mutates: true }),
  'sync.job': method({ input: z.object({ id: z.string().min(1) }), output: syncJobSchema, access: ['supervisor'], mutates: false }),
  'sync.conflicts': method({ input: z.object({}), output: z.array(syncConflictSchema), access: ['supervisor'], mutates: false }),
  'sync.resolveConflict': method({
    input: z.object({ id: z.number().int(), keep: z.enum(['local', 'remote']) }),
    output: syncConflictSchema, access: ['supervisor'], mutates: true,
  }),
};
