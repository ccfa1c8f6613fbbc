import { z } from 'zod';
import { method, mayCall, type Access } from './method';
import type { Role } from './roles';

export const auditFilterSchema = z.object({
  fromAt: z.string().datetime().optional(),
  toAt: z.string().datetime().optional(),
  /** A prefix: 'auth.' finds every login, logout and password change. */
  action: z.string().trim().max(60).optional(),
  staffId: z.number().int().optional(),
  officeId: z.string().max(60).optional(),
  outcome: z.enum(['ok', 'refused', 'failed']).optional(),
  entityId: z.string().max(80).optional(),
});
export type AuditFilterInput = z.input<typeof auditFilterSchema>;

export const auditEntrySchema = z.object({
  id: z.number().int(),
  at: z.string(),
  staffId: z.number().int().nullable(),
  staffUsername: z.string().nullable(),
  officeId: z.string().nullable(),
  action: z.string(),
  entity: z.string(),
  entityId: z.string().nullable(),
  outcome: z.string(),
  payload: z.string(),
  hash: z.string(),
});
export type AuditEntryInfo = z.infer<typeof auditEntrySchema>;

export const chainReportSchema = z.object({
  ok: z.boolean(),
  checked: z.number().int(),
  head: z.string(),
  integrityProblems: z.array(z.string()),
  firstBroken: z.object({ id: z.number().int(), reason: z.enum(['hash', 'link', 'gap']) }).optional(),
});

export const backupInfoSchema = z.object({
  name: z.string(),
  reason: z.enum(['scheduled', 'manual', 'import', 'migration', 'restore']),
  createdAt: z.string(),
  bytes: z.number().int(),
});

/** A backup is named, never given as a path: the screen can only restore what is in the backup folder. */
const backupName = z.string().regex(/^kara-\d{8}T\d{9}Z-[a-z]+\.sqlite$/, { message: 'trust.badBackupName' });

export const trustContract = {
  'audit.list': method({
    input: auditFilterSchema.extend({ beforeId: z.number().int().positive().optional(), limit: z.number().int().min(1).max(500).default(100) }),
    output: z.object({ entries: z.array(auditEntrySchema), nextBeforeId: z.number().int().nullable(), actions: z.array(z.string()) }),
    access: ['supervisor', 'auditor'],
    mutates: false,
  }),
  'audit.verify': method({ input: z.object({}), output: chainReportSchema, access: ['supervisor', 'auditor'], mutates: false }),
  'audit.export': method({
    input: auditFilterSchema.extend({ format: z.enum(['csv', 'pdf']) }),
    output: z.object({ fileName: z.string(), mimeType: z.string(), base64: z.string(), rows: z.number().int(), sha256: z.string() }),
    access: ['supervisor'],
    // The export itself is audited (who took which rows out).
    mutates: true,
  }),
  'backup.list': method({ input: z.object({}), output: z.array(backupInfoSchema), access: ['supervisor'], mutates: false }),
  'backup.create': method({ input: z.object({}), output: backupInfoSchema, access: ['supervisor'], mutates: true }),
  'backup.restore': method({
    input: z.object({ name: backupName }),
    output: z.object({ restored: z.string(), safetyCopy: z.string(), auditEntries: z.number().int() }),
    access: ['supervisor'],
    mutates: true,
  }),
};

/**
 * Writes that touch only the caller's own account: signing out, and changing one's own
 * (temporary) password. They are the only writes open to the read-only auditor.
 */
export const OWN_ACCOUNT_METHODS: readonly string[] = ['auth.logout', 'auth.changePassword'];

/**
 * The router's whole access rule: the contract's role table, and on top of it the auditor's
 * read-only guarantee, so a method that mutates stays closed to the auditor even if its
 * role list says 'signedIn'.
 */
export function mayRun(name: string, spec: { access: Access; mutates: boolean }, role: Role | null): boolean {
  if (!mayCall(spec.access, role)) return false;
  if (role === 'auditor' && spec.mutates && spec.access !== 'public' && !OWN_ACCOUNT_METHODS.includes(name)) return false;
  return true;
}
