import { z } from 'zod';
import { method } from './method';

export const statsSchema = z.object({
  applicants: z.number().int(),
  workshops: z.number().int(),
  cases: z.number().int(),
  tickets: z.number().int(),
  attachments: z.number().int(),
  auditEvents: z.number().int(),
  schemaVersion: z.number().int(),
});
export type Stats = z.infer<typeof statsSchema>;

export const systemContract = {
  'system.stats': method({ input: z.object({}), output: statsSchema, access: ['supervisor', 'auditor'], mutates: false }),
};
