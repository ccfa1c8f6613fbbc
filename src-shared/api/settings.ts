import { z } from 'zod';
import { method } from './method';
import { STAGES } from '../workflow/definition';

export const workflowSettingsSchema = z.object({
  /** Days a case may sit in a stage before it shows as overdue. */
  overdueDays: z.partialRecord(z.enum(STAGES), z.number().int().min(1).max(365)),
  /** Approvals above this amount need a second officer of the same office. */
  approvalCheckThresholdRials: z.number().int().min(0),
});

export const creditAllocationSchema = z.object({
  institutionCode: z.string(),
  branchCode: z.string().nullable(),
  allocatedRials: z.number().int(),
  reservedRials: z.number().int(),
  consumedRials: z.number().int(),
  remainingRials: z.number().int(),
  isDemo: z.boolean(),
});

export const settingsContract = {
  'workflow.settings': method({ input: z.object({}), output: workflowSettingsSchema, access: 'signedIn', mutates: false }),
  'workflow.setSettings': method({ input: workflowSettingsSchema.partial(), output: workflowSettingsSchema, access: ['supervisor'], mutates: true }),
  'credit.allocations': method({
    input: z.object({ institutionCode: z.string().optional() }),
    output: z.array(creditAllocationSchema),
    access: ['supervisor', 'auditor', 'branch_officer'],
    mutates: false,
  }),
  'credit.setAllocation': method({
    input: z.object({ institutionCode: z.string().min(1), branchCode: z.string().min(1).nullable(), allocatedRials: z.number().int().min(0) }),
    output: creditAllocationSchema,
    access: ['supervisor'],
    mutates: true,
  }),
};
