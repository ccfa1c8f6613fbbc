import { randomUUID } from 'node:crypto';
import { AppError } from '../../../src-shared/api';
import { tomanToRials } from '../../../src-shared/domain/money';
import type { HandlerRegistry } from '../../api/types';
import { findApplicantByNationalCode, findBranch, findCounty, insertApplicant, insertWorkshop, updateApplicant } from '../../db/queries/intake';
import { findActivityCode } from '../../db/queries/reference';
import { findCase, insertCase, insertFlow } from '../../db/queries/cases';
import { requireActor } from '../auth/handlers';
import { appendAudit } from '../audit/chain';
import { summarise } from '../cases/summary';
import { stepwiseHandlers } from './stepwise';

type IntakeHandlers = Pick<HandlerRegistry, Extract<keyof HandlerRegistry, `intake.${string}`>>;

export const intakeHandlers: IntakeHandlers = {
  ...stepwiseHandlers,
  /** Registers a walk-in applicant's case as a draft, with whatever steps are already done. */
  async 'intake.createDraft'(input, ctx) {
    const actor = requireActor(ctx);
    const now = ctx.clock.now().toISOString();
    const a = input.applicant;

    const activity = input.activityCode ? await findActivityCode(ctx.db, input.activityCode) : undefined;
    if (input.activityCode && !activity) throw new AppError('validation', 'error.notFound', { field: 'activityCode' });
    if (input.workshop) {
      const county = await findCounty(ctx.db, input.workshop.countyCode);
      if (!county || county.province_code !== input.workshop.provinceCode) throw new AppError('validation', 'error.notFound', { field: 'workshop.countyCode' });
    }
    if (input.branchCode) {
      const branch = await findBranch(ctx.db, input.branchCode);
      // A branch no longer offered (withdrawn by central, or a demo one central's replaced) is not chosen anew.
      if (!branch || branch.offered === 0 || branch.institution_code !== input.institutionCode) throw new AppError('validation', 'error.notFound', { field: 'branchCode' });
      if (input.workshop && branch.county_code !== input.workshop.countyCode) throw new AppError('validation', 'error.notFound', { field: 'branchCode' });
    }

    const existing = await findApplicantByNationalCode(ctx.db, a.nationalCode);
    const applicantId = existing?.id ?? randomUUID();
    const applicantValues = {
      mobile: a.mobile,
      first_name: a.firstName,
      last_name: a.lastName,
      father_name: a.fatherName ?? '',
      rules_acknowledged_at: a.rulesAcknowledged ? now : null,
      registry_verified_at: a.registryVerified ? now : null,
      mobile_confirmed_at: a.mobileConfirmedBy ? now : null,
      mobile_confirm_method: a.mobileConfirmedBy,
      updated_at: now,
    };
    if (existing) await updateApplicant(ctx.db, applicantId, applicantValues);
    else await insertApplicant(ctx.db, { id: applicantId, national_code: a.nationalCode, created_office_id: actor.officeId, created_at: now, ...applicantValues });

    let workshopId: string | null = null;
    if (input.workshop) {
      const w = input.workshop;
      workshopId = randomUUID();
      await insertWorkshop(ctx.db, {
        id: workshopId,
        applicant_id: applicantId,
        workshop_code: w.workshopCode,
        // The guide: a workshop without a social-security code is identified by its owner's national code.
        identifier: w.workshopCode ?? a.nationalCode,
        name: w.name,
        address: w.address,
        province_code: w.provinceCode,
        county_code: w.countyCode,
        postal_code: w.postalCode,
        uninsured_workers: w.uninsuredWorkers,
        created_at: now,
        updated_at: now,
      });
    }

    const caseId = randomUUID();
    const permit = input.permit;
    await insertCase(ctx.db, {
      id: caseId,
      applicant_id: applicantId,
      workshop_id: workshopId,
      stage: 'draft',
      created_office_id: actor.officeId,
      activity_code: activity?.code ?? null,
      agency_code: activity?.agency_code ?? null,
      institution_code: input.institutionCode ?? null,
      branch_code: input.branchCode ?? null,
      requested_amount_rials: input.requestedAmountToman === undefined ? null : tomanToRials(input.requestedAmountToman),
      permits_answered: permit ? 1 : 0,
      has_permit: permit ? (permit.has ? 1 : 0) : null,
      permit_type: permit?.has ? permit.type : null,
      permit_number: permit?.has ? permit.number : null,
      permit_issuer: permit?.has ? permit.issuer : null,
      permit_issued_on: permit?.has ? permit.issuedOn : null,
      stage_entered_at: now,
      created_at: now,
      updated_at: now,
    });
    await insertFlow(ctx.db, {
      case_id: caseId, at: now, staff_id: actor.staffId, staff_name: actor.displayName, office_id: actor.officeId,
      action: 'create', from_stage: null, to_stage: 'draft', reason: null, details: '{}',
    });
    await appendAudit(ctx.db, { at: now, staffId: actor.staffId, officeId: actor.officeId, action: 'case.create', entity: 'case', entityId: caseId, payload: { applicant: applicantId } });
    return summarise((await findCase(ctx.db, caseId))!, actor, ctx.clock.now());
  },
};
