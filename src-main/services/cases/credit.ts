import type { KaraDb } from '../../db/connection';
import { allocationOf, branchesWithQueues, moveCredit, reserveOn } from '../../db/queries/credit';
import { AppError } from '../../../src-shared/api';
import type { CreditPort } from '../../../src-shared/workflow/rules';
import { caseContext, type CaseRow } from '../../db/queries/cases';

export interface BranchChoice {
  code: string;
  institutionCode: string;
  nameFa: string;
  nameEn: string;
  addressFa: string;
  phone: string;
  queueSize: number;
  remainingCreditRials: number;
  canTakeAmount: boolean;
  isDemo: boolean;
}

/** Branches in a county, fewest queued first, with what credit each has left. */
export async function branchChoices(db: KaraDb, countyCode: string, institutionCode: string | undefined, amount: number): Promise<BranchChoice[]> {
  const rows = await branchesWithQueues(db, countyCode, institutionCode);
  const institutionLeft = new Map<string, number>();
  const out: BranchChoice[] = [];
  for (const r of rows) {
    if (!institutionLeft.has(r.institution_code)) {
      const a = await allocationOf(db, { institutionCode: r.institution_code, branchCode: null });
      institutionLeft.set(r.institution_code, a ? a.allocated_rials - a.reserved_rials - a.consumed_rials : 0);
    }
    const remaining = Math.min(r.remaining ?? Number.MAX_SAFE_INTEGER, institutionLeft.get(r.institution_code)!);
    out.push({
      code: r.code, institutionCode: r.institution_code, nameFa: r.name_fa, nameEn: r.name_en, addressFa: r.address_fa, phone: r.phone,
      queueSize: Number(r.queue_size ?? 0), remainingCreditRials: remaining, canTakeAmount: remaining >= amount, isDemo: r.is_demo === 1,
    });
  }
  return out;
}

/**
 * Credit in this database: each reservation one conditional statement, so no interleaving of
 * commands over-commits; a refusal lists the county's branches that could fund the case.
 */
export function creditPortFor(db: KaraDb, c: CaseRow): CreditPort {
  return {
    reserveOn: (where, amount) => reserveOn(db, where, amount),
    move: (where, change) => moveCredit(db, where, change),
    async refusal() {
      const amount = c.requested_amount_rials ?? 0;
      const county = (await caseContext(db, c.id))?.workshop_county ?? '';
      const alternatives = (await branchChoices(db, county, undefined, amount)).filter((b) => b.canTakeAmount && b.code !== c.branch_code);
      return new AppError('refused', 'workflow.noCredit', {
        field: 'branchCode',
        details: { alternatives: alternatives.map((b) => ({ code: b.code, institutionCode: b.institutionCode, nameFa: b.nameFa, nameEn: b.nameEn, queueSize: b.queueSize })) },
      });
    },
  };
}
