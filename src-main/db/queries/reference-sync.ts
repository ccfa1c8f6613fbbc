// SQL of reference data in sync: what central exports (services/sync/reference-export.ts) and
// what an office's import reads and writes (services/sync/reference-batch.ts).
import { sql } from 'kysely';
import type { KaraDb } from '../connection';
import { inLists, lists } from './sync-batch';

// ---- export (central) ----------------------------------------------------------------------

export const institutionsByCodes = (db: KaraDb, codes: string[]) =>
  db.selectFrom('institutions').select(['code', 'name_fa', 'name_en', 'kind']).where('code', 'in', codes).orderBy('code').execute();
export const agenciesByCodes = (db: KaraDb, codes: string[]) =>
  db.selectFrom('agencies').select(['code', 'name_fa', 'name_en']).where('code', 'in', codes).orderBy('code').execute();
export const categoriesByCodes = (db: KaraDb, codes: string[]) =>
  db.selectFrom('activity_categories').select(['code', 'name_fa', 'name_en', 'agency_code', 'ordered_closed']).where('code', 'in', codes).orderBy('code').execute();
export const activityCodesByCodes = (db: KaraDb, codes: string[]) =>
  db.selectFrom('activity_codes').select(['code', 'category_code', 'name_fa', 'name_en', 'agency_code', 'is_driver']).where('code', 'in', codes).orderBy('code').execute();
/** Real branches only: demo rows are every office's own placeholders. */
export const realBranchesByCodes = (db: KaraDb, codes: string[]) =>
  db.selectFrom('branches').select(['code', 'institution_code', 'county_code', 'name_fa', 'name_en', 'address_fa', 'phone', 'offered'])
    .where('code', 'in', codes).where('is_demo', '=', 0).orderBy('code').execute();
/** Real allocations by their local ids (the outbox's entity ids); only the totals travel. */
export const realCreditByIds = (db: KaraDb, ids: string[]) =>
  db.selectFrom('credit_allocations').select(['institution_code', 'branch_code', 'allocated_rials', 'updated_at'])
    .where('id', 'in', ids.map(Number)).where('is_demo', '=', 0).orderBy('id').execute();

/** Cases waiting at each branch with any, by the stages a branch's queue counts. */
/** Cases in `stages` per branch, from the queue's own counts (scope `br:<code>`): no scan of the cases. */
export const waitingPerBranch = (db: KaraDb, stages: readonly string[]) =>
  db.selectFrom('queue_counts').select((eb) => [sql<string>`substr(scope, 4)`.as('branch_code'), eb.fn.sum<number>('n').as('waiting')])
    .where('scope', '>=', 'br:').where('scope', '<', 'br;').where('stage', 'in', [...stages])
    .groupBy('scope').having((eb) => eb.fn.sum('n'), '>', 0).orderBy('scope').execute()
    .then((rows) => rows.map((r) => ({ branch_code: r.branch_code, waiting: Number(r.waiting) })));

// ---- import (offices) ------------------------------------------------------------------------

/** The seq of the central bundle whose version of each row (of `keys`) is applied here. */
export async function seenSeqs(db: KaraDb, entity: string, keys: readonly string[]): Promise<Map<string, number>> {
  const rows = await inLists(keys, (p) => db.selectFrom('sync_reference_seen').select(['key', 'seq']).where('entity', '=', entity).where('key', 'in', p).execute());
  return new Map(rows.map((r) => [r.key, r.seq]));
}

export async function markSeen(db: KaraDb, entity: string, keys: readonly string[], seq: number): Promise<void> {
  for (let i = 0; i < keys.length; i += 300) {
    const rows = keys.slice(i, i + 300).map((key) => ({ entity, key, seq }));
    await db.insertInto('sync_reference_seen').values(rows).onConflict((oc) => oc.columns(['entity', 'key']).doUpdateSet({ seq })).execute();
  }
}

type CodeTable = 'institutions' | 'agencies' | 'activity_categories' | 'activity_codes' | 'counties';
/** Which of `codes` exist in `table`. */
export async function existingCodes(db: KaraDb, table: CodeTable, codes: readonly string[]): Promise<Set<string>> {
  const rows = await inLists(codes, (p) => db.selectFrom(table).select('code').where('code', 'in', p).execute());
  return new Set(rows.map((r) => r.code));
}

export const institutionsIn = (db: KaraDb, codes: readonly string[]) =>
  inLists(codes, (p) => db.selectFrom('institutions').select(['code', 'name_fa', 'name_en', 'kind']).where('code', 'in', p).execute());
export const agenciesIn = (db: KaraDb, codes: readonly string[]) =>
  inLists(codes, (p) => db.selectFrom('agencies').select(['code', 'name_fa', 'name_en']).where('code', 'in', p).execute());
export const categoriesIn = (db: KaraDb, codes: readonly string[]) =>
  inLists(codes, (p) => db.selectFrom('activity_categories').select(['code', 'name_fa', 'name_en', 'agency_code', 'ordered_closed']).where('code', 'in', p).execute());
export const activityCodesIn = (db: KaraDb, codes: readonly string[]) =>
  inLists(codes, (p) => db.selectFrom('activity_codes').select(['code', 'category_code', 'name_fa', 'name_en', 'agency_code', 'is_driver']).where('code', 'in', p).execute());
export const branchesIn = (db: KaraDb, codes: readonly string[]) =>
  inLists(codes, (p) => db.selectFrom('branches').select(['code', 'institution_code', 'county_code', 'name_fa', 'name_en', 'address_fa', 'phone', 'offered', 'is_demo']).where('code', 'in', p).execute());

/** Demo branches of these institutions stop being offered: central's real ones replace them. Returns how many. */
export async function retireDemoBranches(db: KaraDb, institutions: readonly string[]): Promise<number> {
  let n = 0;
  for (const page of lists(institutions)) {
    const r = await db.updateTable('branches').set({ offered: 0 })
      .where('is_demo', '=', 1).where('offered', '=', 1).where('institution_code', 'in', page).executeTakeFirst();
    n += Number(r.numUpdatedRows);
  }
  return n;
}

/** Whether an institution has a branch from central: demo rows seeded later are then not offered. */
export async function hasRealBranches(db: KaraDb, institutionCode: string): Promise<boolean> {
  return !!(await db.selectFrom('branches').select('code').where('institution_code', '=', institutionCode).where('is_demo', '=', 0).limit(1).executeTakeFirst());
}

export function creditRowAt(db: KaraDb, institutionCode: string, branchCode: string | null) {
  let q = db.selectFrom('credit_allocations').select(['id', 'allocated_rials', 'reserved_rials', 'consumed_rials', 'is_demo']).where('institution_code', '=', institutionCode);
  q = branchCode === null ? q.where('branch_code', 'is', null) : q.where('branch_code', '=', branchCode);
  return q.executeTakeFirst();
}

export async function setCreditTotal(db: KaraDb, id: number, allocatedRials: number, updatedAt: string): Promise<void> {
  await db.updateTable('credit_allocations').set({ allocated_rials: allocatedRials, is_demo: 0, updated_at: updatedAt }).where('id', '=', id).execute();
}

export async function insertCreditTotal(db: KaraDb, row: { institution_code: string; branch_code: string | null; allocated_rials: number; updated_at: string }): Promise<void> {
  await db.insertInto('credit_allocations').values({ ...row, is_demo: 0 }).execute();
}

export const centralQueues = (db: KaraDb) =>
  db.selectFrom('central_branch_queues').select(['branch_code', 'waiting']).execute().then((r) => new Map(r.map((x) => [x.branch_code, x.waiting])));

export async function clearCentralQueues(db: KaraDb): Promise<void> {
  await db.deleteFrom('central_branch_queues').execute();
}

export async function upsertCentralQueues(db: KaraDb, rows: ReadonlyArray<{ branch_code: string; waiting: number }>): Promise<void> {
  for (let i = 0; i < rows.length; i += 300) {
    await db.insertInto('central_branch_queues').values(rows.slice(i, i + 300).map((r) => ({ ...r })))
      .onConflict((oc) => oc.column('branch_code').doUpdateSet((eb) => ({ waiting: eb.ref('excluded.waiting') }))).execute();
  }
}
