import type { KaraDb } from '../../db/connection';
import type { CaseRow } from '../../db/queries/cases';
import { caseContext, countOpenTickets, eligibilityOf } from '../../db/queries/cases';
import { AppError } from '../../../src-shared/api';
import type { Guard } from '../../../src-shared/workflow/definition';
import { maxRequestRials } from '../../../src-shared/domain/programme';
import { loadAmountParameters } from './parameters';

/** The intake steps still missing before a case may be submitted (i18n keys). */
export async function missingSteps(db: KaraDb, c: CaseRow): Promise<string[]> {
  const ctx = await caseContext(db, c.id);
  const missing: string[] = [];
  if (!ctx?.rules_acknowledged_at) missing.push('step.rules');
  if (!ctx?.registry_verified_at) missing.push('step.registryVerified');
  if (!ctx?.mobile_confirmed_at) missing.push('step.mobileConfirmed');
  if (!ctx?.workshop_identifier) missing.push('step.workshop');
  if (!ctx?.workshop_name || !ctx.workshop_county || !ctx.workshop_postal_code || !ctx.uninsured_workers) missing.push('step.workshopDetails');
  if (!c.activity_code) missing.push('step.activity');
  if (!c.permits_answered) missing.push('step.permits');
  if (!c.institution_code || !c.branch_code) missing.push('step.bankBranch');
  if (!c.requested_amount_rials) missing.push('step.amount');
  return missing;
}

/** Throws the refusal of the first guard that fails. Credit is checked by reserving it (effects). */
export async function checkGuards(db: KaraDb, c: CaseRow, guards: readonly Guard[]): Promise<void> {
  for (const guard of guards) {
    switch (guard) {
      case 'complete': {
        const missing = await missingSteps(db, c);
        if (missing.length) throw new AppError('refused', 'workflow.incomplete', { details: { missing } });
        break;
      }
      case 'eligible': {
        const ctx = await caseContext(db, c.id);
        const status = ctx?.workshop_identifier ? await eligibilityOf(db, ctx.workshop_identifier) : 'not_found';
        if (status === 'ineligible') throw new AppError('refused', 'workflow.workshopIneligible', { details: { eligibility: status } });
        if (status === 'not_found') throw new AppError('refused', 'workflow.workshopNotFound', { details: { eligibility: status } });
        break;
      }
      case 'amountWithinLimit': {
        const ctx = await caseContext(db, c.id);
        const max = maxRequestRials(
          { uninsuredWorkers: ctx?.uninsured_workers ?? 0, orderedClosed: ctx?.ordered_closed === 1, isDriver: ctx?.is_driver === 1 },
          await loadAmountParameters(db),
        );
        const amount = c.requested_amount_rials ?? 0;
        if (amount <= 0 || amount > max) {
          throw new AppError('refused', 'workflow.amountOverLimit', { field: 'requestedAmount', params: { max: max / 10 }, details: { maxRials: max } });
        }
        break;
      }
      case 'noOpenTicket':
        if ((await countOpenTickets(db, c.id)) > 0) throw new AppError('refused', 'workflow.openTicket');
        break;
      case 'creditAvailable':
        break; // enforced atomically by the reserveCredit effect
    }
  }
}
