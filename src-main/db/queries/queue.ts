// The review queue's reads (queue_items, kept in step by the triggers of migration 004) and its
// few writes (saved filters, canned reasons, assignment). Keyset pagination only: every page is
// one index range walk, whatever the depth.
import { sql, type SelectQueryBuilder } from 'kysely';
import type { KaraDb } from '../connection';
import type { Stage } from '../../../src-shared/workflow/definition';

export type QueueScope = { kind: 'agency' | 'branch' | 'office'; code: string } | { kind: 'all' };

export function scopeKey(scope: QueueScope): string {
  switch (scope.kind) {
    case 'agency': return `ag:${scope.code}`;
    case 'branch': return `br:${scope.code}`;
    case 'office': return `of:${scope.code}`;
    case 'all': return '*';
  }
}

export interface QueueRowRaw {
  item_id: number;
  case_id: string;
  tracking_code: string | null;
  applicant_name: string | null;
  workshop_name: string | null;
  county_code: string | null;
  county_name_fa: string | null;
  county_name_en: string | null;
  amount: number | null;
  stage: string;
  stage_entered_at: string;
  assignee_staff_id: number | null;
  assignee_name: string | null;
  pending_action: string | null;
  version: number;
}

export interface QueuePageQuery {
  scope: QueueScope;
  /** Stages the scope may see; a page is always within one of them, or (search) any of them. */
  visibleStages: readonly Stage[];
  stage?: Stage | undefined;
  filter: {
    countyCode?: string | undefined;
    activityCode?: string | undefined;
    minAmountRials?: number | undefined;
    maxAmountRials?: number | undefined;
    assigned?: 'me' | 'unassigned' | undefined;
  };
  /** Only cases that entered their stage before this instant (overdue). */
  enteredBefore?: string | undefined;
  staffId: number;
  sort: 'age' | 'amount' | 'county';
  after?: { key: Array<string | number | null>; id: number } | undefined;
  limit: number;
}

type AnyBuilder = SelectQueryBuilder<any, any, any>;

function withRowColumns(q: AnyBuilder): AnyBuilder {
  return q
    .leftJoin('counties as co', 'co.code', 'q.county_code')
    .leftJoin('staff as s', 's.id', 'q.assignee_staff_id')
    .select([
      'q.item_id', 'q.case_id', 'q.tracking_code', 'q.applicant_name', 'q.workshop_name', 'q.county_code',
      'co.name_fa as county_name_fa', 'co.name_en as county_name_en', 'q.amount', 'q.stage', 'q.stage_entered_at',
      'q.assignee_staff_id', 's.display_name as assignee_name', 'q.pending_action', 'q.version',
    ]);
}

/**
 * A search is driven by its own index (tracking code, applicant, FTS): the scope is then only a
 * filter, and the unary + keeps SQLite from walking a scope index instead.
 */
function withSearchScope(q: AnyBuilder, scope: QueueScope, visibleStages: readonly Stage[]): AnyBuilder {
  if (scope.kind === 'agency') q = q.where(sql<boolean>`+q.agency_code = ${scope.code}`);
  else if (scope.kind === 'branch') q = q.where(sql<boolean>`+q.branch_code = ${scope.code}`);
  else if (scope.kind === 'office') q = q.where(sql<boolean>`+q.created_office_id = ${scope.code}`);
  return q.where(sql<boolean>`+q.stage in (${sql.join([...visibleStages])})`);
}

function withScope(q: AnyBuilder, scope: QueueScope, visibleStages: readonly Stage[], stage: Stage | undefined): AnyBuilder {
  if (scope.kind === 'agency') q = q.where('q.agency_code', '=', scope.code);
  else if (scope.kind === 'branch') q = q.where('q.branch_code', '=', scope.code);
  else if (scope.kind === 'office') q = q.where('q.created_office_id', '=', scope.code);
  if (stage) return q.where('q.stage', '=', stage);
  return q.where('q.stage', 'in', [...visibleStages]);
}

/** One page of one stage of a scope, filtered and sorted, after the keyset cursor. */
export async function queuePage(db: KaraDb, p: QueuePageQuery): Promise<QueueRowRaw[]> {
  let q = withScope(withRowColumns(db.selectFrom('queue_items as q') as AnyBuilder), p.scope, p.visibleStages, p.stage);
  const f = p.filter;
  if (f.countyCode) q = q.where('q.county_code', '=', f.countyCode);
  if (f.activityCode) q = q.where('q.activity_code', '=', f.activityCode);
  if (f.minAmountRials !== undefined) q = q.where('q.amount', '>=', f.minAmountRials);
  if (f.maxAmountRials !== undefined) q = q.where('q.amount', '<=', f.maxAmountRials);
  if (f.assigned === 'me') q = q.where('q.assignee_staff_id', '=', p.staffId);
  if (f.assigned === 'unassigned') q = q.where('q.assignee_staff_id', 'is', null);
  if (p.enteredBefore !== undefined) q = q.where('q.stage_entered_at', '<', p.enteredBefore);
  const a = p.after;
  switch (p.sort) {
    case 'age':
      if (a) q = q.where(sql<boolean>`(q.stage_entered_at, q.item_id) > (${a.key[0]}, ${a.id})`);
      q = q.orderBy('q.stage_entered_at').orderBy('q.item_id');
      break;
    case 'amount': // largest first
      if (a) q = q.where(sql<boolean>`(q.amount, q.item_id) < (${a.key[0]}, ${a.id})`);
      q = q.orderBy('q.amount', 'desc').orderBy('q.item_id', 'desc');
      break;
    case 'county':
      if (a) q = q.where(sql<boolean>`(q.county_code, q.stage_entered_at, q.item_id) > (${a.key[0]}, ${a.key[1]}, ${a.id})`);
      q = q.orderBy('q.county_code').orderBy('q.stage_entered_at').orderBy('q.item_id');
      break;
  }
  return (await q.limit(p.limit).execute()) as QueueRowRaw[];
}

export interface QueueSearchQuery {
  scope: QueueScope;
  visibleStages: readonly Stage[];
  afterItemId?: number | undefined;
  limit: number;
}

/** Cases with this exact tracking code (unique), in the scope. */
export async function searchByTrackingCode(db: KaraDb, code: string, p: QueueSearchQuery): Promise<QueueRowRaw[]> {
  let q = withSearchScope(withRowColumns(db.selectFrom('queue_items as q') as AnyBuilder), p.scope, p.visibleStages);
  q = q.where('q.tracking_code', '=', code);
  if (p.afterItemId !== undefined) q = q.where('q.item_id', '>', p.afterItemId);
  return (await q.orderBy('q.item_id').limit(p.limit).execute()) as QueueRowRaw[];
}

/** Cases of the applicant with this national code or mobile, in the scope. */
export async function searchByApplicant(db: KaraDb, by: 'national_code' | 'mobile', value: string, p: QueueSearchQuery): Promise<QueueRowRaw[]> {
  let q = (db.selectFrom('applicants as a') as AnyBuilder).innerJoin('queue_items as q', 'q.applicant_id', 'a.id');
  q = withSearchScope(withRowColumns(q), p.scope, p.visibleStages).where(`a.${by}`, '=', value);
  if (p.afterItemId !== undefined) q = q.where('q.item_id', '>', p.afterItemId);
  return (await q.orderBy('q.item_id').limit(p.limit).execute()) as QueueRowRaw[];
}

/** Full-text search on folded names (applicant and workshop), in registration order. */
export async function searchByName(db: KaraDb, matchExpression: string, p: QueueSearchQuery): Promise<QueueRowRaw[]> {
  let q = (db.selectFrom('queue_fts') as AnyBuilder).innerJoin('queue_items as q', (j) => j.on(sql<boolean>`q.item_id = queue_fts.rowid`));
  q = withSearchScope(withRowColumns(q), p.scope, p.visibleStages);
  q = q.where(sql<boolean>`queue_fts match ${matchExpression}`);
  if (p.afterItemId !== undefined) q = q.where(sql<boolean>`queue_fts.rowid > ${p.afterItemId}`);
  return (await q.orderBy(sql`queue_fts.rowid`).limit(p.limit).execute()) as QueueRowRaw[];
}

export async function stageCounts(db: KaraDb, scope: QueueScope): Promise<Map<string, number>> {
  const rows = await db.selectFrom('queue_counts').select(['stage', 'n']).where('scope', '=', scopeKey(scope)).execute();
  return new Map(rows.map((r) => [r.stage, r.n]));
}

/** Cases in these stages that entered them in [from, to) (ISO instants; null: open end), counted on the index. */
export async function countEnteredBetween(db: KaraDb, scope: QueueScope, stage: Stage, from: string | null, to: string | null): Promise<number> {
  let q = withScope(db.selectFrom('queue_items as q').select((eb) => eb.fn.countAll<number>().as('n')) as AnyBuilder, scope, [], stage);
  if (from) q = q.where('q.stage_entered_at', '>=', from);
  if (to) q = q.where('q.stage_entered_at', '<', to);
  const row = (await q.executeTakeFirst()) as { n: number } | undefined;
  return Number(row?.n ?? 0);
}

/** The most recent `days` days that saw any inflow or decision, oldest first. */
export async function dailyStats(db: KaraDb, scope: QueueScope, days: number) {
  const rows = await db.selectFrom('queue_daily').select(['day', 'inflow', 'decisions']).where('scope', '=', scopeKey(scope)).orderBy('day', 'desc').limit(days).execute();
  return rows.reverse();
}

export function institutionCredit(db: KaraDb) {
  return db
    .selectFrom('credit_allocations as ca')
    .innerJoin('institutions as i', 'i.code', 'ca.institution_code')
    .select(['i.code', 'i.name_fa', 'i.name_en', 'ca.allocated_rials', 'ca.reserved_rials', 'ca.consumed_rials'])
    .where('ca.branch_code', 'is', null)
    .orderBy('i.code')
    .execute();
}

/** Branch allocations: one branch, or the most committed ones. */
export function branchCredit(db: KaraDb, onlyBranch: string | null, limit: number) {
  let q = db
    .selectFrom('credit_allocations as ca')
    .innerJoin('branches as b', 'b.code', 'ca.branch_code')
    .select(['b.code', 'b.name_fa', 'b.name_en', 'ca.allocated_rials', 'ca.reserved_rials', 'ca.consumed_rials']);
  if (onlyBranch) q = q.where('ca.branch_code', '=', onlyBranch);
  return q.orderBy(sql`ca.reserved_rials + ca.consumed_rials`, 'desc').orderBy('b.code').limit(limit).execute();
}

// ---- the case page ---------------------------------------------------------------------------

export function caseDetailRow(db: KaraDb, caseId: string) {
  return db
    .selectFrom('cases as c')
    .innerJoin('applicants as a', 'a.id', 'c.applicant_id')
    .leftJoin('workshops as w', 'w.id', 'c.workshop_id')
    .leftJoin('counties as co', 'co.code', 'w.county_code')
    .leftJoin('activity_codes as ac', 'ac.code', 'c.activity_code')
    .leftJoin('agencies as ag', 'ag.code', 'c.agency_code')
    .leftJoin('institutions as i', 'i.code', 'c.institution_code')
    .leftJoin('branches as b', 'b.code', 'c.branch_code')
    .leftJoin('staff as s', 's.id', 'c.assignee_staff_id')
    .select([
      'a.first_name', 'a.last_name', 'a.father_name', 'a.national_code', 'a.mobile', 'a.registry_verified_at', 'a.mobile_confirmed_at',
      'a.mobile_confirm_method', 'a.rules_acknowledged_at',
      'w.id as workshop_id', 'w.name as workshop_name', 'w.workshop_code', 'w.identifier as workshop_identifier', 'w.address as workshop_address',
      'w.postal_code', 'w.uninsured_workers', 'co.name_fa as county_name_fa', 'co.name_en as county_name_en',
      'ac.code as activity_code', 'ac.name_fa as activity_name_fa', 'ac.name_en as activity_name_en',
      'ag.code as agency_code', 'ag.name_fa as agency_name_fa', 'ag.name_en as agency_name_en',
      'i.code as institution_code', 'i.name_fa as institution_name_fa', 'i.name_en as institution_name_en',
      'b.code as branch_code', 'b.name_fa as branch_name_fa', 'b.name_en as branch_name_en',
      's.display_name as assignee_name',
    ])
    .where('c.id', '=', caseId)
    .executeTakeFirst();
}

export function flowWithOffices(db: KaraDb, caseId: string) {
  return db
    .selectFrom('case_flow as f')
    .leftJoin('offices as o', 'o.id', 'f.office_id')
    .select(['f.id', 'f.at', 'f.staff_name', 'f.office_id', 'f.action', 'f.from_stage', 'f.to_stage', 'f.reason', 'o.name_fa as office_name_fa', 'o.name_en as office_name_en'])
    .where('f.case_id', '=', caseId)
    .orderBy('f.id')
    .execute();
}

export function ticketsOfCase(db: KaraDb, caseId: string) {
  return db.selectFrom('tickets').select(['id', 'tracking_number', 'kind', 'status', 'created_at']).where('case_id', '=', caseId).orderBy('created_at').execute();
}

/** Files attached to the case's tickets, when the tickets area's link table exists. */
export async function attachmentsOfCase(db: KaraDb, caseId: string) {
  const linkTable = await sql<{ n: number }>`select count(*) as n from sqlite_master where type = 'table' and name = 'ticket_attachments'`.execute(db);
  if (!linkTable.rows[0]?.n) return [];
  const rows = await sql<{ sha256: string; ticket_id: string; file_name: string; mime: string; size: number; thumbnail: Buffer | null }>`
    select ta.sha256, ta.ticket_id, ta.file_name, at.mime, at.size, at.thumbnail
    from tickets t join ticket_attachments ta on ta.ticket_id = t.id join attachments at on at.sha256 = ta.sha256
    where t.case_id = ${caseId} order by ta.added_at`.execute(db);
  return rows.rows;
}

// ---- assignment, canned reasons, saved filters -----------------------------------------------

export function officeStaff(db: KaraDb, officeId: string, roles: readonly string[]) {
  return db.selectFrom('staff').select(['id', 'display_name']).where('office_id', '=', officeId).where('role', 'in', [...roles]).where('disabled', '=', 0).orderBy('display_name').execute();
}

export function cannedReasonsFor(db: KaraDb, officeId: string) {
  return db
    .selectFrom('canned_reasons')
    .select(['id', 'office_id', 'action', 'text_fa', 'text_en'])
    .where((eb) => eb.or([eb('office_id', 'is', null), eb('office_id', '=', officeId)]))
    .orderBy('action')
    .orderBy('sort')
    .orderBy('id')
    .execute();
}

export async function insertCannedReason(db: KaraDb, row: { officeId: string; action: string; textFa: string; textEn: string }) {
  return db
    .insertInto('canned_reasons')
    .values({ office_id: row.officeId, action: row.action, text_fa: row.textFa, text_en: row.textEn, sort: 1000 })
    .returning(['id', 'office_id', 'action', 'text_fa', 'text_en'])
    .executeTakeFirstOrThrow();
}

export function savedFiltersOf(db: KaraDb, staffId: number) {
  return db.selectFrom('saved_filters').select(['id', 'name', 'filter']).where('staff_id', '=', staffId).orderBy('name').execute();
}

export async function upsertSavedFilter(db: KaraDb, row: { staffId: number; name: string; filter: string; now: string }) {
  return db
    .insertInto('saved_filters')
    .values({ staff_id: row.staffId, name: row.name, filter: row.filter, created_at: row.now })
    .onConflict((oc) => oc.columns(['staff_id', 'name']).doUpdateSet({ filter: row.filter }))
    .returning(['id', 'name', 'filter'])
    .executeTakeFirstOrThrow();
}

export async function deleteSavedFilter(db: KaraDb, staffId: number, id: number): Promise<boolean> {
  const r = await db.deleteFrom('saved_filters').where('id', '=', id).where('staff_id', '=', staffId).executeTakeFirst();
  return Number(r.numDeletedRows) === 1;
}

export function countiesList(db: KaraDb) {
  return db.selectFrom('counties').select(['code', 'name_fa', 'name_en']).orderBy('name_fa').execute();
}

export function activitiesOf(db: KaraDb, agencyCode: string | null) {
  let q = db.selectFrom('activity_codes').select(['code', 'name_fa', 'name_en']);
  if (agencyCode) q = q.where('agency_code', '=', agencyCode);
  return q.orderBy('code').execute();
}
