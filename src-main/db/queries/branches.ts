import type { KaraDb } from '../connection';
import type { DemoBranch } from '../../services/reference/demo-branches';

/**
 * Demo branches never replace central's: a real row under the same code is left alone, and a
 * demo branch of an institution central has sent real branches for is not offered.
 */
export async function upsertDemoBranches(db: KaraDb, branches: readonly DemoBranch[]): Promise<void> {
  const real = new Set((await db.selectFrom('branches').select('institution_code').distinct().where('is_demo', '=', 0).execute()).map((r) => r.institution_code));
  for (const b of branches) {
    const values = {
      institution_code: b.institutionCode, county_code: b.countyCode, name_fa: b.nameFa, name_en: b.nameEn,
      address_fa: b.addressFa, phone: b.phone, is_demo: 1, offered: real.has(b.institutionCode) ? 0 : 1,
    };
    await db.insertInto('branches').values({ code: b.code, ...values }).onConflict((oc) => oc.column('code').doUpdateSet(values).where('branches.is_demo', '=', 1)).execute();
  }
}

/** Sets an allocation's size; reserved and consumed amounts are never touched here. */
export async function upsertCreditAllocation(
  db: KaraDb,
  a: { institutionCode: string; branchCode: string | null; allocatedRials: number; isDemo: boolean; now: string },
): Promise<void> {
  let existing = db.selectFrom('credit_allocations').select(['id', 'is_demo']).where('institution_code', '=', a.institutionCode);
  existing = a.branchCode === null ? existing.where('branch_code', 'is', null) : existing.where('branch_code', '=', a.branchCode);
  const row = await existing.executeTakeFirst();
  if (row) {
    if (a.isDemo && row.is_demo === 0) return; // demo credit never replaces a real allocation
    await db.updateTable('credit_allocations').set({ allocated_rials: a.allocatedRials, is_demo: a.isDemo ? 1 : 0, updated_at: a.now }).where('id', '=', row.id).execute();
  } else {
    await db.insertInto('credit_allocations').values({
      institution_code: a.institutionCode, branch_code: a.branchCode, allocated_rials: a.allocatedRials, is_demo: a.isDemo ? 1 : 0, updated_at: a.now,
    }).execute();
  }
}
