// SQL of an import's batch path (services/sync/case-batch.ts, record-batch.ts): what a batch of
// incoming records needs to know, read with one query per kind, and its rows written with
// multi-row statements.
import type BetterSqlite3 from 'better-sqlite3';
import { CompiledQuery, sql, type Kysely } from 'kysely';
import type { KaraDb } from '../connection';
import type { DB } from '../schema.generated';

/** SQLite's default limit on bound variables in one statement (SQLITE_MAX_VARIABLE_NUMBER). */
const MAX_VARIABLES = 32_766;
/** Rows per statement: past a few hundred, longer statements only cost more to prepare. */
const MAX_ROWS = 500;
/** Values in one `in (…)` list. */
const IN_LIST = 900;

/**
 * SQLite-only: a 64 MiB page cache for the sync worker's own connection (the default is 2 MiB):
 * a large import updates a dozen queue indexes at random places, and measured at 100,000 cases
 * it ran ~15 % faster with their pages kept in memory.
 */
export function widenSyncWorkerCache(sqlite: BetterSqlite3.Database): void {
  sqlite.pragma('cache_size = -65536');
}

const insertSql = new Map<string, string>();

/**
 * Inserts rows many per statement. The statement's text is kysely's, compiled once per table,
 * column list and row count; later chunks of that shape reuse it with their own values.
 */
export async function insertMany<T extends keyof DB & string>(
  db: KaraDb,
  table: T,
  columns: ReadonlyArray<keyof DB[T] & string>,
  rows: ReadonlyArray<Record<string, unknown>>,
  conflict?: 'ignore' | { update: ReadonlyArray<keyof DB[T] & string>; on: ReadonlyArray<keyof DB[T] & string> },
): Promise<void> {
  const per = Math.max(1, Math.min(MAX_ROWS, Math.floor(MAX_VARIABLES / columns.length)));
  for (let i = 0; i < rows.length; i += per) {
    const chunk = rows.slice(i, i + per);
    const key = `${table}|${columns.join(',')}|${chunk.length}|${JSON.stringify(conflict ?? null)}`;
    const params: unknown[] = [];
    for (const r of chunk) for (const c of columns) params.push(r[c] === undefined ? null : r[c]);
    let text = insertSql.get(key);
    if (!text) {
      // Only full chunks come back often enough to keep; the last, shorter one is compiled once.
      const values = chunk.map((r) => Object.fromEntries(columns.map((c) => [c, r[c] === undefined ? null : r[c]])));
      // The table is generic here; the callers' column lists are checked against it.
      const anyDb = db as unknown as Kysely<any>;
      let q = anyDb.insertInto(table as string).values(values);
      if (conflict === 'ignore') q = q.onConflict((oc) => oc.doNothing());
      else if (conflict) q = q.onConflict((oc) => oc.columns([...conflict.on]).doUpdateSet((eb) => Object.fromEntries(conflict.update.map((c) => [c, eb.ref(`excluded.${c}`)]))));
      const compiled = q.compile();
      if (compiled.parameters.length !== params.length) throw new Error(`insertMany ${table}: ${compiled.parameters.length} parameters compiled, ${params.length} given`);
      text = compiled.sql;
      if (chunk.length === per) insertSql.set(key, text);
    }
    await db.executeQuery(CompiledQuery.raw(text, params));
  }
}

/** `items` cut into lists of at most `size` (by default, the most an `in (…)` list here holds). */
export function lists<T>(items: readonly T[], size = IN_LIST): T[][] {
  const out: T[][] = [];
  for (let i = 0; i < items.length; i += size) out.push(items.slice(i, i + size));
  return out;
}

/** One query per `in (…)` list of at most IN_LIST distinct items, the rows concatenated. */
export async function inLists<T, R>(items: readonly T[], query: (page: T[]) => Promise<R[]>): Promise<R[]> {
  const out: R[] = [];
  for (const page of lists([...new Set(items)])) out.push(...(await query(page)));
  return out;
}

// ---- what a batch reads ------------------------------------------------------------------

export const casesIn = (db: KaraDb, ids: readonly string[]) => inLists(ids, (p) => db.selectFrom('cases').selectAll().where('id', 'in', p).execute());

/** Flow uids of local cases (made here: "<office>/<flow id>"). */
export const flowUidsIn = (db: KaraDb, caseIds: readonly string[]) =>
  inLists(caseIds, (p) => db.selectFrom('case_flow as f').leftJoin('sync_flow_origin as o', 'o.flow_id', 'f.id')
    .select(['f.id', 'f.case_id', 'o.uid']).where('f.case_id', 'in', p).orderBy('f.case_id').orderBy('f.id').execute());

export const knownFlowUids = (db: KaraDb, uids: readonly string[]) =>
  inLists(uids, (p) => db.selectFrom('sync_flow_origin').select('uid').where('uid', 'in', p).execute()).then((r) => new Set(r.map((x) => x.uid)));

export const openConflictsIn = (db: KaraDb, caseIds: readonly string[]) =>
  inLists(caseIds, (p) => db.selectFrom('sync_conflicts').select('case_id').where('status', '=', 'open').where('case_id', 'in', p).execute()).then((r) => new Set(r.map((x) => x.case_id)));

export const openTicketCounts = (db: KaraDb, caseIds: readonly string[]) =>
  inLists(caseIds, (p) => db.selectFrom('tickets').select((eb) => ['case_id', eb.fn.countAll<number>().as('n')])
    .where('case_id', 'in', p).where('status', 'in', ['open', 'info_requested']).groupBy('case_id').execute())
    .then((r) => new Map(r.map((x) => [x.case_id!, Number(x.n)])));

export const deferredIn = (db: KaraDb, caseIds: readonly string[]) =>
  inLists(caseIds, (p) => db.selectFrom('sync_deferred').select(['case_id', 'record']).where('case_id', 'in', p).execute()).then((r) => new Map(r.map((x) => [x.case_id, x.record])));

export const trackingCodesIn = (db: KaraDb, codes: readonly string[]) =>
  inLists(codes, (p) => db.selectFrom('cases').select('tracking_code').where('tracking_code', 'in', p).execute()).then((r) => new Set(r.map((x) => x.tracking_code!)));

export const remoteStaffIn = (db: KaraDb, uids: readonly string[]) =>
  inLists(uids, (p) => db.selectFrom('sync_remote_staff').select(['uid', 'staff_id']).where('uid', 'in', p).execute()).then((r) => new Map(r.map((x) => [x.uid, x.staff_id])));

export const staffIdsIn = (db: KaraDb, ids: readonly number[]) =>
  inLists(ids, (p) => db.selectFrom('staff').select('id').where('id', 'in', p).execute()).then((r) => new Set(r.map((x) => x.id)));

export const usernamesIn = (db: KaraDb, names: readonly string[]) =>
  inLists(names, (p) => db.selectFrom('staff').select('username').where('username', 'in', p).execute()).then((r) => new Set(r.map((x) => x.username)));

/** What the completeness guard reads of an applicant. */
export const applicantFactsIn = (db: KaraDb, ids: readonly string[]) =>
  inLists(ids, (p) => db.selectFrom('applicants').select(['id', 'registry_verified_at', 'mobile_confirmed_at', 'rules_acknowledged_at']).where('id', 'in', p).execute())
    .then((r) => new Map(r.map((x) => [x.id, x])));

/** What the guards read of a workshop. */
export const workshopFactsIn = (db: KaraDb, ids: readonly string[]) =>
  inLists(ids, (p) => db.selectFrom('workshops').select(['id', 'identifier', 'name', 'county_code', 'postal_code', 'uninsured_workers']).where('id', 'in', p).execute())
    .then((r) => new Map(r.map((x) => [x.id, x])));

/** Eligibility of workshops: an override wins over the list; missing from both is not found. */
export async function eligibilityIn(db: KaraDb, identifiers: readonly string[]): Promise<Map<string, 'eligible' | 'ineligible' | 'overridden'>> {
  const out = new Map<string, 'eligible' | 'ineligible' | 'overridden'>();
  for (const r of await inLists(identifiers, (p) => db.selectFrom('eligibility_list').select(['workshop_identifier', 'status']).where('workshop_identifier', 'in', p).execute())) {
    out.set(r.workshop_identifier, r.status as 'eligible' | 'ineligible');
  }
  for (const r of await inLists(identifiers, (p) => db.selectFrom('eligibility_overrides').select('workshop_identifier').where('workshop_identifier', 'in', p).execute())) {
    out.set(r.workshop_identifier, 'overridden');
  }
  return out;
}

/** Activity codes with what the amount rule reads of them. */
export const activityFacts = (db: KaraDb) =>
  db.selectFrom('activity_codes as ac').leftJoin('activity_categories as cat', 'cat.code', 'ac.category_code')
    .select(['ac.code', 'ac.is_driver', 'cat.ordered_closed']).execute().then((r) => new Map(r.map((x) => [x.code, x])));

/** Codes a case row may point to (its foreign keys), to leave a case pointing elsewhere to the engine. */
export async function referenceCodes(db: KaraDb) {
  const codes = async (table: 'agencies' | 'institutions' | 'branches') => new Set((await db.selectFrom(table).select('code').execute()).map((r) => r.code));
  return { agencies: await codes('agencies'), institutions: await codes('institutions'), branches: await codes('branches') };
}

/** The allocation rows of these institutions (their own, and their branches' among `branches`). */
export async function creditRowsOf(db: KaraDb, institutions: readonly string[], branches: readonly string[]) {
  const cols = ['id', 'institution_code', 'branch_code', 'allocated_rials', 'reserved_rials', 'consumed_rials'] as const;
  return [
    ...(await inLists(institutions, (p) => db.selectFrom('credit_allocations').select(cols).where('branch_code', 'is', null).where('institution_code', 'in', p).execute())),
    ...(await inLists(branches, (p) => db.selectFrom('credit_allocations').select(cols).where('branch_code', 'in', p).execute())),
  ];
}

/** The id the next case-flow row gets (AUTOINCREMENT: past every id ever used). */
export async function nextFlowId(db: KaraDb): Promise<number> {
  const r = await sql<{ n: number | null }>`select max(coalesce((select seq from sqlite_sequence where name = 'case_flow'), 0), coalesce((select max(id) from case_flow), 0)) as n`.execute(db);
  return Number(r.rows[0]?.n ?? 0) + 1;
}

// ---- what a batch writes -----------------------------------------------------------------

export const CASE_COLUMNS = [
  'id', 'tracking_code', 'applicant_id', 'workshop_id', 'stage', 'created_office_id', 'activity_code', 'agency_code', 'institution_code', 'branch_code',
  'requested_amount_rials', 'permits_answered', 'has_permit', 'permit_type', 'permit_number', 'permit_issuer', 'permit_issued_on', 'credit_state', 'credit_rials',
  'credit_branch_code', 'credit_institution_code', 'assignee_staff_id', 'pending_action', 'pending_by_staff_id', 'pending_reason', 'pending_at', 'duplicate_reason',
  'version', 'stage_entered_at', 'submitted_at', 'created_at', 'updated_at', 'reached_branch_at',
] as const;

export const FLOW_COLUMNS = ['id', 'case_id', 'at', 'staff_id', 'staff_name', 'office_id', 'action', 'from_stage', 'to_stage', 'reason', 'details'] as const;

/** The columns a workflow step changes on a case that is already here. */
export const WORKFLOW_COLUMNS = [
  'stage', 'tracking_code', 'credit_state', 'credit_rials', 'credit_branch_code', 'credit_institution_code', 'assignee_staff_id', 'pending_action',
  'pending_by_staff_id', 'pending_reason', 'pending_at', 'version', 'stage_entered_at', 'submitted_at', 'updated_at', 'reached_branch_at',
] as const;

/** Brings a case here up to date, if nobody changed it since it was read. */
export async function updateCaseWorkflow(db: KaraDb, id: string, readVersion: number, row: Record<(typeof WORKFLOW_COLUMNS)[number], unknown>): Promise<boolean> {
  const r = await db.updateTable('cases').set(row as never).where('id', '=', id).where('version', '=', readVersion).executeTakeFirst();
  return Number(r.numUpdatedRows) === 1;
}

/**
 * Credit moved by a batch: one change per allocation row, many rows per statement; the table's
 * CHECK still refuses any row pushed out of its bounds.
 */
export async function moveCreditRows(db: KaraDb, moves: ReadonlyArray<{ id: number; reserved: number; consumed: number }>): Promise<void> {
  for (let i = 0; i < moves.length; i += 500) {
    const values = sql.join(moves.slice(i, i + 500).map((m) => sql`(${m.id}, ${m.reserved}, ${m.consumed})`));
    await sql`update credit_allocations
      set reserved_rials = reserved_rials + v.column2, consumed_rials = consumed_rials + v.column3
      from (values ${values}) as v where credit_allocations.id = v.column1`.execute(db);
  }
}

/** Members of staff of other offices, as disabled local rows; returns their ids by uid. */
export async function insertRemoteStaffRows(db: KaraDb, rows: Array<{ uid: string; username: string; display_name: string; role: string; office_id: string; at: string }>): Promise<Map<string, number>> {
  await insertMany(db, 'staff', ['username', 'display_name', 'role', 'office_id', 'password_hash', 'must_change_password', 'disabled', 'created_at', 'updated_at'],
    rows.map((r) => ({ username: r.username, display_name: r.display_name, role: r.role, office_id: r.office_id, password_hash: '!', must_change_password: 0, disabled: 1, created_at: r.at, updated_at: r.at })));
  const byName = new Map((await inLists(rows.map((r) => r.username), (p) => db.selectFrom('staff').select(['id', 'username']).where('username', 'in', p).execute())).map((r) => [r.username, r.id]));
  const ids = new Map(rows.map((r) => [r.uid, byName.get(r.username)!]));
  await insertMany(db, 'sync_remote_staff', ['uid', 'staff_id'], rows.map((r) => ({ uid: r.uid, staff_id: ids.get(r.uid)! })));
  return ids;
}

/** Offices as a bundle lists them: added, or (from central) brought up to date. */
export async function upsertOffices(db: KaraDb, rows: ReadonlyArray<{ id: string; kind: string; name_fa: string; name_en: string; agency_code: string | null; branch_code: string | null; county_code: string | null; created_at: string }>): Promise<void> {
  await insertMany(db, 'offices', ['id', 'kind', 'name_fa', 'name_en', 'agency_code', 'branch_code', 'county_code', 'created_at'], rows,
    { on: ['id'], update: ['kind', 'name_fa', 'name_en', 'agency_code', 'branch_code', 'county_code'] });
}

export async function deleteDeferredIn(db: KaraDb, caseIds: readonly string[]): Promise<void> {
  for (const page of lists(caseIds)) await db.deleteFrom('sync_deferred').where('case_id', 'in', page).execute();
}

export async function insertReceivedCases(db: KaraDb, rows: ReadonlyArray<{ source: string; seq: number; case_id: string; outcome: string; reason: string | null }>): Promise<void> {
  await insertMany(db, 'sync_received_cases', ['source', 'seq', 'case_id', 'outcome', 'reason'], rows, { on: ['source', 'seq', 'case_id'], update: ['outcome', 'reason'] });
}

/** Existing applicants a batch touches: by id, and any holding one of its national codes. */
export async function applicantsTouched(db: KaraDb, ids: readonly string[], nationalCodes: readonly string[]) {
  const byId = await inLists(ids, (p) => db.selectFrom('applicants').select(['id', 'national_code', 'updated_at']).where('id', 'in', p).execute());
  const byCode = await inLists(nationalCodes, (p) => db.selectFrom('applicants').select(['id', 'national_code', 'updated_at']).where('national_code', 'in', p).execute());
  return [...byId, ...byCode];
}

export const workshopsTouched = (db: KaraDb, ids: readonly string[]) =>
  inLists(ids, (p) => db.selectFrom('workshops').select(['id', 'updated_at']).where('id', 'in', p).execute()).then((r) => new Map(r.map((x) => [x.id, x.updated_at])));

export const eligibilityTouched = (db: KaraDb, identifiers: readonly string[]) =>
  inLists(identifiers, (p) => db.selectFrom('eligibility_list').selectAll().where('workshop_identifier', 'in', p).execute())
    .then((r) => new Map(r.map((x) => [x.workshop_identifier, x])));
