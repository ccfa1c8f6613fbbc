// Prepares the e2e database for the ticket tests (run with tsx against a migrated database
// that has the reference data): an intake office and an agency with staff, and two draft
// cases through the real router — one whose workshop is not on the eligibility list, one
// marked with a red cross. Prints the ids as JSON.
import { openApp } from '../../src-main/app';
import { upsertOffice } from '../../src-main/db/queries/offices';
import { insertStaff } from '../../src-main/db/queries/staff';
import { hashPassword } from '../../src-main/services/auth/passwords';
import { callerFor, nextNationalCode } from './harness';

const [dbPath, password] = process.argv.slice(2);
if (!dbPath || !password) throw new Error('usage: ticket-e2e-seed.ts DB_PATH PASSWORD');

const app = await openApp({ dbPath });
try {
  const db = app.database.db;
  const now = new Date().toISOString();
  const branch = await db.selectFrom('branches').selectAll().orderBy('code').executeTakeFirstOrThrow();
  const county = await db.selectFrom('counties').selectAll().where('code', '=', branch.county_code).executeTakeFirstOrThrow();
  const activity = await db.selectFrom('activity_codes').selectAll().where('is_driver', '=', 0).orderBy('code').executeTakeFirstOrThrow();
  await upsertOffice(db, { id: 'INT-1', kind: 'intake', nameFa: 'دفتر پذیرش ۱', nameEn: 'Intake office 1', now });
  await upsertOffice(db, { id: `AG-${activity.agency_code}`, kind: 'agency', nameFa: 'دستگاه اجرایی', nameEn: 'Executive agency', agencyCode: activity.agency_code, now });
  const hash = await hashPassword(password);
  await insertStaff(db, { username: 'clerk', displayName: 'زهرا احمدی', role: 'intake', officeId: 'INT-1', passwordHash: hash, mustChangePassword: false, now });
  await insertStaff(db, { username: 'reviewer', displayName: 'حسین موسوی', role: 'agency_reviewer', officeId: `AG-${activity.agency_code}`, passwordHash: hash, mustChangePassword: false, now });

  const clerk = callerFor(app, 'fa');
  await clerk.call('auth.login', { username: 'clerk', password });
  const draft = async (firstName: string, lastName: string) => {
    const nationalCode = nextNationalCode();
    const c = await clerk.call('intake.createDraft', {
      applicant: { nationalCode, mobile: '09121234567', firstName, lastName, rulesAcknowledged: true, registryVerified: true, mobileConfirmedBy: 'sms_code' },
      workshop: { workshopCode: null, name: 'کارگاه خیاطی', address: 'خیابان اصلی', provinceCode: county.province_code, countyCode: county.code, postalCode: '1345678901', uninsuredWorkers: 2 },
      activityCode: activity.code,
      permit: { has: false },
      institutionCode: branch.institution_code,
      branchCode: branch.code,
      requestedAmountToman: 10_000_000,
    });
    return { caseId: c.id, version: c.version, nationalCode };
  };
  const notFound = await draft('علی', 'رضایی');
  const redCross = await draft('مریم', 'کاظمی');
  await db.insertInto('eligibility_list').values({ workshop_identifier: redCross.nationalCode, status: 'ineligible', source: 'SSO 1399-02', updated_at: now }).execute();
  process.stdout.write(JSON.stringify({ notFound, redCross }) + '\n');
} finally {
  await app.close();
}
