import type { KaraDb } from '../connection';
import type { Role } from '../../../src-shared/api';

export function findStaffByUsername(db: KaraDb, username: string) {
  return db.selectFrom('staff').selectAll().where('username', '=', username).executeTakeFirst();
}

export function findStaffById(db: KaraDb, id: number) {
  return db.selectFrom('staff').selectAll().where('id', '=', id).executeTakeFirst();
}

export async function countStaff(db: KaraDb): Promise<number> {
  const row = await db.selectFrom('staff').select((eb) => eb.fn.countAll<number>().as('n')).executeTakeFirstOrThrow();
  return Number(row.n);
}

export async function insertStaff(
  db: KaraDb,
  row: { username: string; displayName: string; role: Role; officeId: string; passwordHash: string; mustChangePassword: boolean; now: string },
): Promise<number> {
  const result = await db
    .insertInto('staff')
    .values({
      username: row.username,
      display_name: row.displayName,
      role: row.role,
      office_id: row.officeId,
      password_hash: row.passwordHash,
      must_change_password: row.mustChangePassword ? 1 : 0,
      created_at: row.now,
      updated_at: row.now,
    })
    .returning('id')
    .executeTakeFirstOrThrow();
  return result.id;
}

export async function updateStaff(
  db: KaraDb,
  id: number,
  changes: Partial<{ password_hash: string; must_change_password: number; failed_logins: number; locked_until: string | null; disabled: number }>,
  now: string,
): Promise<void> {
  await db.updateTable('staff').set({ ...changes, updated_at: now }).where('id', '=', id).execute();
}

export function listStaff(db: KaraDb, officeId?: string) {
  let query = db.selectFrom('staff').selectAll().orderBy('username');
  if (officeId) query = query.where('office_id', '=', officeId);
  return query.execute();
}

export function findActorRow(db: KaraDb, staffId: number) {
  return db
    .selectFrom('staff')
    .innerJoin('offices', 'offices.id', 'staff.office_id')
    .select([
      'staff.id as staffId',
      'staff.username',
      'staff.display_name as displayName',
      'staff.role',
      'staff.disabled',
      'staff.must_change_password as mustChangePassword',
      'offices.id as officeId',
      'offices.kind as officeKind',
      'offices.name_fa as officeNameFa',
      'offices.name_en as officeNameEn',
      'offices.agency_code as agencyCode',
      'offices.branch_code as branchCode',
    ])
    .where('staff.id', '=', staffId)
    .executeTakeFirst();
}
