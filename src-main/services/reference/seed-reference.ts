import provinces from '../../../seeds/reference/provinces.json';
import counties from '../../../seeds/reference/counties.json';
import institutions from '../../../seeds/reference/institutions.json';
import agencies from '../../../seeds/reference/agencies.json';
import categories from '../../../seeds/reference/activity-categories.json';
import activityCodes from '../../../seeds/reference/activity-codes.json';
import parameters from '../../../seeds/reference/programme-parameters.json';
import type { KaraDb } from '../../db/connection';
import { upsertReferenceData } from '../../db/queries/reference';
import { upsertDemoBranches, upsertCreditAllocation } from '../../db/queries/branches';
import { appendAudit } from '../audit/chain';
import { demoBranches } from './demo-branches';
import { activitySearchKey } from './rows';

export interface SeedReferenceResult {
  provinces: number;
  counties: number;
  institutions: number;
  agencies: number;
  activityCodes: number;
  parameters: number;
  demoBranches: number;
}

/**
 * Loads the programme's reference data (seeds/reference, sources in seeds/SOURCES.md) and,
 * until central sends real ones, demo bank branches with demo credit, marked is_demo.
 */
export async function seedReference(db: KaraDb, now: string, options: { demoBranches?: boolean } = {}): Promise<SeedReferenceResult> {
  await upsertReferenceData(
    db,
    {
      provinces,
      counties,
      institutions,
      agencies,
      categories,
      activityCodes: activityCodes.map((a) => ({ ...a, searchKey: activitySearchKey(a) })),
      parameters,
    },
    now,
  );
  let branchCount = 0;
  if (options.demoBranches !== false) {
    const branches = demoBranches(counties, institutions);
    await upsertDemoBranches(db, branches);
    for (const institution of institutions) {
      await upsertCreditAllocation(db, { institutionCode: institution.code, branchCode: null, allocatedRials: 10_000_000_000_000, isDemo: true, now });
    }
    for (const branch of branches) {
      await upsertCreditAllocation(db, { institutionCode: branch.institutionCode, branchCode: branch.code, allocatedRials: branch.demoCreditRials, isDemo: true, now });
    }
    branchCount = branches.length;
  }
  await appendAudit(db, { at: now, staffId: null, officeId: null, action: 'reference.seed', entity: 'reference', payload: { branches: branchCount } });
  return {
    provinces: provinces.length,
    counties: counties.length,
    institutions: institutions.length,
    agencies: agencies.length,
    activityCodes: activityCodes.length,
    parameters: parameters.length,
    demoBranches: branchCount,
  };
}
