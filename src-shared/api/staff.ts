import { z } from 'zod';
import { method } from './method';
import { ROLES } from './roles';
import { displayNameSchema, staffPasswordSchema, usernameSchema } from './auth';

export const staffRowSchema = z.object({
  id: z.number().int(),
  username: z.string(),
  displayName: z.string(),
  role: z.enum(ROLES),
  officeId: z.string(),
  disabled: z.boolean(),
  locked: z.boolean(),
  mustChangePassword: z.boolean(),
});

export const staffContract = {
  'staff.list': method({
    input: z.object({}),
    output: z.array(staffRowSchema),
    access: ['supervisor', 'auditor'],
    mutates: false,
  }),
  'staff.create': method({
    input: z.object({
      username: usernameSchema,
      displayName: displayNameSchema,
      role: z.enum(ROLES),
      officeId: z.string().min(1, { message: 'validation.required' }),
      temporaryPassword: staffPasswordSchema,
      /** Scripts provisioning accounts may skip the forced change; the admin screen never does. */
      mustChangePassword: z.boolean().default(true),
    }),
    output: z.object({ id: z.number().int() }),
    access: ['supervisor'],
    mutates: true,
  }),
  'staff.setDisabled': method({
    input: z.object({ staffId: z.number().int(), disabled: z.boolean() }),
    output: z.object({}),
    access: ['supervisor'],
    mutates: true,
  }),
};
