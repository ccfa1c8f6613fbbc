import type { KaraDb } from '../connection';

export const listProvinces = (db: KaraDb) => db.selectFrom('provinces').selectAll().orderBy('name_fa').execute();

export function listCounties(db: KaraDb, provinceCode?: string) {
  let q = db.selectFrom('counties').selectAll().orderBy('name_fa');
  if (provinceCode) q = q.where('province_code', '=', provinceCode);
  return q.execute();
}

export const listInstitutions = (db: KaraDb) => db.selectFrom('institutions').selectAll().orderBy('code').execute();
export const listAgencies = (db: KaraDb) => db.selectFrom('agencies').selectAll().orderBy('name_fa').execute();

/** Activity codes with their category's and agency's names. */
function activityCodeViews(db: KaraDb) {
  return db
    .selectFrom('activity_codes as a')
    .innerJoin('activity_categories as c', 'c.code', 'a.category_code')
    .innerJoin('agencies as g', 'g.code', 'a.agency_code')
    .select([
      'a.code', 'a.name_fa', 'a.name_en', 'a.category_code', 'a.agency_code', 'a.is_driver',
      'c.name_fa as category_name_fa', 'c.name_en as category_name_en', 'c.ordered_closed',
      'g.name_fa as agency_name_fa', 'g.name_en as agency_name_en',
    ])
    .orderBy('a.code');
}

export const activityCodeView = (db: KaraDb, code: string) => activityCodeViews(db).where('a.code', '=', code).executeTakeFirst();

export function searchActivityCodes(db: KaraDb, foldedQuery: string | undefined, limit: number) {
  let q = activityCodeViews(db).limit(limit);
  if (foldedQuery) {
    for (const word of foldedQuery.split(' ').filter(Boolean)) q = q.where('a.search_key', 'like', `%${word}%`);
  }
  return q.execute();
}

export function findActivityCode(db: KaraDb, code: string) {
  return db
    .selectFrom('activity_codes as a')
    .innerJoin('activity_categories as c', 'c.code', 'a.category_code')
    .select(['a.code', 'a.agency_code', 'a.is_driver', 'c.ordered_closed'])
    .where('a.code', '=', code)
    .executeTakeFirst();
}

export const listParameters = (db: KaraDb) => db.selectFrom('programme_parameters').selectAll().orderBy('key').execute();

export function findParameter(db: KaraDb, key: string) {
  return db.selectFrom('programme_parameters').selectAll().where('key', '=', key).executeTakeFirst();
}

export async function updateParameter(db: KaraDb, key: string, value: number, staffId: number | null, now: string): Promise<void> {
  await db.updateTable('programme_parameters').set({ value, updated_at: now, updated_by: staffId }).where('key', '=', key).execute();
}

export interface ReferenceData {
  provinces: Array<{ code: string; nameFa: string; nameEn: string }>;
  counties: Array<{ code: string; provinceCode: string; nameFa: string; nameEn: string }>;
  institutions: Array<{ code: string; nameFa: string; nameEn: string; kind: string }>;
  agencies: Array<{ code: string; nameFa: string; nameEn: string }>;
  categories: Array<{ code: string; nameFa: string; nameEn: string; agencyCode: string; orderedClosed: boolean }>;
  activityCodes: Array<{ code: string; categoryCode: string; nameFa: string; nameEn: string; agencyCode: string; driver?: boolean; searchKey: string }>;
  parameters: Array<{ key: string; value: number; unit: string; descriptionFa: string; descriptionEn: string; source: string; published: boolean }>;
}

/** Upserts reference rows; programme parameters a supervisor already changed are kept. */
export async function upsertReferenceData(db: KaraDb, data: ReferenceData, now: string): Promise<void> {
  for (const p of data.provinces) {
    const v = { name_fa: p.nameFa, name_en: p.nameEn };
    await db.insertInto('provinces').values({ code: p.code, ...v }).onConflict((oc) => oc.column('code').doUpdateSet(v)).execute();
  }
  for (const c of data.counties) {
    const v = { province_code: c.provinceCode, name_fa: c.nameFa, name_en: c.nameEn };
    await db.insertInto('counties').values({ code: c.code, ...v }).onConflict((oc) => oc.column('code').doUpdateSet(v)).execute();
  }
  for (const i of data.institutions) {
    const v = { name_fa: i.nameFa, name_en: i.nameEn, kind: i.kind };
    await db.insertInto('institutions').values({ code: i.code, ...v }).onConflict((oc) => oc.column('code').doUpdateSet(v)).execute();
  }
  for (const a of data.agencies) {
    const v = { name_fa: a.nameFa, name_en: a.nameEn };
    await db.insertInto('agencies').values({ code: a.code, ...v }).onConflict((oc) => oc.column('code').doUpdateSet(v)).execute();
  }
  for (const c of data.categories) {
    const v = { name_fa: c.nameFa, name_en: c.nameEn, agency_code: c.agencyCode, ordered_closed: c.orderedClosed ? 1 : 0 };
    await db.insertInto('activity_categories').values({ code: c.code, ...v }).onConflict((oc) => oc.column('code').doUpdateSet(v)).execute();
  }
  for (const a of data.activityCodes) {
    const v = { category_code: a.categoryCode, name_fa: a.nameFa, name_en: a.nameEn, agency_code: a.agencyCode, is_driver: a.driver ? 1 : 0, search_key: a.searchKey };
    await db.insertInto('activity_codes').values({ code: a.code, ...v }).onConflict((oc) => oc.column('code').doUpdateSet(v)).execute();
  }
  for (const p of data.parameters) {
    const described = { unit: p.unit, description_fa: p.descriptionFa, description_en: p.descriptionEn, source: p.source, published: p.published ? 1 : 0 };
    await db
      .insertInto('programme_parameters')
      .values({ key: p.key, value: p.value, ...described, updated_at: now, updated_by: null })
      .onConflict((oc) => oc.column('key').doUpdateSet(described))
      .execute();
  }
}
