import { sql } from 'kysely';
import type { KaraDb } from '../connection';
import { stagesInBranchQueue } from '../../../src-shared/workflow/queues';

/**
 * Reserves `amount` on one allocation row if, and only if, it has that much left: the check
 * and the write are one statement, so no interleaving of commands can over-commit.
 * Returns 'reserved', 'insufficient', or 'no_allocation' (the row does not exist).
 */
export async function reserveOn(db: KaraDb, where: { institutionCode: string; branchCode: string | null }, amount: number) {
  let q = db
    .updateTable('credit_allocations')
    .set({ reserved_rials: sql`reserved_rials + ${amount}` })
    .where('institution_code', '=', where.institutionCode)
    .where(sql<boolean>`allocated_rials - reserved_rials - consumed_rials >= ${amount}`);
  q = where.branchCode === null ? q.where('branch_code', 'is', null) : q.where('branch_code', '=', where.branchCode);
  const result = await q.executeTakeFirst();
  if (Number(result.numUpdatedRows) === 1) return 'reserved' as const;
  return (await allocationOf(db, where)) ? ('insufficient' as const) : ('no_allocation' as const);
}

export async function moveCredit(
  db: KaraDb,
  where: { institutionCode: string; branchCode: string | null },
  change: { reserved: number; consumed: number },
): Promise<void> {
  let q = db
    .updateTable('credit_allocations')
    .set({ reserved_rials: sql`reserved_rials + ${change.reserved}`, consumed_rials: sql`consumed_rials + ${change.consumed}` })
    .where('institution_code', '=', where.institutionCode);
  q = where.branchCode === null ? q.where('branch_code', 'is', null) : q.where('branch_code', '=', where.branchCode);
  await q.execute();
}

export function allocationOf(db: KaraDb, where: { institutionCode: string; branchCode: string | null }) {
  let q = db.selectFrom('credit_allocations').selectAll().where('institution_code', '=', where.institutionCode);
  q = where.branchCode === null ? q.where('branch_code', 'is', null) : q.where('branch_code', '=', where.branchCode);
  return q.executeTakeFirst();
}

export function creditTotals(db: KaraDb) {
  return db
    .selectFrom('credit_allocations')
    .select(['institution_code', 'branch_code', 'allocated_rials', 'reserved_rials', 'consumed_rials'])
    .execute();
}

/**
 * Branches of a county still offered, with their queue size and remaining credit, fewest queued
 * first. The queue size is the larger of the cases waiting there that this office knows and
 * central's count of every office's (its latest bundle): central's misses only what was
 * submitted since it was made.
 */
export function branchesWithQueues(db: KaraDb, countyCode: string, institutionCode?: string) {
  let q = db
    .selectFrom('branches as b')
    .leftJoin('credit_allocations as ca', 'ca.branch_code', 'b.code')
    .leftJoin('central_branch_queues as cq', 'cq.branch_code', 'b.code')
    .select((eb) => [
      'b.code', 'b.institution_code', 'b.name_fa', 'b.name_en', 'b.address_fa', 'b.phone', 'b.is_demo',
      sql<number | null>`ca.allocated_rials - ca.reserved_rials - ca.consumed_rials`.as('remaining'),
      sql<number>`max(${eb
        .selectFrom('cases as c')
        .select((e) => e.fn.countAll<number>().as('n'))
        .whereRef('c.branch_code', '=', 'b.code')
        .where('c.stage', 'in', stagesInBranchQueue())}, coalesce(cq.waiting, 0))`.as('queue_size'),
    ])
    .where('b.county_code', '=', countyCode)
    .where('b.offered', '=', 1);
  if (institutionCode) q = q.where('b.institution_code', '=', institutionCode);
  return q.orderBy('queue_size').orderBy('b.code').execute();
}
