import type { Insertable, Updateable } from 'kysely';
import type { KaraDb } from '../connection';
import type { Applicants, CentralCaseIndex, MobileVerifications, RegistryRecords, SmsOutbox, Workshops } from '../schema.generated';

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

// ---- Assisted registration (stepwise drafts) ----

export function findApplicantById(db: KaraDb, id: string) {
  return db.selectFrom('applicants').selectAll().where('id', '=', id).executeTakeFirst();
}

export function findWorkshopById(db: KaraDb, id: string) {
  return db.selectFrom('workshops').selectAll().where('id', '=', id).executeTakeFirst();
}

export async function updateWorkshop(db: KaraDb, id: string, changes: Updateable<Workshops>): Promise<void> {
  await db.updateTable('workshops').set(changes).where('id', '=', id).execute();
}

export function findRegistryRecord(db: KaraDb, nationalCode: string) {
  return db.selectFrom('registry_records').selectAll().where('national_code', '=', nationalCode).executeTakeFirst();
}

export async function upsertRegistryRecord(db: KaraDb, row: Insertable<RegistryRecords>): Promise<void> {
  const { national_code: _code, ...rest } = row;
  await db.insertInto('registry_records').values(row).onConflict((oc) => oc.column('national_code').doUpdateSet(rest)).execute();
}

/** Cases of an office (or of all offices, for central) matching any of the given keys. */
export function searchCases(db: KaraDb, keys: { nationalCode?: string; mobile?: string; trackingCode?: string }, officeId: string | null, limit = 20) {
  let q = db
    .selectFrom('cases as c')
    .innerJoin('applicants as a', 'a.id', 'c.applicant_id')
    .leftJoin('workshops as w', 'w.id', 'c.workshop_id')
    .select([
      'c.id', 'c.tracking_code', 'c.stage', 'c.updated_at', 'c.created_office_id',
      'a.national_code', 'a.mobile', 'a.first_name', 'a.last_name', 'w.name as workshop_name',
    ])
    .where((eb) => {
      const ors = [];
      if (keys.nationalCode) ors.push(eb('a.national_code', '=', keys.nationalCode));
      if (keys.mobile) ors.push(eb('a.mobile', '=', keys.mobile));
      if (keys.trackingCode) ors.push(eb('c.tracking_code', '=', keys.trackingCode));
      return ors.length ? eb.or(ors) : eb.val(false);
    })
    .orderBy('c.updated_at', 'desc')
    .limit(limit);
  if (officeId !== null) q = q.where('c.created_office_id', '=', officeId);
  return q.execute();
}

/** Open or past cases in this database using a national code, a mobile or a workshop identifier. */
export function localCasesUsing(db: KaraDb, keys: { nationalCode?: string; mobile?: string; workshopIdentifier?: string }) {
  return db
    .selectFrom('cases as c')
    .innerJoin('applicants as a', 'a.id', 'c.applicant_id')
    .leftJoin('workshops as w', 'w.id', 'c.workshop_id')
    .select(['c.id', 'c.tracking_code', 'c.stage', 'c.created_office_id', 'a.national_code', 'a.mobile', 'w.identifier as workshop_identifier'])
    .where((eb) => {
      const ors = [];
      if (keys.nationalCode) ors.push(eb('a.national_code', '=', keys.nationalCode));
      if (keys.mobile) ors.push(eb('a.mobile', '=', keys.mobile));
      if (keys.workshopIdentifier) ors.push(eb('w.identifier', '=', keys.workshopIdentifier));
      return ors.length ? eb.or(ors) : eb.val(false);
    })
    .where('c.stage', '!=', 'withdrawn')
    .limit(50)
    .execute();
}

export function centralCasesUsing(db: KaraDb, keys: { nationalCode?: string; mobile?: string; workshopIdentifier?: string }) {
  return db
    .selectFrom('central_case_index')
    .selectAll()
    .where((eb) => {
      const ors = [];
      if (keys.nationalCode) ors.push(eb('national_code', '=', keys.nationalCode));
      if (keys.mobile) ors.push(eb('mobile', '=', keys.mobile));
      if (keys.workshopIdentifier) ors.push(eb('workshop_identifier', '=', keys.workshopIdentifier));
      return ors.length ? eb.or(ors) : eb.val(false);
    })
    .limit(50)
    .execute();
}

export async function insertCentralCase(db: KaraDb, row: Insertable<CentralCaseIndex>): Promise<void> {
  await db.insertInto('central_case_index').values(row).execute();
}

export function latestMobileVerification(db: KaraDb, caseId: string) {
  return db.selectFrom('mobile_verifications').selectAll().where('case_id', '=', caseId).orderBy('id', 'desc').executeTakeFirst();
}

export async function countMobileVerifications(db: KaraDb, caseId: string): Promise<number> {
  const row = await db.selectFrom('mobile_verifications').select((eb) => eb.fn.countAll<number>().as('n')).where('case_id', '=', caseId).executeTakeFirstOrThrow();
  return Number(row.n);
}

export async function insertMobileVerification(db: KaraDb, row: Insertable<MobileVerifications>): Promise<void> {
  await db.insertInto('mobile_verifications').values(row).execute();
}

export async function updateMobileVerification(db: KaraDb, id: number, changes: Updateable<MobileVerifications>): Promise<void> {
  await db.updateTable('mobile_verifications').set(changes).where('id', '=', id).execute();
}

export async function insertOutboxMessage(db: KaraDb, row: Insertable<SmsOutbox>): Promise<void> {
  await db.insertInto('sms_outbox').values(row).execute();
}

export function listOutbox(db: KaraDb, mobile: string | undefined, limit: number) {
  let q = db.selectFrom('sms_outbox').selectAll().orderBy('id', 'desc').limit(limit);
  if (mobile) q = q.where('mobile', '=', mobile);
  return q.execute();
}

export function findProvince(db: KaraDb, code: string) {
  return db.selectFrom('provinces').selectAll().where('code', '=', code).executeTakeFirst();
}

export function findInstitution(db: KaraDb, code: string) {
  return db.selectFrom('institutions').selectAll().where('code', '=', code).executeTakeFirst();
}

export function findActivityWithAgency(db: KaraDb, code: string) {
  return db
    .selectFrom('activity_codes as a')
    .innerJoin('agencies as g', 'g.code', 'a.agency_code')
    .select(['a.code', 'a.name_fa', 'a.name_en', 'g.code as agency_code', 'g.name_fa as agency_name_fa', 'g.name_en as agency_name_en'])
    .where('a.code', '=', code)
    .executeTakeFirst();
}
