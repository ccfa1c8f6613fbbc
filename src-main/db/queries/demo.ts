import type { KaraDb } from '../connection';

/** Up to 12 counties with branches and a few activity codes: where the demo office's cases go. */
export async function loadDemoGeography(db: KaraDb) {
  const branches = await db
    .selectFrom('branches as b')
    .innerJoin('counties as c', 'c.code', 'b.county_code')
    .select(['b.code as branchCode', 'b.institution_code as institutionCode', 'c.code as countyCode', 'c.province_code as provinceCode', 'c.name_fa as countyNameFa'])
    .where('b.county_code', 'in', (eb) => eb.selectFrom('branches').select('county_code').where('offered', '=', 1).distinct().orderBy('county_code').limit(12))
    .where('b.offered', '=', 1)
    .orderBy('b.code')
    .execute();
  const activities = await db.selectFrom('activity_codes').select(['code', 'agency_code']).where('is_driver', '=', 0).orderBy('code').execute();
  return branches.flatMap((b, i) => {
    const a = activities[(i * 7) % activities.length]!;
    return [{ ...b, activityCode: a.code, agencyCode: a.agency_code }];
  });
}

export const demoTargets = {
  async markEligible(db: KaraDb, identifier: string, at: string) {
    await db.insertInto('eligibility_list').values({ workshop_identifier: identifier, status: 'eligible', source: 'demo', updated_at: at }).onConflict((oc) => oc.column('workshop_identifier').doNothing()).execute();
  },
  async applicantOf(db: KaraDb, caseId: string) {
    return (await db.selectFrom('cases').select('applicant_id').where('id', '=', caseId).executeTakeFirst())?.applicant_id;
  },
  /** A red-cross workshop whose applicant has objected: the case waits on the ticket. */
  async markIneligibleWithTicket(db: KaraDb, t: { identifier: string; applicantId: string; caseId: string; officeId: string; agencyCode: string; at: string; number: number }) {
    await db.updateTable('eligibility_list').set({ status: 'ineligible', source: 'demo' }).where('workshop_identifier', '=', t.identifier).execute();
    await db.insertInto('tickets').values({
      id: `demo-ticket-${t.number}`, tracking_number: `T${String(t.number).padStart(9, '0')}`, applicant_id: t.applicantId, case_id: t.caseId,
      workshop_identifier: t.identifier, kind: 'ineligible', status: 'open', description: 'کارگاه با ضربدر قرمز نشان داده شده؛ متقاضی اعتراض دارد (نمونه).',
      agency_code: t.agencyCode, created_office_id: t.officeId, created_at: t.at, updated_at: t.at,
    }).execute();
  },
};
