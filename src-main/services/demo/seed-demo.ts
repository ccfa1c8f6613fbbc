import type { Database } from '../../db/connection';
import type { Actor } from '../../api/types';
import { manualClock } from '../clock';
import { upsertOffice } from '../../db/queries/offices';
import { insertStaff, findStaffByUsername } from '../../db/queries/staff';
import { listAgencies } from '../../db/queries/reference';
import { demoTargets, loadDemoGeography } from '../../db/queries/demo';
import { nationalCodeFromNine } from '../../../src-shared/domain/identifiers';
import { STAGES, type Action, type Stage } from '../../../src-shared/workflow/definition';
import { act, confirmPending } from '../cases/engine';
import { intakeHandlers } from '../intake/handlers';
import { createDraftInput } from '../../../src-shared/api/intake';
import { seededRandom } from './random';
import { PATH_TO } from './paths';
import { FEMALE_FIRST_NAMES, FIRST_NAMES, LAST_NAMES, MALE_FIRST_NAMES, WORKSHOP_WORDS } from './names';
import { findApplicantByNationalCode, upsertRegistryRecord } from '../../db/queries/intake';
import { appendAudit } from '../audit/chain';
import { passwordsAt } from '../auth/passwords';


const REASONS: Partial<Record<Action, string>> = {
  agency_return: 'کد فعالیت با مجوز هم‌خوانی ندارد؛ اصلاح شود.',
  agency_reject: 'فعالیت کارگاه در فهرست مشاغل آسیب‌دیده نیست.',
  bank_reject: 'سابقهٔ چک برگشتی.',
  request_documents: 'تصویر مجوز کسب خوانا نیست.',
  withdraw: 'انصراف متقاضی.',
};

export const DEMO_INTAKE_OFFICE = 'DEMO-INTAKE';
/** Demo staff have no usable password: a supervisor sets one (staff add) to log in as them. */
const NO_LOGIN = '!demo-account-without-password';

/** People at the counter who are in the registry but have not applied yet. */
const WALK_INS = 20;

/**
 * The civil registry's record of a person (what a clerk's registry lookup finds), drawn from its
 * own generator so the demo's cases stay what they were for a given seed.
 */
async function addRegistryRecord(db: Database['db'], random: ReturnType<typeof seededRandom>, person: { nationalCode: string; firstName: string; lastName: string }, at: string) {
  const birth = new Date(Date.UTC(random.int(1950, 2000), random.int(0, 11), random.int(1, 28)));
  await upsertRegistryRecord(db, {
    national_code: person.nationalCode, first_name: person.firstName, last_name: person.lastName, father_name: random.pick(MALE_FIRST_NAMES),
    birth_date: birth.toISOString().slice(0, 10), gender: FEMALE_FIRST_NAMES.has(person.firstName) ? 'female' : 'male', source: 'demo', updated_at: at,
  });
}

/**
 * A deterministic synthetic office: applicants with valid national codes and mobiles,
 * workshops, and cases spread over every stage, each moved there by the real engine (so
 * credit, tracking codes and case flow are real), plus objection tickets; the registry holds
 * every applicant and a few people who have not applied yet (returned, to try at the counter).
 */
export async function seedDemo(database: Database, options: { cases: number; seed: number; startAt?: Date }) {
  const db = database.db;
  const random = seededRandom(options.seed);
  const registryRandom = seededRandom(options.seed ^ 0x5eed);
  const clock = manualClock(options.startAt ?? new Date('2020-07-01T05:00:00Z'));
  const now = () => clock.now().toISOString();
  const geography = await loadDemoGeography(db);
  if (geography.length === 0) throw new Error('no branches: run "seed reference" first');

  const actors = new Map<string, Actor>();
  const actorFor = async (officeId: string, kind: Actor['officeKind'], role: Actor['role'], username: string, codes: { agencyCode?: string; branchCode?: string }) => {
    const key = username;
    const known = actors.get(key);
    if (known) return known;
    await upsertOffice(db, { id: officeId, kind, nameFa: `${officeId} (نمونه)`, nameEn: `${officeId} (demo)`, agencyCode: codes.agencyCode ?? null, branchCode: codes.branchCode ?? null, now: now() });
    const existing = await findStaffByUsername(db, username);
    const staffId = existing?.id ?? (await insertStaff(db, { username, displayName: `${username} (نمونه)`, role, officeId, passwordHash: NO_LOGIN, mustChangePassword: true, now: now() }));
    const actor: Actor = {
      staffId, username, displayName: `${username} (نمونه)`, role, officeId, officeKind: kind, officeNameFa: officeId, officeNameEn: officeId,
      agencyCode: codes.agencyCode ?? null, branchCode: codes.branchCode ?? null, mustChangePassword: false, sessionId: 'demo',
    };
    actors.set(key, actor);
    return actor;
  };
  const clerk = await actorFor(DEMO_INTAKE_OFFICE, 'intake', 'intake', 'demo-clerk', {});
  const agencies = await listAgencies(db);
  const tally: Record<string, number> = {};

  for (let i = 0; i < options.cases; i += 1) {
    const place = random.pick(geography);
    const target = random.pick(STAGES);
    const nationalCode = nationalCodeFromNine(String(random.int(1, 999_999_999)).padStart(9, '0'));
    const hasCode = random.next() < 0.5;
    const workers = random.int(1, 5);
    const input = createDraftInput.parse({
      applicant: {
        nationalCode, mobile: `09${random.pick(['12', '13', '19', '35', '36', '01', '02'])}${random.digits(7)}`,
        firstName: random.pick(FIRST_NAMES), lastName: random.pick(LAST_NAMES),
        rulesAcknowledged: true, registryVerified: true, mobileConfirmedBy: 'sms_code',
      },
      workshop: {
        workshopCode: hasCode ? random.digits(10) : null, name: `${random.pick(WORKSHOP_WORDS)} ${random.pick(LAST_NAMES)}`,
        address: `${place.countyNameFa}، خیابان ${random.int(1, 40)}`, provinceCode: place.provinceCode, countyCode: place.countyCode,
        postalCode: `${Array.from({ length: 5 }, () => random.pick(AREA_DIGITS)).join('')}${random.digits(5)}`, uninsuredWorkers: workers,
      },
      activityCode: place.activityCode, permit: { has: false },
      institutionCode: place.institutionCode, branchCode: place.branchCode,
      requestedAmountToman: workers * 6_000_000,
    });
    clock.advance(random.int(1, 90) * 60_000);
    await addRegistryRecord(db, registryRandom, { nationalCode, firstName: input.applicant.firstName!, lastName: input.applicant.lastName! }, now());
    const summary = await db.transaction().execute((trx) => intakeHandlers['intake.createDraft'](input, { db: trx, actor: clerk, session: NO_SESSION, clock, locale: 'fa', passwords: DEMO_PASSWORDS }));
    const identifier = input.workshop!.workshopCode ?? nationalCode;
    await demoTargets.markEligible(db, identifier, now());
    const agency = agencies.find((a) => a.code === place.agencyCode)!;
    const reviewer = await actorFor(`AG-${agency.code}`, 'agency', 'agency_reviewer', `demo-reviewer-${agency.code}`, { agencyCode: agency.code });
    const reviewer2 = await actorFor(`AG-${agency.code}`, 'agency', 'agency_reviewer', `demo-reviewer2-${agency.code}`, { agencyCode: agency.code });
    const officer = await actorFor(`BR-${place.branchCode}`, 'branch', 'branch_officer', `demo-officer-${place.branchCode}`, { branchCode: place.branchCode });
    const officer2 = await actorFor(`BR-${place.branchCode}`, 'branch', 'branch_officer', `demo-officer2-${place.branchCode}`, { branchCode: place.branchCode });
    const actorOf = (action: Action): Actor =>
      action === 'submit' || action === 'withdraw' ? clerk : action.includes('agency') ? reviewer : officer;
    let reached: Stage = 'draft';
    try {
      await db.transaction().execute(async (trx) => {
        let version = summary.version;
        for (const action of PATH_TO[target]) {
          clock.advance(random.int(1, 72) * 3_600_000);
          const row = await act(trx, actorOf(action), clock, { caseId: summary.id, action, expectedVersion: version, reason: REASONS[action] });
          version = row.version;
          if (row.pending_action) {
            const checker = actorOf(action) === reviewer ? reviewer2 : officer2;
            version = (await confirmPending(trx, checker, clock, summary.id, version)).version;
          }
          reached = (await trx.selectFrom('cases').select('stage').where('id', '=', summary.id).executeTakeFirstOrThrow()).stage as Stage;
        }
      });
    } catch {
      reached = 'draft'; // e.g. the demo branch ran out of credit: the case stays a draft
    }
    tally[reached] = (tally[reached] ?? 0) + 1;
    if (reached === 'draft' && random.next() < 0.3) {
      await demoTargets.markIneligibleWithTicket(db, { identifier, applicantId: (await demoTargets.applicantOf(db, summary.id))!, caseId: summary.id, officeId: DEMO_INTAKE_OFFICE, agencyCode: place.agencyCode, at: now(), number: i + 1 });
    }
  }
  const walkIns: string[] = [];
  while (walkIns.length < WALK_INS) {
    const nationalCode = nationalCodeFromNine(String(registryRandom.int(1, 999_999_999)).padStart(9, '0'));
    if (await findApplicantByNationalCode(db, nationalCode)) continue;
    await addRegistryRecord(db, registryRandom, { nationalCode, firstName: registryRandom.pick(FIRST_NAMES), lastName: registryRandom.pick(LAST_NAMES) }, now());
    walkIns.push(nationalCode);
  }
  await appendAudit(db, { at: new Date().toISOString(), staffId: null, officeId: null, action: 'demo.seed', entity: 'demo', payload: { cases: options.cases, seed: options.seed } });
  return { cases: options.cases, byStage: tally, walkIns };
}

/** Iran Post: the area part of a postal code never holds 0 or 2. */
const AREA_DIGITS = ['1', '3', '4', '5', '6', '7', '8', '9'];
const NO_SESSION = { token: () => undefined, set() {}, clear() {} };
const DEMO_PASSWORDS = passwordsAt();
