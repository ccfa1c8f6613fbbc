import type { KaraDb } from '../../db/connection';
import type { Actor } from '../../api/types';
import type { CaseRow } from '../../db/queries/cases';
import { eligibilityOf } from '../../db/queries/cases';
import { findActivityCode } from '../../db/queries/reference';
import {
  centralCasesUsing, findActivityWithAgency, findApplicantById, findBranch, findCounty, findInstitution, findProvince, findWorkshopById, localCasesUsing,
} from '../../db/queries/intake';
import type { DraftView, Duplicate } from '../../../src-shared/api/intake';
import { maxRequestRials } from '../../../src-shared/domain/programme';
import { rialsToToman } from '../../../src-shared/domain/money';
import { missingSteps } from '../cases/guards';
import { loadAmountParameters } from '../cases/parameters';
import { summarise } from '../cases/summary';
import { actorHoldsCase } from '../cases/holder';
import { mobileCodeState } from './mobile-check';

/** applicants.portal_access: 0 not yet asked, 1 declined, 2 wants portal access (password set). */
export const PORTAL = { unanswered: 0, declined: 1, wanted: 2 } as const;

export const EDITABLE_STAGES = ['draft', 'returned'] as const;

export function isEditable(actor: Actor, c: CaseRow): boolean {
  return (EDITABLE_STAGES as readonly string[]).includes(c.stage) && actor.role === 'intake' && actorHoldsCase(actor, c);
}

/** The most the case may request, in toman, once the workshop's workers and the activity are known. */
export async function maxAmountToman(db: KaraDb, workers: number | null, activityCode: string | null): Promise<number | null> {
  if (!workers || !activityCode) return null;
  const activity = await findActivityCode(db, activityCode);
  if (!activity) return null;
  const max = maxRequestRials({ uninsuredWorkers: workers, orderedClosed: activity.ordered_closed === 1, isDriver: activity.is_driver === 1 }, await loadAmountParameters(db));
  return rialsToToman(max);
}

export async function buildDraftView(db: KaraDb, actor: Actor, c: CaseRow, now: Date): Promise<DraftView> {
  const a = (await findApplicantById(db, c.applicant_id))!;
  const w = c.workshop_id ? await findWorkshopById(db, c.workshop_id) : undefined;
  const named = (r: { code: string; name_fa: string; name_en: string } | undefined) => (r ? { code: r.code, nameFa: r.name_fa, nameEn: r.name_en } : null);
  const province = w?.province_code ? await findProvince(db, w.province_code) : undefined;
  const county = w?.county_code ? await findCounty(db, w.county_code) : undefined;
  const activity = c.activity_code ? await findActivityWithAgency(db, c.activity_code) : undefined;
  const institution = c.institution_code ? await findInstitution(db, c.institution_code) : undefined;
  const branch = c.branch_code ? await findBranch(db, c.branch_code) : undefined;
  const permit: DraftView['permit'] = !c.permits_answered
    ? null
    : c.has_permit
      ? { has: true, type: c.permit_type ?? '', number: c.permit_number ?? '', issuer: c.permit_issuer ?? '', issuedOn: c.permit_issued_on ?? '' }
      : { has: false };
  const missing = [
    ...(a.portal_access === PORTAL.unanswered ? ['intake.step.account'] : []),
    ...(!a.birth_date || !a.home_address || !a.first_name || !a.last_name ? ['intake.step.personal'] : []),
    ...(await missingSteps(db, c)),
  ];
  return {
    case: summarise(c, actor, now),
    editable: isEditable(actor, c),
    submittedAt: c.submitted_at,
    createdAt: c.created_at,
    duplicateReason: c.duplicate_reason,
    missing,
    applicant: {
      nationalCode: a.national_code,
      mobile: a.mobile,
      firstName: a.first_name,
      lastName: a.last_name,
      fatherName: a.father_name,
      birthDate: a.birth_date,
      gender: a.gender === 'male' || a.gender === 'female' ? a.gender : null,
      homeAddress: a.home_address,
      registryFilled: a.registry_filled === 1,
      registryVerified: !!a.registry_verified_at,
      mobileConfirmed: !!a.mobile_confirmed_at,
      mobileConfirmMethod: a.mobile_confirm_method === 'sms_code' || a.mobile_confirm_method === 'in_person_sim_check' ? a.mobile_confirm_method : null,
      rulesAcknowledged: !!a.rules_acknowledged_at,
      portalAccess: a.portal_access === PORTAL.wanted,
      accountAnswered: a.portal_access !== PORTAL.unanswered,
      personalDone: !!a.birth_date && !!a.home_address && !!a.first_name && !!a.last_name,
    },
    mobileCode: await mobileCodeState(db, c.id, now),
    workshop: w
      ? {
          workshopCode: w.workshop_code,
          identifier: w.identifier,
          eligibility: await eligibilityOf(db, w.identifier),
          name: w.name,
          address: w.address,
          provinceCode: w.province_code,
          countyCode: w.county_code,
          postalCode: w.postal_code,
          uninsuredWorkers: w.uninsured_workers,
          activityDescription: w.activity_description,
          province: named(province),
          county: named(county),
        }
      : null,
    activity: activity
      ? { code: activity.code, nameFa: activity.name_fa, nameEn: activity.name_en, agency: { code: activity.agency_code, nameFa: activity.agency_name_fa, nameEn: activity.agency_name_en } }
      : null,
    requestedAmountToman: c.requested_amount_rials === null ? null : rialsToToman(c.requested_amount_rials),
    maxAmountToman: await maxAmountToman(db, w?.uninsured_workers ?? null, c.activity_code),
    permit,
    institution: named(institution),
    branch: branch ? { code: branch.code, nameFa: branch.name_fa, nameEn: branch.name_en, addressFa: branch.address_fa, phone: branch.phone, isDemo: branch.is_demo === 1 } : null,
  };
}

/**
 * Other cases using the same national code, mobile or workshop: in this database (any office's
 * cases it holds) and in central's index. `exclude` leaves out the case being edited.
 */
export async function findDuplicates(
  db: KaraDb,
  keys: { nationalCode?: string | undefined; mobile?: string | undefined; workshopIdentifier?: string | undefined },
  exclude?: string,
): Promise<Duplicate[]> {
  const clean = {
    ...(keys.nationalCode ? { nationalCode: keys.nationalCode } : {}),
    ...(keys.mobile ? { mobile: keys.mobile } : {}),
    ...(keys.workshopIdentifier ? { workshopIdentifier: keys.workshopIdentifier } : {}),
  };
  const out: Duplicate[] = [];
  const seenTracking = new Set<string>();
  for (const r of await localCasesUsing(db, clean)) {
    if (r.id === exclude) continue;
    const matches: Duplicate['match'][] = [];
    if (clean.nationalCode && r.national_code === clean.nationalCode) matches.push('nationalCode');
    if (clean.mobile && r.mobile === clean.mobile) matches.push('mobile');
    if (clean.workshopIdentifier && r.workshop_identifier === clean.workshopIdentifier) matches.push('workshop');
    for (const match of matches) out.push({ match, source: 'office', caseId: r.id, trackingCode: r.tracking_code, stage: r.stage, officeId: r.created_office_id });
    if (r.tracking_code) seenTracking.add(r.tracking_code);
  }
  for (const r of await centralCasesUsing(db, clean)) {
    if (r.tracking_code && seenTracking.has(r.tracking_code)) continue;
    const matches: Duplicate['match'][] = [];
    if (clean.nationalCode && r.national_code === clean.nationalCode) matches.push('nationalCode');
    if (clean.mobile && r.mobile === clean.mobile) matches.push('mobile');
    if (clean.workshopIdentifier && r.workshop_identifier === clean.workshopIdentifier) matches.push('workshop');
    for (const match of matches) out.push({ match, source: 'central', caseId: null, trackingCode: r.tracking_code, stage: r.stage, officeId: r.office_id });
  }
  return out;
}
