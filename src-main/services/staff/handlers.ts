import { AppError, ROLE_OFFICE_KINDS } from '../../../src-shared/api';
import type { HandlerRegistry } from '../../api/types';
import { findStaffById, findStaffByUsername, insertStaff, listStaff, updateStaff } from '../../db/queries/staff';
import { endSessionsOfStaff } from '../../db/queries/sessions';
import { findOffice } from '../../db/queries/offices';
import { requireActor } from '../auth/handlers';
import { appendAudit } from '../audit/chain';

type StaffHandlers = Pick<HandlerRegistry, 'staff.list' | 'staff.create' | 'staff.setDisabled'>;

export const staffHandlers: StaffHandlers = {
  async 'staff.list'(_input, ctx) {
    const actor = requireActor(ctx);
    // A central supervisor administers every office's accounts; others only their own office's.
    const rows = await listStaff(ctx.db, actor.officeKind === 'central' ? undefined : actor.officeId);
    const now = ctx.clock.now().getTime();
    return rows.map((r) => ({
      id: r.id,
      username: r.username,
      displayName: r.display_name,
      role: r.role as never,
      officeId: r.office_id,
      disabled: r.disabled === 1,
      locked: r.locked_until !== null && Date.parse(r.locked_until) > now,
      mustChangePassword: r.must_change_password === 1,
    }));
  },

  async 'staff.create'(input, ctx) {
    const actor = requireActor(ctx);
    const now = ctx.clock.now().toISOString();
    const office = await findOffice(ctx.db, input.officeId);
    if (!office) throw new AppError('validation', 'error.unknownOffice', { field: 'officeId', params: { office: input.officeId } });
    if (actor.officeKind !== 'central' && office.id !== actor.officeId) throw new AppError('forbidden', 'error.forbidden', { field: 'officeId' });
    if (!(ROLE_OFFICE_KINDS[input.role] as readonly string[]).includes(office.kind)) {
      throw new AppError('validation', 'error.roleOfficeMismatch', { field: 'role', params: { role: `role.${input.role}` } });
    }
    if (await findStaffByUsername(ctx.db, input.username)) throw new AppError('conflict', 'error.usernameTaken', { field: 'username' });
    const id = await insertStaff(ctx.db, {
      username: input.username,
      displayName: input.displayName,
      role: input.role,
      officeId: office.id,
      passwordHash: await ctx.passwords.hash(input.temporaryPassword),
      mustChangePassword: input.mustChangePassword,
      now,
    });
    await appendAudit(ctx.db, { at: now, staffId: actor.staffId, officeId: actor.officeId, action: 'staff.create', entity: 'staff', entityId: String(id), payload: { role: input.role, office: office.id } });
    return { id };
  },

  async 'staff.setDisabled'(input, ctx) {
    const actor = requireActor(ctx);
    const now = ctx.clock.now().toISOString();
    const target = await findStaffById(ctx.db, input.staffId);
    if (!target || (actor.officeKind !== 'central' && target.office_id !== actor.officeId)) throw new AppError('not_found', 'error.notFound');
    if (target.id === actor.staffId) throw new AppError('forbidden', 'error.forbidden');
    await updateStaff(ctx.db, target.id, { disabled: input.disabled ? 1 : 0 }, now);
    if (input.disabled) await endSessionsOfStaff(ctx.db, target.id, now);
    await appendAudit(ctx.db, { at: now, staffId: actor.staffId, officeId: actor.officeId, action: input.disabled ? 'staff.disable' : 'staff.enable', entity: 'staff', entityId: String(target.id) });
    return {};
  },
};
