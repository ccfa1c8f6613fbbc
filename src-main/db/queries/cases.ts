import type { Insertable, Selectable, Updateable } from 'kysely';
import type { KaraDb } from '../connection';
import type { Cases, CaseFlow } from '../schema.generated';

export type CaseRow = Selectable<Cases>;

export function findCase(db: KaraDb, id: string) {
  return db.selectFrom('cases').selectAll().where('id', '=', id).executeTakeFirst();
}

export async function insertCase(db: KaraDb, row: Insertable<Cases>): Promise<void> {
  await db.insertInto('cases').values(row).execute();
}

/** Updates only if nobody changed the case since `version` was read; returns whether it did. */
export async function updateCaseAtVersion(db: KaraDb, id: string, version: number, changes: Updateable<Cases>): Promise<boolean> {
  const result = await db
    .updateTable('cases')
    .set({ ...changes, version: version + 1 })
    .where('id', '=', id)
    .where('version', '=', version)
    .executeTakeFirst();
  return Number(result.numUpdatedRows) === 1;
}

export async function insertFlow(db: KaraDb, row: Insertable<CaseFlow>): Promise<void> {
  await db.insertInto('case_flow').values(row).execute();
}

export function listFlow(db: KaraDb, caseId: string) {
  return db.selectFrom('case_flow').selectAll().where('case_id', '=', caseId).orderBy('id').execute();
}

export function pendingCasesOf(db: KaraDb, scope: { agencyCode?: string | null; branchCode?: string | null }) {
  let q = db.selectFrom('cases').selectAll().where('pending_action', 'is not', null);
  if (scope.agencyCode) q = q.where('agency_code', '=', scope.agencyCode).where('stage', '=', 'agency_review');
  else if (scope.branchCode) q = q.where('branch_code', '=', scope.branchCode);
  return q.orderBy('pending_at').limit(500).execute();
}

export async function countOpenTickets(db: KaraDb, caseId: string): Promise<number> {
  const row = await db
    .selectFrom('tickets')
    .select((eb) => eb.fn.countAll<number>().as('n'))
    .where('case_id', '=', caseId)
    .where('status', 'in', ['open', 'info_requested'])
    .executeTakeFirstOrThrow();
  return Number(row.n);
}

export function caseContext(db: KaraDb, caseId: string) {
  return db
    .selectFrom('cases as c')
    .innerJoin('applicants as a', 'a.id', 'c.applicant_id')
    .leftJoin('workshops as w', 'w.id', 'c.workshop_id')
    .leftJoin('activity_codes as ac', 'ac.code', 'c.activity_code')
    .leftJoin('activity_categories as cat', 'cat.code', 'ac.category_code')
    .select([
      'a.registry_verified_at', 'a.mobile_confirmed_at', 'a.rules_acknowledged_at',
      'w.identifier as workshop_identifier', 'w.name as workshop_name', 'w.county_code as workshop_county',
      'w.postal_code as workshop_postal_code', 'w.uninsured_workers',
      'ac.is_driver', 'cat.ordered_closed',
    ])
    .where('c.id', '=', caseId)
    .executeTakeFirst();
}

export async function eligibilityOf(db: KaraDb, workshopIdentifier: string): Promise<'eligible' | 'ineligible' | 'not_found' | 'overridden'> {
  const override = await db.selectFrom('eligibility_overrides').select('workshop_identifier').where('workshop_identifier', '=', workshopIdentifier).executeTakeFirst();
  if (override) return 'overridden';
  const listed = await db.selectFrom('eligibility_list').select('status').where('workshop_identifier', '=', workshopIdentifier).executeTakeFirst();
  return listed ? (listed.status as 'eligible' | 'ineligible') : 'not_found';
}

export async function insertEligibilityOverride(db: KaraDb, row: { workshopIdentifier: string; ticketId: string | null; staffId: number; reason: string; at: string }): Promise<void> {
  await db
    .insertInto('eligibility_overrides')
    .values({ workshop_identifier: row.workshopIdentifier, ticket_id: row.ticketId, staff_id: row.staffId, reason: row.reason, at: row.at })
    .onConflict((oc) => oc.column('workshop_identifier').doNothing())
    .execute();
}
