// Signed-in callers of the real router (session, zod, one transaction per call), as the hosts use it.
import type { App } from '../../src-main/app';
import type { InputOf, MethodName, OutputOf, Role } from '../../src-shared/api';
import type { SessionPort } from '../../src-main/api/types';
import { findStaffByUsername, insertStaff } from '../../src-main/db/queries/staff';
import { hashPassword } from '../../src-main/services/auth/passwords';

export const BENCH_PASSWORD = 'Bench-password-2020';

export interface Caller { call<M extends MethodName>(method: M, input: InputOf<M>): Promise<OutputOf<M>> }

export async function ensureStaff(app: App, username: string, role: Role, officeId: string): Promise<void> {
  if (await findStaffByUsername(app.database.db, username)) return;
  await insertStaff(app.database.db, { username, displayName: username, role, officeId, passwordHash: await hashPassword(BENCH_PASSWORD), mustChangePassword: false, now: new Date().toISOString() });
}

export async function signIn(app: App, username: string): Promise<Caller> {
  let token: string | undefined;
  const session: SessionPort = { token: () => token, set: (t) => void (token = t), clear: () => void (token = undefined) };
  const caller: Caller = {
    async call(method, input) {
      const r = await app.router.call(method, input, { locale: 'en', session, host: 'http' });
      if (!r.ok) throw new Error(`${method}: ${r.error.message}`);
      return r.data as never;
    },
  };
  await caller.call('auth.login', { username, password: BENCH_PASSWORD });
  return caller;
}
