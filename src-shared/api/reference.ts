import { z } from 'zod';
import { method } from './method';
import { OFFICE_KINDS } from './roles';
import {
  INSTITUTION_KINDS, branchListInput, branchRowSchema, categorySchema, createActivityCodeInput, createBranchInput, createCategoryInput,
  createInstitutionInput, updateActivityCodeInput, updateBranchInput, updateCategoryInput, updateInstitutionInput,
} from './reference-editing';

const named = { code: z.string(), nameFa: z.string(), nameEn: z.string() };

export const provinceSchema = z.object(named);
export const countySchema = z.object({ ...named, provinceCode: z.string() });
export const institutionSchema = z.object({ ...named, kind: z.enum(INSTITUTION_KINDS) });
export const agencySchema = z.object(named);
export const activityCodeSchema = z.object({
  ...named,
  categoryCode: z.string(),
  categoryNameFa: z.string(),
  categoryNameEn: z.string(),
  agencyCode: z.string(),
  agencyNameFa: z.string(),
  agencyNameEn: z.string(),
  isDriver: z.boolean(),
  orderedClosed: z.boolean(),
});
export const parameterSchema = z.object({
  key: z.string(),
  value: z.number().int(),
  unit: z.string(),
  descriptionFa: z.string(),
  descriptionEn: z.string(),
  source: z.string(),
  published: z.boolean(),
  updatedAt: z.string(),
});
export const officeSchema = z.object({
  id: z.string(),
  kind: z.enum(OFFICE_KINDS),
  nameFa: z.string(),
  nameEn: z.string(),
  agencyCode: z.string().nullable(),
  branchCode: z.string().nullable(),
});

/** Reference data is central's: only a supervisor of the central office edits it (the handlers refuse anyone else's office). */
const edit = <I extends z.ZodType, O extends z.ZodType>(input: I, output: O) => method({ input, output, access: ['supervisor'], mutates: true });

export const referenceContract = {
  'reference.provinces': method({ input: z.object({}), output: z.array(provinceSchema), access: 'signedIn', mutates: false }),
  'reference.counties': method({
    input: z.object({ provinceCode: z.string().optional() }),
    output: z.array(countySchema),
    access: 'signedIn',
    mutates: false,
  }),
  'reference.institutions': method({ input: z.object({}), output: z.array(institutionSchema), access: 'signedIn', mutates: false }),
  'reference.agencies': method({ input: z.object({}), output: z.array(agencySchema), access: 'signedIn', mutates: false }),
  'reference.activityCodes': method({
    input: z.object({ query: z.string().max(100).optional(), limit: z.number().int().min(1).max(500).default(50) }),
    output: z.array(activityCodeSchema),
    access: 'signedIn',
    mutates: false,
  }),
  'reference.parameters': method({ input: z.object({}), output: z.array(parameterSchema), access: 'signedIn', mutates: false }),
  'reference.setParameter': method({
    input: z.object({ key: z.string().min(1), value: z.number().int().min(0) }),
    output: parameterSchema,
    access: ['supervisor'],
    mutates: true,
  }),
  'reference.categories': method({ input: z.object({}), output: z.array(categorySchema), access: 'signedIn', mutates: false }),
  'reference.branches': method({
    input: branchListInput,
    output: z.object({ rows: z.array(branchRowSchema), nextAfterCode: z.string().nullable() }),
    access: 'signedIn',
    mutates: false,
  }),
  'reference.createInstitution': edit(createInstitutionInput, institutionSchema),
  'reference.updateInstitution': edit(updateInstitutionInput, institutionSchema),
  'reference.createBranch': edit(createBranchInput, branchRowSchema),
  'reference.updateBranch': edit(updateBranchInput, branchRowSchema),
  'reference.createCategory': edit(createCategoryInput, categorySchema),
  'reference.updateCategory': edit(updateCategoryInput, categorySchema),
  'reference.createActivityCode': edit(createActivityCodeInput, activityCodeSchema),
  'reference.updateActivityCode': edit(updateActivityCodeInput, activityCodeSchema),
  'reference.offices': method({ input: z.object({}), output: z.array(officeSchema), access: 'signedIn', mutates: false }),
};
