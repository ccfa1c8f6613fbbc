import type { z } from 'zod';
import type { Role } from './roles';

/**
 * Who may call a method. There is no default: every method names its access, and the
 * role-matrix test calls each one as every role to prove the router enforces it.
 * - 'public': no session (first-run, login);
 * - 'signedIn': any signed-in role;
 * - a list: only these roles.
 */
export type Access = 'public' | 'signedIn' | readonly Role[];

export interface MethodSpec<I extends z.ZodType = z.ZodType, O extends z.ZodType = z.ZodType> {
  input: I;
  output: O;
  access: Access;
  /** Read-only methods never write; the auditor may call only these. */
  mutates: boolean;
}

export function method<I extends z.ZodType, O extends z.ZodType>(spec: MethodSpec<I, O>): MethodSpec<I, O> {
  return spec;
}

export function mayCall(access: Access, role: Role | null): boolean {
  if (access === 'public') return true;
  if (role === null) return false;
  if (access === 'signedIn') return true;
  return access.includes(role);
}
