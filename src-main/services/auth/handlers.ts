import { AppError } from '../../../src-shared/api';
import type { HandlerRegistry, Actor, HandlerContext } from '../../api/types';
import { countStaff, findStaffByUsername, findStaffById, insertStaff, updateStaff } from '../../db/queries/staff';
import { endSession, endSessionsOfStaff } from '../../db/queries/sessions';
import { getSetting, setSetting, upsertOffice } from '../../db/queries/offices';
import { resolveSession, startSession } from './sessions';
import { appendAudit } from '../audit/chain';

type AuthHandlers = Pick<HandlerRegistry, 'auth.status' | 'auth.createFirstSupervisor' | 'auth.login' | 'auth.logout' | 'auth.changePassword'>;

export const LOCKOUT_AFTER_FAILURES = 5;
const MAX_LOCK_MINUTES = 60;
export const DEFAULT_LOCAL_OFFICE_ID = 'LOCAL';

/** 1, 2, 4, … minutes for each failure past the threshold, capped at an hour. */
export function lockMinutesAfter(failures: number): number {
  if (failures < LOCKOUT_AFTER_FAILURES) return 0;
  return Math.min(MAX_LOCK_MINUTES, 2 ** (failures - LOCKOUT_AFTER_FAILURES));
}

export function actorInfo(actor: Actor) {
  const { sessionId: _omit, ...info } = actor;
  return info;
}

export const authHandlers: AuthHandlers = {
  async 'auth.status'(_input, ctx) {
    const initialised = (await countStaff(ctx.db)) > 0;
    return { initialised, actor: ctx.actor ? actorInfo(ctx.actor) : null };
  },

  async 'auth.createFirstSupervisor'(input, ctx) {
    if ((await countStaff(ctx.db)) > 0) throw new AppError('conflict', 'error.alreadyInitialised');
    const now = ctx.clock.now().toISOString();
    // An office provisioned for sync (`office init`) keeps its identity; otherwise this PC is an intake office.
    const officeId = (await getSetting(ctx.db, 'local_office_id')) ?? DEFAULT_LOCAL_OFFICE_ID;
    if (officeId === DEFAULT_LOCAL_OFFICE_ID) {
      await upsertOffice(ctx.db, { id: officeId, kind: 'intake', nameFa: input.officeName, nameEn: input.officeName, now });
      await setSetting(ctx.db, 'local_office_id', officeId);
    }
    const staffId = await insertStaff(ctx.db, {
      username: input.username,
      displayName: input.displayName,
      role: 'supervisor',
      officeId,
      passwordHash: await ctx.passwords.hash(input.password),
      mustChangePassword: false,
      now,
    });
    await appendAudit(ctx.db, { at: now, staffId, officeId, action: 'auth.firstSupervisor', entity: 'staff', entityId: String(staffId) });
    return { staffId, officeId };
  },

  async 'auth.login'(input, ctx) {
    const now = ctx.clock.now();
    const staff = await findStaffByUsername(ctx.db, input.username);
    if (!staff) {
      await ctx.passwords.hash(input.password); // same cost as a real check: no username probing by timing
      await appendAudit(ctx.db, { at: now.toISOString(), staffId: null, officeId: null, action: 'auth.login', entity: 'staff', outcome: 'refused', payload: { reason: 'unknown_user' } });
      throw new AppError('unauthenticated', 'error.badCredentials', { commit: true });
    }
    const audit = (outcome: 'ok' | 'refused', reason?: string) =>
      appendAudit(ctx.db, { at: now.toISOString(), staffId: staff.id, officeId: staff.office_id, action: 'auth.login', entity: 'staff', entityId: String(staff.id), outcome, payload: reason ? { reason } : {} });

    if (staff.disabled) {
      await audit('refused', 'disabled');
      throw new AppError('forbidden', 'error.accountDisabled', { commit: true });
    }
    if (staff.locked_until && Date.parse(staff.locked_until) > now.getTime()) {
      await audit('refused', 'locked');
      const minutes = Math.ceil((Date.parse(staff.locked_until) - now.getTime()) / 60000);
      throw new AppError('locked', 'error.accountLocked', { params: { minutes }, commit: true });
    }
    const verdict = await ctx.passwords.verify(input.password, staff.password_hash);
    if (!verdict.ok) {
      const failures = staff.failed_logins + 1;
      const lockMinutes = lockMinutesAfter(failures);
      const lockedUntil = lockMinutes > 0 ? new Date(now.getTime() + lockMinutes * 60000).toISOString() : null;
      await updateStaff(ctx.db, staff.id, { failed_logins: failures, locked_until: lockedUntil }, now.toISOString());
      await audit('refused', lockMinutes > 0 ? 'bad_password_locked' : 'bad_password');
      if (lockMinutes > 0) throw new AppError('locked', 'error.accountLocked', { params: { minutes: lockMinutes }, commit: true });
      throw new AppError('unauthenticated', 'error.badCredentials', { commit: true });
    }
    const changes: Parameters<typeof updateStaff>[2] = { failed_logins: 0, locked_until: null };
    if (verdict.stale) changes.password_hash = await ctx.passwords.hash(input.password);
    await updateStaff(ctx.db, staff.id, changes, now.toISOString());
    const token = await startSession(ctx.db, staff.id, ctx.clock);
    await audit('ok');
    const actor = await resolveSession(ctx.db, token, ctx.clock);
    if (!actor) throw new Error('a session that was just started could not be read back');
    ctx.session.set(token);
    return actorInfo(actor);
  },

  async 'auth.logout'(_input, ctx) {
    const actor = requireActor(ctx);
    const now = ctx.clock.now().toISOString();
    await endSession(ctx.db, actor.sessionId, now);
    await appendAudit(ctx.db, { at: now, staffId: actor.staffId, officeId: actor.officeId, action: 'auth.logout', entity: 'staff', entityId: String(actor.staffId) });
    ctx.session.clear();
    return {};
  },

  async 'auth.changePassword'(input, ctx) {
    const actor = requireActor(ctx);
    const now = ctx.clock.now().toISOString();
    const staff = await findStaffById(ctx.db, actor.staffId);
    if (!staff || !(await ctx.passwords.verify(input.currentPassword, staff.password_hash)).ok) {
      throw new AppError('validation', 'error.wrongPassword', { field: 'currentPassword' });
    }
    await updateStaff(ctx.db, actor.staffId, { password_hash: await ctx.passwords.hash(input.newPassword), must_change_password: 0 }, now);
    // Other sessions of this account end; this one goes on.
    await endSessionsOfStaff(ctx.db, actor.staffId, now);
    const token = await startSession(ctx.db, actor.staffId, ctx.clock);
    ctx.session.set(token);
    await appendAudit(ctx.db, { at: now, staffId: actor.staffId, officeId: actor.officeId, action: 'auth.changePassword', entity: 'staff', entityId: String(actor.staffId) });
    return {};
  },
};

export function requireActor(ctx: HandlerContext): Actor {
  if (!ctx.actor) throw new AppError('unauthenticated', 'error.unauthenticated');
  return ctx.actor;
}
