// What a central supervisor types to add or change reference data (institutions, branches,
// activity categories and codes). Every rule reports a key that names its field
// (i18n/reference-messages.ts), so a refusal reads the same in the form and from the API.
import { z } from 'zod';
import { normalizeForStorage } from '../domain/text';
import type { MessageKey } from '../i18n';

/** The codes central's bundles carry (sync.ts): whatever is saved here can travel. */
export const REFERENCE_CODE = /^[A-Za-z0-9][A-Za-z0-9._-]{0,63}$/;
export const REFERENCE_NAME_MAX = 300;
const ADDRESS_MAX = 1000;
const PHONE = /^[0-9+()\- ]{0,40}$/;

/** Text typed by hand, normalised as it is stored; `missing` when it is blank (unless optional). */
function typed(rule: { missing?: MessageKey; max: number; tooLong: MessageKey; pattern?: [RegExp, MessageKey] }) {
  const base = rule.missing ? z.string({ error: rule.missing }) : z.string().default('');
  return base.transform(normalizeForStorage).superRefine((value, ctx) => {
    const problem =
      value === '' ? (rule.missing ?? null)
        : [...value].length > rule.max ? rule.tooLong
          : rule.pattern && !rule.pattern[0].test(value) ? rule.pattern[1]
            : null;
    if (problem) ctx.addIssue({ code: 'custom', message: problem });
  });
}

/** A code chosen from a list (a county, an institution…): `missing` until one is chosen. */
const chosen = (missing: MessageKey) => z.string({ error: missing }).trim().min(1, { message: missing });

const code = typed({ missing: 'reference.error.codeRequired', max: 64, tooLong: 'reference.error.codePattern', pattern: [REFERENCE_CODE, 'reference.error.codePattern'] });
const names = {
  nameFa: typed({ missing: 'reference.error.nameFaRequired', max: REFERENCE_NAME_MAX, tooLong: 'reference.error.nameFaTooLong' }),
  nameEn: typed({ missing: 'reference.error.nameEnRequired', max: REFERENCE_NAME_MAX, tooLong: 'reference.error.nameEnTooLong' }),
};

export const INSTITUTION_KINDS = ['bank', 'credit_institution'] as const;
const institutionFields = { ...names, kind: z.enum(INSTITUTION_KINDS, { error: 'reference.error.kindRequired' }) };
export const createInstitutionInput = z.object({ code, ...institutionFields });
export const updateInstitutionInput = z.object({ code, ...institutionFields });

// A branch keeps its institution: its cases and credit rows are recorded under the pair.
const branchFields = {
  countyCode: chosen('reference.error.countyRequired'),
  ...names,
  addressFa: typed({ max: ADDRESS_MAX, tooLong: 'reference.error.addressTooLong' }),
  phone: typed({ max: 40, tooLong: 'reference.error.phoneInvalid', pattern: [PHONE, 'reference.error.phoneInvalid'] }),
  /** Not offered: kept for the cases that hold it, no longer chosen for new ones. */
  offered: z.boolean().default(true),
};
export const createBranchInput = z.object({ code, institutionCode: chosen('reference.error.institutionRequired'), ...branchFields });
export const updateBranchInput = z.object({ code, ...branchFields });

// Whether businesses were ordered closed (the larger per-worker amount) is the category's, so
// it is set there, for every activity code of the category at once.
const categoryFields = { ...names, agencyCode: chosen('reference.error.agencyRequired'), orderedClosed: z.boolean().default(false) };
export const createCategoryInput = z.object({ code, ...categoryFields });
export const updateCategoryInput = z.object({ code, ...categoryFields });

const activityFields = {
  categoryCode: chosen('reference.error.categoryRequired'),
  ...names,
  agencyCode: chosen('reference.error.agencyRequired'),
  /** A driver's activity: its cases get the per-driver amount (domain/programme.ts). */
  isDriver: z.boolean().default(false),
};
export const createActivityCodeInput = z.object({ code, ...activityFields });
export const updateActivityCodeInput = z.object({ code, ...activityFields });

export const branchRowSchema = z.object({
  code: z.string(),
  institutionCode: z.string(),
  countyCode: z.string(),
  nameFa: z.string(),
  nameEn: z.string(),
  addressFa: z.string(),
  phone: z.string(),
  offered: z.boolean(),
  /** Every office's own placeholder until central sends real branches; never sent, not edited. */
  isDemo: z.boolean(),
});

export const categorySchema = z.object({ code: z.string(), nameFa: z.string(), nameEn: z.string(), agencyCode: z.string(), orderedClosed: z.boolean() });

export const BRANCH_PAGE_MAX = 200;
export const branchListInput = z.object({
  institutionCode: z.string().max(64).optional(),
  countyCode: z.string().max(64).optional(),
  /** Part of a code or a name. */
  query: z.string().trim().max(100).transform(normalizeForStorage).optional(),
  /** The last code of the previous page. */
  afterCode: z.string().max(64).optional(),
  limit: z.number().int().min(1).max(BRANCH_PAGE_MAX).default(50),
});
