// A real app on a real SQLite file in a temp folder, with offices and staff of every kind,
// and a caller that goes through the router exactly as a screen would.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { openApp, type App } from '../../src-main/app';
import { manualClock } from '../../src-main/services/clock';
import { seedReference } from '../../src-main/services/reference/seed-reference';
import { upsertOffice } from '../../src-main/db/queries/offices';
import { insertStaff } from '../../src-main/db/queries/staff';
import { CURRENT_SCRYPT, hashPassword, type ScryptCost } from '../../src-main/services/auth/passwords';
import type { InputOf, MethodName, OutputOf, Role, ApiError } from '../../src-shared/api';
import type { SessionPort } from '../../src-main/api/types';

export const TEST_PASSWORD = 'Test-password-2020';
/**
 * scrypt at 2^10 instead of OWASP's 2^17 (0.7 s of a core per hash here, over a hundred hashes
 * in the suite): the same code, cheaper. The sign-in tests (auth.test.ts) use the real cost.
 */
export const TEST_PASSWORD_COST: ScryptCost = { N: 2 ** 10, r: 8, p: 1, keyLength: 32 };

export interface Caller {
  call<M extends MethodName>(method: M, input: InputOf<M>): Promise<OutputOf<M>>;
  /** The raw result, for asserting refusals. */
  try<M extends MethodName>(method: M, input: InputOf<M>): Promise<{ ok: true; data: OutputOf<M> } | { ok: false; error: ApiError }>;
}

export interface Harness {
  app: App;
  dir: string;
  clock: ReturnType<typeof manualClock>;
  /** The demo county/branch/agency the fixtures use. */
  fixture: { countyCode: string; provinceCode: string; institutionCode: string; branchCode: string; otherBranchCode: string; activityCode: string; agencyCode: string };
  anonymous(): Caller;
  signIn(username: string, password?: string, locale?: 'fa' | 'en'): Promise<Caller>;
  close(): Promise<void>;
}

/** The staff's hash, made once per cost. */
const staffHashes = new Map<number, Promise<string>>();

export function callerFor(app: App, locale: 'fa' | 'en' = 'en'): Caller & { session: SessionPort } {
  let token: string | undefined;
  const session: SessionPort = { token: () => token, set: (t) => void (token = t), clear: () => void (token = undefined) };
  const raw = (method: string, input: unknown) => app.router.call(method, input, { locale, session, host: 'http' });
  return {
    session,
    async call(method, input) {
      const r = await raw(method, input);
      if (!r.ok) throw new Error(`${method} refused: ${r.error.code} ${r.error.message}`);
      return r.data as never;
    },
    try: (method, input) => raw(method, input) as never,
  };
}

/** Staff usernames: clerk, clerk2 (intake); reviewer, reviewer2 (the agency); officer, officer2 (the branch); officer-other (another branch); supervisor; auditor. */
export async function createHarness(options: { seedStaff?: boolean; realPasswordCost?: boolean } = {}): Promise<Harness> {
  const dir = mkdtempSync(join(tmpdir(), 'kara-test-'));
  const clock = manualClock(new Date('2020-08-01T06:30:00Z'));
  // The real cost is openApp's own default, so the sign-in tests also check that default.
  const passwordCost = options.realPasswordCost ? CURRENT_SCRYPT : TEST_PASSWORD_COST;
  const app = await openApp({ dbPath: join(dir, 'kara.sqlite'), clock, ...(options.realPasswordCost ? {} : { passwordCost }) });
  const db = app.database.db;
  const now = clock.now().toISOString();
  await db.transaction().execute((trx) => seedReference(trx, now));

  const branch = await db.selectFrom('branches').selectAll().orderBy('code').executeTakeFirstOrThrow();
  const other = await db.selectFrom('branches').selectAll().where('county_code', '=', branch.county_code).where('code', '!=', branch.code).orderBy('code').executeTakeFirstOrThrow();
  const county = await db.selectFrom('counties').selectAll().where('code', '=', branch.county_code).executeTakeFirstOrThrow();
  const activity = await db.selectFrom('activity_codes').selectAll().where('is_driver', '=', 0).orderBy('code').executeTakeFirstOrThrow();
  const fixture = {
    countyCode: county.code, provinceCode: county.province_code, institutionCode: branch.institution_code, branchCode: branch.code,
    otherBranchCode: other.code, activityCode: activity.code, agencyCode: activity.agency_code,
  };

  if (options.seedStaff !== false) {
    if (!staffHashes.has(passwordCost.N)) staffHashes.set(passwordCost.N, hashPassword(TEST_PASSWORD, passwordCost));
    const hash = await staffHashes.get(passwordCost.N)!;
    await upsertOffice(db, { id: 'INT-1', kind: 'intake', nameFa: 'دفتر پذیرش ۱', nameEn: 'Intake office 1', now });
    await upsertOffice(db, { id: 'INT-2', kind: 'intake', nameFa: 'دفتر پذیرش ۲', nameEn: 'Intake office 2', now });
    await upsertOffice(db, { id: `AG-${fixture.agencyCode}`, kind: 'agency', nameFa: 'دستگاه', nameEn: 'Agency', agencyCode: fixture.agencyCode, now });
    await upsertOffice(db, { id: `BR-${branch.code}`, kind: 'branch', nameFa: 'شعبه', nameEn: 'Branch', branchCode: branch.code, now });
    await upsertOffice(db, { id: `BR-${other.code}`, kind: 'branch', nameFa: 'شعبه دیگر', nameEn: 'Other branch', branchCode: other.code, now });
    await upsertOffice(db, { id: 'CENTRAL', kind: 'central', nameFa: 'مرکز', nameEn: 'Central', now });
    const staff: Array<[string, Role, string]> = [
      ['clerk', 'intake', 'INT-1'], ['clerk2', 'intake', 'INT-1'], ['clerk-other', 'intake', 'INT-2'],
      ['reviewer', 'agency_reviewer', `AG-${fixture.agencyCode}`], ['reviewer2', 'agency_reviewer', `AG-${fixture.agencyCode}`],
      ['officer', 'branch_officer', `BR-${branch.code}`], ['officer2', 'branch_officer', `BR-${branch.code}`],
      ['officer-other', 'branch_officer', `BR-${other.code}`],
      ['supervisor', 'supervisor', 'INT-1'], ['auditor', 'auditor', 'INT-1'],
    ];
    for (const [username, role, officeId] of staff) {
      await insertStaff(db, { username, displayName: username, role, officeId, passwordHash: hash, mustChangePassword: false, now });
    }
  }

  return {
    app, dir, clock, fixture,
    anonymous: () => callerFor(app),
    async signIn(username, password = TEST_PASSWORD, locale = 'en') {
      const caller = callerFor(app, locale);
      await caller.call('auth.login', { username, password });
      return caller;
    },
    async close() {
      await app.close();
      rmSync(dir, { recursive: true, force: true });
    },
  };
}

/** A complete draft in the harness's county, ready to submit (the workshop is on the eligibility list). */
export async function eligibleWorkshop(h: Harness, identifier: string): Promise<void> {
  await h.app.database.db.insertInto('eligibility_list').values({ workshop_identifier: identifier, status: 'eligible', source: 'test', updated_at: h.clock.now().toISOString() }).onConflict((oc) => oc.column('workshop_identifier').doUpdateSet({ status: 'eligible' })).execute();
}

let nationalSeq = 100000;
export function nextNationalCode(): string {
  nationalSeq += 7;
  const nine = String(nationalSeq).padStart(9, '0');
  let sum = 0;
  for (let i = 0; i < 9; i += 1) sum += Number(nine[i]) * (10 - i);
  const r = sum % 11;
  return `${nine}${r < 2 ? r : 11 - r}`;
}

export function completeDraft(h: Harness, overrides: Partial<InputOf<'intake.createDraft'>> = {}): InputOf<'intake.createDraft'> {
  const nationalCode = nextNationalCode();
  return {
    applicant: {
      nationalCode, mobile: '09121234567', firstName: 'علی', lastName: 'رضایی',
      rulesAcknowledged: true, registryVerified: true, mobileConfirmedBy: 'sms_code',
    },
    workshop: {
      workshopCode: null, name: 'کارگاه خیاطی', address: 'خیابان اصلی', provinceCode: h.fixture.provinceCode,
      countyCode: h.fixture.countyCode, postalCode: '1345678901', uninsuredWorkers: 2,
    },
    activityCode: h.fixture.activityCode,
    permit: { has: false },
    institutionCode: h.fixture.institutionCode,
    branchCode: h.fixture.branchCode,
    requestedAmountToman: 10_000_000,
    ...overrides,
  };
}
