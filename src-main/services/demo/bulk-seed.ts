// A fast generator of a consistent synthetic office for benchmarks (`seed demo --bulk`): the
// same rows the engine would write — cases in every stage with their case-flow chains, tracking
// codes, assignees, credit reserved or consumed within each allocation — written straight
// through prepared statements in large transactions (the engine-driven seed does ~40 cases/s).
// Per-case audit entries are not written; one entry records the load. The integration test
// tests/integration/queue/bulk-seed.test.ts checks the invariants the engine guarantees.
import type { Database } from '../../db/connection';
import { rebuildQueueReadSide, suspendQueueTriggers } from '../../db/sqlite/queue-schema';
import { bulkLoadPragmas, bulkReference, bulkWriter, type BulkCase, type BulkFlow } from '../../db/queries/bulk-seed';
import { nationalCodeFromNine } from '../../../src-shared/domain/identifiers';
import { makeTrackingCode } from '../../../src-shared/workflow/tracking';
import { transitionFor, type Action, type Stage } from '../../../src-shared/workflow/definition';
import { seededRandom } from './random';
import { FIRST_NAMES, LAST_NAMES, WORKSHOP_WORDS } from './names';
import { appendAudit } from '../audit/chain';
import { PATH_TO } from './paths';
import { DEFAULT_APPROVAL_CHECK_RIALS } from '../cases/parameters';


/** How the load spreads over stages (per mille). */
const STAGE_WEIGHTS: Array<[Stage, number]> = [
  ['draft', 30], ['submitted', 120], ['agency_review', 100], ['returned', 40], ['agency_approved', 120], ['agency_rejected', 60],
  ['bank_review', 100], ['documents_requested', 40], ['bank_approved', 80], ['bank_rejected', 40], ['disbursed', 120], ['closed', 120], ['withdrawn', 30],
];

const REASONS: Partial<Record<Action, string[]>> = {
  agency_return: ['کد فعالیت با مجوز هم‌خوانی ندارد؛ اصلاح شود.', 'نشانی یا کد پستی کارگاه ناقص است.'],
  agency_reject: ['فعالیت کارگاه در فهرست مشاغل آسیب‌دیده نیست.'],
  bank_reject: ['سابقهٔ چک برگشتی.'],
  request_documents: ['تصویر مجوز کسب خوانا نیست.'],
  withdraw: ['انصراف متقاضی.'],
};

const CREDIT_AFTER: Record<Stage, 'none' | 'reserved' | 'consumed' | 'released'> = {
  draft: 'none', withdrawn: 'none', submitted: 'reserved', agency_review: 'reserved', returned: 'reserved', agency_approved: 'reserved',
  bank_review: 'reserved', documents_requested: 'reserved', bank_approved: 'reserved', agency_rejected: 'released', bank_rejected: 'released',
  disbursed: 'consumed', closed: 'consumed',
};

const FATHER_NAMES = ['احمد', 'محمود', 'حسن', 'عباس', 'جواد', 'اکبر', 'قاسم', 'ناصر', 'منصور', 'غلامرضا'];
const NO_LOGIN = '!demo-account-without-password';
const DAY_MS = 86_400_000;
const BATCH = 5_000;
export const BULK_INTAKE_OFFICE = 'DEMO-INTAKE';

/**
 * Raised whenever what the generator writes changes (2: cases carry reached_branch_at), so a
 * database cached by an older one (the bench's) is made again rather than measured as it was.
 */
export const BULK_GENERATOR_VERSION = 2;

export interface BulkSeedResult { cases: number; byStage: Record<string, number>; seconds: number }

export async function bulkSeedDemo(
  database: Database,
  options: { cases: number; seed: number; endAt?: Date; spanDays?: number; onProgress?: (done: number) => void },
): Promise<BulkSeedResult> {
  const started = Date.now();
  const sqlite = database.sqlite;
  const ref = bulkReference(sqlite);
  if (ref.branches.length === 0) throw new Error('no branches: run "seed reference" first');
  const w = bulkWriter(sqlite);
  const random = seededRandom(options.seed);
  const endAt = (options.endAt ?? new Date()).getTime();
  const spanMs = (options.spanDays ?? 120) * DAY_MS;
  const nowIso = new Date(endAt).toISOString();

  const prefix = Number(ref.setting('tracking_prefix') ?? 9871);
  let sequence = Number(ref.setting('tracking_sequence') ?? 0);
  const branchLeft = new Map(ref.branches.map((b) => [b.code, b.remaining]));
  const institutionLeft = new Map(ref.institutions.map((i) => [i.code, i.remaining]));
  const creditMoves = new Map<string, { institution: string; branch: string | null; reserved: number; consumed: number }>();
  const move = (institution: string, branch: string | null, reserved: number, consumed: number) => {
    const key = `${institution}|${branch ?? ''}`;
    const m = creditMoves.get(key) ?? { institution, branch, reserved: 0, consumed: 0 };
    m.reserved += reserved;
    m.consumed += consumed;
    creditMoves.set(key, m);
  };

  const weightTotal = STAGE_WEIGHTS.reduce((s, [, n]) => s + n, 0);
  const pickStage = (): Stage => {
    let r = random.next() * weightTotal;
    for (const [stage, n] of STAGE_WEIGHTS) if ((r -= n) < 0) return stage;
    return 'closed';
  };

  type Who = { id: number; name: string; officeId: string };
  const people = new Map<string, Who>();
  const person = (username: string, role: string, officeId: string, kind: string, codes: { agency?: string; branch?: string }): Who => {
    const known = people.get(username);
    if (known) return known;
    w.office({ id: officeId, kind, name: officeId, agencyCode: codes.agency ?? null, branchCode: codes.branch ?? null, now: nowIso });
    const id = w.staff({ username, role, officeId, passwordHash: NO_LOGIN, now: nowIso });
    const who = { id, name: `${username} (نمونه)`, officeId };
    people.set(username, who);
    return who;
  };

  const restore = bulkLoadPragmas(sqlite);
  // Row-by-row triggers would cost more than the load itself: the read side is rebuilt set-wise after it.
  suspendQueueTriggers(sqlite);
  const byStage: Record<string, number> = {};
  const serialBase = 300_000_000 + ref.maxApplicantSerial + options.seed * 7_919;
  try {
    for (let start = 0; start < options.cases; start += BATCH) {
      const end = Math.min(options.cases, start + BATCH);
      w.transaction(() => {
        const clerk = person('demo-clerk', 'intake', BULK_INTAKE_OFFICE, 'intake', {});
        for (let i = start; i < end; i += 1) {
          const branch = ref.branches[Math.floor(random.next() * ref.branches.length)]!;
          const activity = random.pick(ref.activities);
          const agency = activity.agency_code;
          const workers = random.int(1, 5);
          const amount = workers * 60_000_000;
          let target = pickStage();
          const creditAfter = CREDIT_AFTER[target];
          if (creditAfter === 'reserved' || creditAfter === 'consumed') {
            const bl = branchLeft.get(branch.code);
            const il = institutionLeft.get(branch.institution_code) ?? 0;
            if ((bl !== null && bl !== undefined && bl < amount) || il < amount) target = 'draft';
            else {
              if (bl !== null && bl !== undefined) branchLeft.set(branch.code, bl - amount);
              institutionLeft.set(branch.institution_code, il - amount);
            }
          }
          const credit = CREDIT_AFTER[target];
          const hasBranchAllocation = branchLeft.get(branch.code) !== null && branchLeft.get(branch.code) !== undefined;
          if (credit === 'reserved' || credit === 'consumed') {
            const r = credit === 'reserved' ? amount : 0;
            const c = credit === 'consumed' ? amount : 0;
            move(branch.institution_code, null, r, c);
            if (hasBranchAllocation) move(branch.institution_code, branch.code, r, c);
          }

          const serial = serialBase + i;
          const nationalCode = nationalCodeFromNine(String(serial % 1_000_000_000).padStart(9, '0'));
          const caseId = `bulk-${options.seed}-${i}`;
          const applicantId = `bulk-a-${options.seed}-${i}`;
          const workshopId = `bulk-w-${options.seed}-${i}`;
          let t = endAt - spanMs + Math.floor(random.next() * spanMs * 0.6);
          const at = () => new Date(t).toISOString();
          const createdAt = at();
          const hasCode = random.next() < 0.5;
          const workshopCode = hasCode ? `${random.int(1, 9)}${random.digits(9)}` : null;
          w.applicant({
            id: applicantId, nationalCode, mobile: `09${random.pick(['12', '13', '19', '35', '36', '01', '02'])}${random.digits(7)}`,
            firstName: random.pick(FIRST_NAMES), lastName: random.pick(LAST_NAMES), fatherName: random.pick(FATHER_NAMES), officeId: BULK_INTAKE_OFFICE, at: createdAt,
          });
          w.workshop({
            id: workshopId, applicantId, workshopCode, identifier: workshopCode ?? nationalCode,
            name: `${random.pick(WORKSHOP_WORDS)} ${random.pick(LAST_NAMES)}`, address: `${branch.county_name_fa}، خیابان ${random.int(1, 40)}`,
            provinceCode: branch.province_code, countyCode: branch.county_code, postalCode: `${random.int(3, 9)}${random.digits(9)}`, workers, at: createdAt,
          });

          const reviewer = person(`demo-reviewer-${agency}`, 'agency_reviewer', `AG-${agency}`, 'agency', { agency });
          const officer = person(`demo-officer-${branch.code}`, 'branch_officer', `BR-${branch.code}`, 'branch', { branch: branch.code });
          const officer2 = person(`demo-officer2-${branch.code}`, 'branch_officer', `BR-${branch.code}`, 'branch', { branch: branch.code });
          const flows: BulkFlow[] = [{ case_id: caseId, at: createdAt, staff_id: clerk.id, staff_name: clerk.name, office_id: clerk.officeId, action: 'create', from_stage: null, to_stage: 'draft', reason: null, details: '{}' }];
          let stage: Stage = 'draft';
          let assignee: number | null = null;
          let trackingCode: string | null = null;
          let submittedAt: string | null = null;
          let reachedBranchAt: string | null = null;
          for (const action of PATH_TO[target]) {
            t = Math.min(endAt - 60_000, t + random.int(1, 96) * 3_600_000);
            const tr = transitionFor(action);
            const who = action === 'submit' || action === 'withdraw' ? clerk : action.includes('agency') ? reviewer : officer;
            const reasons = REASONS[action];
            const reason = reasons ? random.pick(reasons) : null;
            const needsChecker = tr.checker === 'always' || (tr.checker === 'aboveApprovalThreshold' && amount > DEFAULT_APPROVAL_CHECK_RIALS);
            let actor = who;
            let details = '{}';
            if (needsChecker) {
              flows.push({ case_id: caseId, at: at(), staff_id: who.id, staff_name: who.name, office_id: who.officeId, action: `request:${action}`, from_stage: stage, to_stage: stage, reason, details: '{}' });
              t += random.int(1, 8) * 3_600_000;
              actor = officer2;
              details = JSON.stringify({ makerStaffId: who.id, checkerStaffId: officer2.id });
            }
            flows.push({ case_id: caseId, at: at(), staff_id: actor.id, staff_name: actor.name, office_id: actor.officeId, action, from_stage: stage, to_stage: tr.to, reason, details });
            if (tr.effects.includes('issueTrackingCode') && !trackingCode) {
              sequence += 1;
              trackingCode = makeTrackingCode(prefix, sequence);
            }
            if (tr.effects.includes('assignToActor')) assignee = actor.id;
            if (tr.effects.includes('clearAssignee')) assignee = null;
            if (action === 'submit') submittedAt = at();
            // As the engine does: a branch sees a case only once it has reached it.
            if (tr.to === 'agency_approved' && !reachedBranchAt) reachedBranchAt = at();
            stage = tr.to;
          }
          const last = flows[flows.length - 1]!;
          const row: BulkCase = {
            id: caseId, tracking_code: trackingCode, applicant_id: applicantId, workshop_id: workshopId, stage, created_office_id: BULK_INTAKE_OFFICE,
            activity_code: activity.code, agency_code: agency, institution_code: branch.institution_code, branch_code: branch.code, requested_amount_rials: amount,
            credit_state: credit, credit_rials: credit === 'reserved' || credit === 'consumed' ? amount : 0,
            credit_branch_code: credit === 'none' ? null : hasBranchAllocation ? branch.code : null,
            credit_institution_code: credit === 'none' ? null : branch.institution_code,
            assignee_staff_id: assignee, version: flows.length, stage_entered_at: last.at, submitted_at: submittedAt, reached_branch_at: reachedBranchAt, created_at: createdAt, updated_at: last.at,
          };
          w.caseRow(row);
          for (const f of flows) w.flow(f);
          byStage[stage] = (byStage[stage] ?? 0) + 1;
        }
      });
      options.onProgress?.(end);
    }
    w.transaction(() => {
      for (const m of creditMoves.values()) w.credit(m.institution, m.branch, m.reserved, m.consumed);
      w.setting('tracking_sequence', String(sequence));
      if (!ref.setting('tracking_prefix')) w.setting('tracking_prefix', String(prefix));
    });
  } finally {
    rebuildQueueReadSide(sqlite);
    restore();
  }
  await appendAudit(database.db, { at: nowIso, staffId: null, officeId: null, action: 'demo.bulkSeed', entity: 'demo', payload: { cases: options.cases, seed: options.seed } });
  return { cases: options.cases, byStage, seconds: (Date.now() - started) / 1000 };
}
