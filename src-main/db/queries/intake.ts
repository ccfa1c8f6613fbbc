import type { Insertable, Updateable } from 'kysely';
import type { KaraDb } from '../connection';
import type { Applicants, Workshops } from '../schema.generated';

export function findApplicantByNationalCode(db: KaraDb, nationalCode: string) {
  return db.selectFrom('applicants').selectAll().where('national_code', '=', nationalCode).executeTakeFirst();
}

export async function insertApplicant(db: KaraDb, row: Insertable<Applicants>): Promise<void> {
  await db.insertInto('applicants').values(row).execute();
}

export async function updateApplicant(db: KaraDb, id: string, changes: Updateable<Applicants>): Promise<void> {
  await db.updateTable('applicants').set(changes).where('id', '=', id).execute();
}

export async function insertWorkshop(db: KaraDb, row: Insertable<Workshops>): Promise<void> {
  await db.insertInto('workshops').values(row).execute();
}

export function findBranch(db: KaraDb, code: string) {
  return db.selectFrom('branches').selectAll().where('code', '=', code).executeTakeFirst();
}

export function findCounty(db: KaraDb, code: string) {
  return db.selectFrom('counties').selectAll().where('code', '=', code).executeTakeFirst();
}
