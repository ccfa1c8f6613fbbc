// Least privilege, proven: every method of the contract (read at run time, so methods added
// later are covered without editing this file) is called through the real router as every
// role and logged out. A refusal for access comes exactly when the contract's table says so,
// and then the handler never runs; the read-only auditor can call no method that mutates.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { contract, mayCall, ROLES, type Role, type MethodName } from '../../../src-shared/api';
import { mayRun, OWN_ACCOUNT_METHODS } from '../../../src-shared/api/trust';
import { createRouter, type Router } from '../../../src-main/api/router';
import { handlers } from '../../../src-main/api/handlers';
import type { HandlerRegistry, SessionPort } from '../../../src-main/api/types';
import { startSession } from '../../../src-main/services/auth/sessions';
import { createHarness, type Harness } from '../../support/harness';

const USER_OF: Record<Role, string> = { intake: 'clerk', agency_reviewer: 'reviewer', branch_officer: 'officer', supervisor: 'supervisor', auditor: 'auditor' };
const CALLERS = [...ROLES, null] as const;

let h: Harness;
let router: Router;
const invoked: string[] = [];

beforeAll(async () => {
  h = await createHarness();
  // The real handlers, each wrapped only to record that it ran.
  const recording = Object.fromEntries(
    Object.entries(handlers).map(([name, fn]) => [name, (input: unknown, ctx: unknown) => {
      invoked.push(name);
      return (fn as (i: unknown, c: unknown) => Promise<unknown>)(input, ctx);
    }]),
  ) as unknown as HandlerRegistry;
  router = createRouter({ db: h.app.database.db, database: h.app.database, handlers: recording, clock: h.clock });
}, 180_000);
afterAll(async () => h.close());

async function sessionFor(role: Role | null): Promise<SessionPort> {
  let token: string | undefined;
  if (role) {
    const staff = await h.app.database.db.selectFrom('staff').select('id').where('username', '=', USER_OF[role]).executeTakeFirstOrThrow();
    token = await startSession(h.app.database.db, staff.id, h.clock);
  }
  return { token: () => token, set: (t) => void (token = t), clear: () => void (token = undefined) };
}

const methods = Object.keys(contract) as MethodName[];

describe('the contract names access for every method', () => {
  it('has methods, each with an access rule, a mutates flag and a handler', () => {
    expect(methods.length).toBeGreaterThan(10);
    for (const name of methods) {
      const spec = contract[name];
      const access: unknown = spec.access;
      expect(access === 'public' || access === 'signedIn' || (Array.isArray(access) && access.length > 0 && access.every((r) => (ROLES as readonly string[]).includes(r))), `${name}.access`).toBe(true);
      expect(typeof spec.mutates, `${name}.mutates`).toBe('boolean');
      expect(typeof (handlers as Record<string, unknown>)[name], `${name} handler`).toBe('function');
    }
  });

  it('lets the auditor run no method that mutates, beyond signing in and out and its own password', () => {
    const auditorWrites = methods.filter((m) => contract[m].mutates && mayRun(m, contract[m], 'auditor'));
    // 'public' methods (first run, login) are how anyone signs in; the own-account ones change only the caller's session or password.
    expect(auditorWrites.filter((m) => contract[m].access !== 'public' && !OWN_ACCOUNT_METHODS.includes(m))).toEqual([]);
  });
  it("differs from the role table only in the auditor's read-only rule", () => {
    for (const m of methods) for (const role of CALLERS) {
      if (mayRun(m, contract[m], role) !== mayCall(contract[m].access, role)) expect([m, role, contract[m].mutates]).toEqual([m, 'auditor', true]);
    }
  });
});

describe.each(methods)('%s', (method) => {
  it.each(CALLERS.map((role) => [role ?? 'logged out', role] as const))('as %s', async (_label, role) => {
    const spec = contract[method];
    const session = await sessionFor(role);
    invoked.length = 0;
    // An empty input: the access check comes first, so the outcome for a refused caller cannot
    // depend on the input; an allowed caller gets a validation error or the handler runs.
    const result = await router.call(method, {}, { locale: 'en', session, host: 'http' });
    const allowed = mayRun(method, spec, role);
    if (role !== 'auditor') expect(allowed).toBe(mayCall(spec.access, role));
    if (!allowed) {
      expect(result.ok, `${method} as ${role}`).toBe(false);
      if (!result.ok) expect(result.error.code).toBe(role ? 'forbidden' : 'unauthenticated');
      expect(invoked).toEqual([]);
    } else {
      const deniedForAccess = !result.ok && (result.error.code === 'unauthenticated' || result.error.code === 'forbidden') && invoked.length === 0;
      expect(deniedForAccess, `${method} as ${role}: ${JSON.stringify(result)}`).toBe(false);
      if (!result.ok && result.error.code !== 'validation') expect(invoked).toEqual([method]);
    }
    if (role === 'auditor' && spec.mutates && spec.access !== 'public' && !OWN_ACCOUNT_METHODS.includes(method)) {
      expect(result.ok).toBe(false);
      expect(invoked).toEqual([]);
    }
  });
});

describe('the router checks access before it looks at the input', () => {
  it('tells a logged-out caller nothing about the input shape of a protected method', async () => {
    const session = await sessionFor(null);
    const r = await router.call('staff.create', { username: 1 }, { locale: 'en', session, host: 'http' });
    expect(r.ok).toBe(false);
    if (!r.ok) {
      expect(r.error.code).toBe('unauthenticated');
      expect(r.error.details).toBeUndefined();
      expect(r.error.field).toBeUndefined();
    }
  });
  it('tells the wrong role nothing either', async () => {
    const session = await sessionFor('intake');
    const r = await router.call('staff.create', { username: 1 }, { locale: 'en', session, host: 'http' });
    expect(r.ok ? null : r.error.code).toBe('forbidden');
  });
});
