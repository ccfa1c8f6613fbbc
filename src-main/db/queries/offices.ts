import type { KaraDb } from '../connection';
import type { OfficeKind } from '../../../src-shared/api';

export function findOffice(db: KaraDb, id: string) {
  return db.selectFrom('offices').selectAll().where('id', '=', id).executeTakeFirst();
}

export function listOffices(db: KaraDb) {
  return db.selectFrom('offices').selectAll().orderBy('kind').orderBy('id').execute();
}

export async function upsertOffice(
  db: KaraDb,
  office: { id: string; kind: OfficeKind; nameFa: string; nameEn: string; agencyCode?: string | null; branchCode?: string | null; countyCode?: string | null; now: string },
): Promise<void> {
  const values = {
    kind: office.kind,
    name_fa: office.nameFa,
    name_en: office.nameEn,
    agency_code: office.agencyCode ?? null,
    branch_code: office.branchCode ?? null,
    county_code: office.countyCode ?? null,
  };
  await db
    .insertInto('offices')
    .values({ id: office.id, ...values, created_at: office.now })
    .onConflict((oc) => oc.column('id').doUpdateSet(values))
    .execute();
}

export function getSetting(db: KaraDb, key: string) {
  return db.selectFrom('settings').select('value').where('key', '=', key).executeTakeFirst().then((r) => r?.value);
}

export async function setSetting(db: KaraDb, key: string, value: string): Promise<void> {
  await db.insertInto('settings').values({ key, value }).onConflict((oc) => oc.column('key').doUpdateSet({ value })).execute();
}
