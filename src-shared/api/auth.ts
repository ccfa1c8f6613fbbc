import { z } from 'zod';
import { method } from './method';
import { ROLES, OFFICE_KINDS } from './roles';

export const PASSWORD_MIN_LENGTH = 10;

/** Staff password policy; the message is an i18n key. */
export const staffPasswordSchema = z
  .string()
  .min(PASSWORD_MIN_LENGTH, { message: 'password.tooWeak' })
  .max(200)
  .refine((p) => /\p{L}/u.test(p) && /\p{Nd}/u.test(p), { message: 'password.tooWeak' });

export const usernameSchema = z
  .string()
  .trim()
  .toLowerCase()
  .regex(/^[a-z][a-z0-9._-]{2,31}$/, { message: 'validation.username' });

export const displayNameSchema = z.string().trim().min(2, { message: 'validation.required' }).max(100);

export const actorSchema = z.object({
  staffId: z.number().int(),
  username: z.string(),
  displayName: z.string(),
  role: z.enum(ROLES),
  officeId: z.string(),
  officeKind: z.enum(OFFICE_KINDS),
  officeNameFa: z.string(),
  officeNameEn: z.string(),
  agencyCode: z.string().nullable(),
  branchCode: z.string().nullable(),
  mustChangePassword: z.boolean(),
});
export type ActorInfo = z.infer<typeof actorSchema>;

export const authContract = {
  'auth.status': method({
    input: z.object({}),
    output: z.object({ initialised: z.boolean(), actor: actorSchema.nullable() }),
    access: 'public',
    mutates: false,
  }),
  'auth.createFirstSupervisor': method({
    input: z.object({
      officeName: z.string().trim().min(2, { message: 'validation.required' }).max(100),
      displayName: displayNameSchema,
      username: usernameSchema,
      password: staffPasswordSchema,
    }),
    output: z.object({ staffId: z.number().int(), officeId: z.string() }),
    access: 'public',
    mutates: true,
  }),
  'auth.login': method({
    input: z.object({ username: z.string().trim().toLowerCase().min(1, { message: 'validation.required' }), password: z.string().min(1, { message: 'validation.required' }) }),
    output: actorSchema,
    access: 'public',
    mutates: true,
  }),
  'auth.logout': method({ input: z.object({}), output: z.object({}), access: 'signedIn', mutates: true }),
  'auth.changePassword': method({
    input: z.object({ currentPassword: z.string().min(1, { message: 'validation.required' }), newPassword: staffPasswordSchema }),
    output: z.object({}),
    access: 'signedIn',
    mutates: true,
  }),
};
