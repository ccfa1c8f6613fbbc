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

/** Whether the operating system encrypts the volume holding the database (the data-at-rest choice). */
export const diskEncryptionSchema = z.object({
  state: z.enum(['encrypted', 'unencrypted', 'unknown']),
  method: z.enum(['bitlocker', 'dm-crypt', 'filevault']).nullable(),
  volume: z.string().nullable(),
  /** encrypting / decrypting / suspended, or why the state is unknown. */
  detail: z.string().nullable(),
});
export type DiskEncryption = z.infer<typeof diskEncryptionSchema>;

export const systemContract = {
  'system.diskEncryption': method({ input: z.object({}), output: diskEncryptionSchema, access: ['supervisor', 'auditor'], mutates: false }),
  'system.stats': method({ input: z.object({}), output: statsSchema, access: ['supervisor', 'auditor'], mutates: false }),
};
