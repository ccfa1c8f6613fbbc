import type { KaraDb } from '../../db/connection';
import type { CaseRow } from '../../db/queries/cases';
import { allocationOf, branchesWithQueues, moveCredit, reserveOn } from '../../db/queries/credit';
import { AppError } from '../../../src-shared/api';

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
 * (Re)reserves the case's requested amount at its chosen branch and institution. Any refusal
 * throws, and the command's transaction undoes the whole step.
 */
export async function reserveCredit(db: KaraDb, c: CaseRow, countyCode: string): Promise<Pick<CaseRow, 'credit_state' | 'credit_rials' | 'credit_branch_code' | 'credit_institution_code'>> {
  if (c.credit_state === 'reserved') await releaseCredit(db, c);
  const amount = c.requested_amount_rials ?? 0;
  const institutionCode = c.institution_code!;
  const branchCode = c.branch_code!;
  const refuse = async () => {
    const alternatives = (await branchChoices(db, countyCode, undefined, amount)).filter((b) => b.canTakeAmount && b.code !== branchCode);
    return new AppError('refused', 'workflow.noCredit', {
      field: 'branchCode',
      details: { alternatives: alternatives.map((b) => ({ code: b.code, institutionCode: b.institutionCode, nameFa: b.nameFa, nameEn: b.nameEn, queueSize: b.queueSize })) },
    });
  };
  // The branch first: a refusal lists alternatives from what is left, and an amount already
  // taken from the institution would hide its other branches that could fund the case.
  const atBranch = await reserveOn(db, { institutionCode, branchCode }, amount);
  if (atBranch === 'insufficient') throw await refuse();
  const atInstitution = await reserveOn(db, { institutionCode, branchCode: null }, amount);
  if (atInstitution !== 'reserved') throw await refuse();
  return {
    credit_state: 'reserved',
    credit_rials: amount,
    credit_institution_code: institutionCode,
    credit_branch_code: atBranch === 'reserved' ? branchCode : null,
  };
}

export async function releaseCredit(db: KaraDb, c: CaseRow): Promise<Pick<CaseRow, 'credit_state' | 'credit_rials'>> {
  if (c.credit_state !== 'reserved') return { credit_state: c.credit_state, credit_rials: c.credit_rials };
  const amount = c.credit_rials;
  await moveCredit(db, { institutionCode: c.credit_institution_code!, branchCode: null }, { reserved: -amount, consumed: 0 });
  if (c.credit_branch_code) await moveCredit(db, { institutionCode: c.credit_institution_code!, branchCode: c.credit_branch_code }, { reserved: -amount, consumed: 0 });
  return { credit_state: 'released', credit_rials: 0 };
}

export async function consumeCredit(db: KaraDb, c: CaseRow): Promise<Pick<CaseRow, 'credit_state'>> {
  if (c.credit_state !== 'reserved') throw new Error(`case ${c.id} has no reserved credit to consume`);
  const amount = c.credit_rials;
  await moveCredit(db, { institutionCode: c.credit_institution_code!, branchCode: null }, { reserved: -amount, consumed: amount });
  if (c.credit_branch_code) await moveCredit(db, { institutionCode: c.credit_institution_code!, branchCode: c.credit_branch_code }, { reserved: -amount, consumed: amount });
  return { credit_state: 'consumed' };
}
