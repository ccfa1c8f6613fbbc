// The stepwise draft behind the assisted-registration screens: one command per step, each
// checked against the case's version, audited, and (after a return) written to the case flow.
import { randomUUID } from 'node:crypto';
import { AppError } from '../../../src-shared/api';
import type { Duplicate, StepInput } from '../../../src-shared/api/intake';
import { normalizeMobile, normalizeNationalCode, isValidNationalCode } from '../../../src-shared/domain/identifiers';
import { toLatinDigits } from '../../../src-shared/domain/text';
import { tomanToRials } from '../../../src-shared/domain/money';
import type { Actor, HandlerContext, HandlerRegistry } from '../../api/types';
import { findCase, insertCase, insertFlow, updateCaseAtVersion, type CaseRow } from '../../db/queries/cases';
import {
  findApplicantById, findApplicantByNationalCode, findBranch, findCounty, findRegistryRecord, findWorkshopById, insertApplicant, insertWorkshop,
  listOutbox, searchCases, updateApplicant, updateWorkshop,
} from '../../db/queries/intake';
import { findActivityCode } from '../../db/queries/reference';
import { requireActor } from '../auth/handlers';
import { appendAudit } from '../audit/chain';
import { loadVisibleCase } from '../cases/engine';
import { buildDraftView, findDuplicates, isEditable, maxAmountToman, PORTAL } from './draft';
import { checkMobileCode, sendMobileCode } from './mobile-check';

type StepwiseMethods = 'intake.find' | 'intake.duplicates' | 'intake.start' | 'intake.draft' | 'intake.saveStep' | 'intake.registryLookup'
  | 'intake.sendMobileCode' | 'intake.confirmMobileCode' | 'intake.confirmMobileInPerson' | 'intake.outbox';

/** A duplicate the clerk has not justified stops the step; the screen shows it with its links. */
function refuseDuplicates(duplicates: Duplicate[]): never {
  throw new AppError('conflict', 'intake.duplicate.found', { field: 'duplicateReason', details: { duplicates } });
}

async function loadEditable(ctx: HandlerContext, actor: Actor, caseId: string, expectedVersion: number): Promise<CaseRow> {
  const c = await loadVisibleCase(ctx.db, actor, caseId);
  if (!isEditable(actor, c)) throw new AppError('refused', 'intake.notEditable', { params: { stage: `stage.${c.stage}` } });
  if (c.version !== expectedVersion) throw new AppError('conflict', 'workflow.staleCase', { details: { currentVersion: c.version, stage: c.stage } });
  return c;
}

/**
 * Bumps the case's version with `changes` (so a second window's stale save is refused), writes
 * the audit entry, and after a return records the edit in the case flow.
 */
async function recordStep(ctx: HandlerContext, actor: Actor, c: CaseRow, step: string, changes: Partial<CaseRow>, flowReason?: string | undefined): Promise<CaseRow> {
  const now = ctx.clock.now().toISOString();
  if (!(await updateCaseAtVersion(ctx.db, c.id, c.version, { ...changes, updated_at: now }))) throw new AppError('conflict', 'workflow.staleCase');
  if (c.stage !== 'draft' || flowReason) {
    await insertFlow(ctx.db, {
      case_id: c.id, at: now, staff_id: actor.staffId, staff_name: actor.displayName, office_id: actor.officeId,
      action: flowReason ? 'duplicate_override' : `edit:${step}`, from_stage: c.stage, to_stage: c.stage, reason: flowReason ?? null, details: JSON.stringify({ step }),
    });
  }
  await appendAudit(ctx.db, { at: now, staffId: actor.staffId, officeId: actor.officeId, action: `intake.step.${step}`, entity: 'case', entityId: c.id, payload: { version: c.version + 1, stage: c.stage } });
  return (await findCase(ctx.db, c.id))!;
}

type Applicant = NonNullable<Awaited<ReturnType<typeof findApplicantById>>>;

/** Marks the applicant's mobile confirmed by `method` once `check` passes, and records the step. */
async function confirmMobile(
  ctx: HandlerContext, input: { caseId: string; expectedVersion: number }, method: 'sms_code' | 'in_person_sim_check', step: string,
  check: (actor: Actor, c: CaseRow, applicant: Applicant) => Promise<void>,
) {
  const actor = requireActor(ctx);
  const c = await loadEditable(ctx, actor, input.caseId, input.expectedVersion);
  const applicant = (await findApplicantById(ctx.db, c.applicant_id))!;
  await check(actor, c, applicant);
  const now = ctx.clock.now().toISOString();
  await updateApplicant(ctx.db, applicant.id, { mobile_confirmed_at: now, mobile_confirm_method: method, updated_at: now });
  const saved = await recordStep(ctx, actor, c, step, {});
  return buildDraftView(ctx.db, actor, saved, ctx.clock.now());
}

function withReason(existing: string | null, reason: string): string {
  return existing ? `${existing}\n${reason}` : reason;
}

async function saveStep(ctx: HandlerContext, actor: Actor, c: CaseRow, data: StepInput): Promise<CaseRow> {
  const now = ctx.clock.now().toISOString();
  const applicant = (await findApplicantById(ctx.db, c.applicant_id))!;
  const workshop = c.workshop_id ? await findWorkshopById(ctx.db, c.workshop_id) : undefined;

  switch (data.step) {
    case 'identity': {
      const mobileChanged = data.mobile !== applicant.mobile;
      if (mobileChanged) {
        const duplicates = await findDuplicates(ctx.db, { mobile: data.mobile }, c.id);
        const others = duplicates.filter((d) => d.source === 'central' || d.caseId !== c.id);
        if (others.length && !data.duplicateReason) refuseDuplicates(others);
      }
      await updateApplicant(ctx.db, applicant.id, {
        mobile: data.mobile,
        registry_verified_at: data.registryVerified ? (applicant.registry_verified_at ?? now) : null,
        ...(mobileChanged ? { mobile_confirmed_at: null, mobile_confirm_method: null } : {}),
        updated_at: now,
      });
      const reason = mobileChanged ? data.duplicateReason : undefined;
      return recordStep(ctx, actor, c, 'identity', reason ? { duplicate_reason: withReason(c.duplicate_reason, reason) } : {}, reason);
    }
    case 'account': {
      // Stored only as a hash: the router's output schema never names it either.
      const hash = data.portalAccess ? await ctx.passwords.hash(data.password!) : null;
      await updateApplicant(ctx.db, applicant.id, { portal_access: data.portalAccess ? PORTAL.wanted : PORTAL.declined, portal_password_hash: hash, updated_at: now });
      return recordStep(ctx, actor, c, 'account', {});
    }
    case 'personal': {
      // Registry data is read-only: what the registry says is kept, whatever the form sent.
      const registry = applicant.registry_filled ? await findRegistryRecord(ctx.db, applicant.national_code) : undefined;
      await updateApplicant(ctx.db, applicant.id, {
        first_name: registry?.first_name ?? data.firstName,
        last_name: registry?.last_name ?? data.lastName,
        father_name: registry?.father_name || data.fatherName,
        birth_date: registry?.birth_date ?? data.birthDate,
        gender: registry?.gender ?? data.gender,
        home_address: data.homeAddress,
        updated_at: now,
      });
      return recordStep(ctx, actor, c, 'personal', {});
    }
    case 'workshop': {
      // The guide (p.6): a workshop without a social-security code takes its owner's national code.
      const identifier = data.workshopCode ?? applicant.national_code;
      if (identifier !== workshop?.identifier) {
        const duplicates = await findDuplicates(ctx.db, { workshopIdentifier: identifier }, c.id);
        if (duplicates.length && !data.duplicateReason) refuseDuplicates(duplicates);
      }
      let workshopId = workshop?.id;
      if (workshop) {
        await updateWorkshop(ctx.db, workshop.id, { workshop_code: data.workshopCode, identifier, updated_at: now });
      } else {
        workshopId = randomUUID();
        await insertWorkshop(ctx.db, { id: workshopId, applicant_id: applicant.id, workshop_code: data.workshopCode, identifier, created_at: now, updated_at: now });
      }
      const reason = identifier !== workshop?.identifier ? data.duplicateReason : undefined;
      return recordStep(ctx, actor, c, 'workshop', { workshop_id: workshopId!, ...(reason ? { duplicate_reason: withReason(c.duplicate_reason, reason) } : {}) }, reason);
    }
    case 'workshopDetails': {
      if (!workshop) throw new AppError('refused', 'intake.workshopFirst');
      const county = await findCounty(ctx.db, data.countyCode);
      if (!county || county.province_code !== data.provinceCode) throw new AppError('validation', 'intake.countyNotInProvince', { field: 'countyCode' });
      await updateWorkshop(ctx.db, workshop.id, {
        name: data.name, address: data.address, province_code: data.provinceCode, county_code: data.countyCode, postal_code: data.postalCode,
        uninsured_workers: data.uninsuredWorkers, activity_description: data.activityDescription, updated_at: now,
      });
      // Branches are listed by the workshop's county: a branch of another county no longer fits.
      const branch = c.branch_code ? await findBranch(ctx.db, c.branch_code) : undefined;
      const clearBranch = !!branch && branch.county_code !== data.countyCode;
      return recordStep(ctx, actor, c, 'workshopDetails', clearBranch ? { branch_code: null, institution_code: null } : {});
    }
    case 'activity': {
      const activity = await findActivityCode(ctx.db, data.activityCode);
      if (!activity) throw new AppError('validation', 'error.notFound', { field: 'activityCode' });
      const max = await maxAmountToman(ctx.db, workshop?.uninsured_workers ?? null, activity.code);
      if (max !== null && data.requestedAmountToman > max) {
        throw new AppError('validation', 'workflow.amountOverLimit', { field: 'requestedAmountToman', params: { max } });
      }
      return recordStep(ctx, actor, c, 'activity', { activity_code: activity.code, agency_code: activity.agency_code, requested_amount_rials: tomanToRials(data.requestedAmountToman) });
    }
    case 'permits': {
      const p = data.permit;
      return recordStep(ctx, actor, c, 'permits', {
        permits_answered: 1,
        has_permit: p.has ? 1 : 0,
        permit_type: p.has ? p.type : null,
        permit_number: p.has ? p.number : null,
        permit_issuer: p.has ? p.issuer : null,
        permit_issued_on: p.has ? p.issuedOn : null,
      });
    }
    case 'bankBranch': {
      if (!workshop?.county_code) throw new AppError('refused', 'intake.workshopFirst');
      const branch = await findBranch(ctx.db, data.branchCode);
      if (!branch || branch.offered === 0 || branch.institution_code !== data.institutionCode || branch.county_code !== workshop.county_code) {
        throw new AppError('validation', 'intake.branchNotInCounty', { field: 'branchCode' });
      }
      return recordStep(ctx, actor, c, 'bankBranch', { institution_code: data.institutionCode, branch_code: data.branchCode });
    }
  }
}

/** What was typed in the find box, read as a national code, a mobile and a tracking code. */
function searchKeys(query: string) {
  const compact = toLatinDigits(query).replace(/[\s\-_.]/g, '');
  const nationalCode = normalizeNationalCode(compact);
  return {
    ...(/^\d{10}$/.test(nationalCode) && isValidNationalCode(nationalCode) ? { nationalCode } : {}),
    ...(normalizeMobile(compact) ? { mobile: normalizeMobile(compact)! } : {}),
    ...(/^\d{6,20}$/.test(compact) ? { trackingCode: compact } : {}),
  };
}

export const stepwiseHandlers: Pick<HandlerRegistry, StepwiseMethods> = {
  async 'intake.find'(input, ctx) {
    const actor = requireActor(ctx);
    const rows = await searchCases(ctx.db, searchKeys(input.query), actor.officeKind === 'central' ? null : actor.officeId);
    return rows.map((r) => ({
      caseId: r.id, trackingCode: r.tracking_code, stage: r.stage, nationalCode: r.national_code, mobile: r.mobile,
      firstName: r.first_name, lastName: r.last_name, workshopName: r.workshop_name, updatedAt: r.updated_at,
      resumable: (r.stage === 'draft' || r.stage === 'returned') && r.created_office_id === actor.officeId,
    }));
  },

  async 'intake.duplicates'(input, ctx) {
    requireActor(ctx);
    const nationalCode = input.nationalCode ? normalizeNationalCode(input.nationalCode) : undefined;
    const mobile = input.mobile ? (normalizeMobile(input.mobile) ?? undefined) : undefined;
    return findDuplicates(ctx.db, { nationalCode, mobile, workshopIdentifier: input.workshopIdentifier }, input.excludeCaseId);
  },

  async 'intake.start'(input, ctx) {
    const actor = requireActor(ctx);
    const now = ctx.clock.now().toISOString();
    const duplicates = await findDuplicates(ctx.db, { nationalCode: input.nationalCode, mobile: input.mobile });
    if (duplicates.length && !input.duplicateReason) refuseDuplicates(duplicates);

    const registry = await findRegistryRecord(ctx.db, input.nationalCode);
    const existing = await findApplicantByNationalCode(ctx.db, input.nationalCode);
    const applicantId = existing?.id ?? randomUUID();
    const fromRegistry = registry
      ? { first_name: registry.first_name, last_name: registry.last_name, father_name: registry.father_name, birth_date: registry.birth_date, gender: registry.gender, registry_filled: 1 }
      : {};
    if (existing) {
      await updateApplicant(ctx.db, applicantId, {
        ...fromRegistry,
        mobile: input.mobile,
        rules_acknowledged_at: now,
        registry_verified_at: input.registryVerified ? now : null,
        ...(existing.mobile !== input.mobile ? { mobile_confirmed_at: null, mobile_confirm_method: null } : {}),
        updated_at: now,
      });
    } else {
      await insertApplicant(ctx.db, {
        id: applicantId, national_code: input.nationalCode, mobile: input.mobile, ...fromRegistry,
        rules_acknowledged_at: now, registry_verified_at: input.registryVerified ? now : null,
        created_office_id: actor.officeId, created_at: now, updated_at: now,
      });
    }
    const caseId = randomUUID();
    await insertCase(ctx.db, {
      id: caseId, applicant_id: applicantId, stage: 'draft', created_office_id: actor.officeId,
      duplicate_reason: duplicates.length ? input.duplicateReason! : null, stage_entered_at: now, created_at: now, updated_at: now,
    });
    await insertFlow(ctx.db, {
      case_id: caseId, at: now, staff_id: actor.staffId, staff_name: actor.displayName, office_id: actor.officeId,
      action: 'create', from_stage: null, to_stage: 'draft', reason: null, details: JSON.stringify({ assisted: true }),
    });
    if (duplicates.length) {
      await insertFlow(ctx.db, {
        case_id: caseId, at: now, staff_id: actor.staffId, staff_name: actor.displayName, office_id: actor.officeId,
        action: 'duplicate_override', from_stage: 'draft', to_stage: 'draft', reason: input.duplicateReason!,
        details: JSON.stringify({ matches: duplicates.map((d) => ({ match: d.match, source: d.source, trackingCode: d.trackingCode, caseId: d.caseId })) }),
      });
    }
    await appendAudit(ctx.db, {
      at: now, staffId: actor.staffId, officeId: actor.officeId, action: 'case.create', entity: 'case', entityId: caseId,
      payload: { applicant: applicantId, assisted: true, registry: !!registry, duplicates: duplicates.length },
    });
    return buildDraftView(ctx.db, actor, (await findCase(ctx.db, caseId))!, ctx.clock.now());
  },

  async 'intake.draft'(input, ctx) {
    const actor = requireActor(ctx);
    const c = await loadVisibleCase(ctx.db, actor, input.caseId);
    return buildDraftView(ctx.db, actor, c, ctx.clock.now());
  },

  async 'intake.saveStep'(input, ctx) {
    const actor = requireActor(ctx);
    const c = await loadEditable(ctx, actor, input.caseId, input.expectedVersion);
    const saved = await saveStep(ctx, actor, c, input.data);
    return buildDraftView(ctx.db, actor, saved, ctx.clock.now());
  },

  async 'intake.registryLookup'(input, ctx) {
    const actor = requireActor(ctx);
    const r = await findRegistryRecord(ctx.db, input.nationalCode);
    await appendAudit(ctx.db, { at: ctx.clock.now().toISOString(), staffId: actor.staffId, officeId: actor.officeId, action: 'intake.registryLookup', entity: 'registry', payload: { found: !!r } });
    if (!r) return null;
    return { firstName: r.first_name, lastName: r.last_name, fatherName: r.father_name, birthDate: r.birth_date, gender: r.gender === 'male' || r.gender === 'female' ? r.gender : null };
  },

  async 'intake.sendMobileCode'(input, ctx) {
    const actor = requireActor(ctx);
    const c = await loadVisibleCase(ctx.db, actor, input.caseId);
    if (!isEditable(actor, c)) throw new AppError('refused', 'intake.notEditable', { params: { stage: `stage.${c.stage}` } });
    const applicant = (await findApplicantById(ctx.db, c.applicant_id))!;
    if (applicant.mobile_confirmed_at) throw new AppError('refused', 'intake.mobileCode.alreadyConfirmed');
    return sendMobileCode(ctx.db, actor, c, applicant.mobile, ctx.clock.now());
  },

  'intake.confirmMobileCode': (input, ctx) =>
    confirmMobile(ctx, input, 'sms_code', 'mobileConfirmed', (actor, c, applicant) => checkMobileCode(ctx.db, actor, c, applicant.mobile, input.code, ctx.clock.now())),

  // The step's audit entry names the clerk who saw the SIM document.
  'intake.confirmMobileInPerson': (input, ctx) =>
    confirmMobile(ctx, input, 'in_person_sim_check', 'mobileConfirmedInPerson', async (_actor, _c, applicant) => {
      if (applicant.mobile_confirmed_at) throw new AppError('refused', 'intake.mobileCode.alreadyConfirmed');
    }),

  async 'intake.outbox'(input, ctx) {
    requireActor(ctx);
    const mobile = input.mobile ? (normalizeMobile(input.mobile) ?? input.mobile) : undefined;
    const rows = await listOutbox(ctx.db, mobile, input.limit);
    return rows.map((r) => ({ id: r.id, at: r.at, mobile: r.mobile, body: r.body, purpose: r.purpose, caseId: r.case_id }));
  },
};
