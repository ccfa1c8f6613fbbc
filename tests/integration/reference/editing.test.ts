// Central's supervisor edits reference data (institutions, branches, activity categories and
// codes) through the API: each save is validated field by field (fa and en), refused anywhere
// but at central, audited, and reaches an intake office in central's next bundle.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { ApiError } from '../../../src-shared/api';
import { insertStaff } from '../../../src-main/db/queries/staff';
import { as, createOffice, dbCheck, link, receive, send, type Office } from '../sync/support';

let central: Office, intake: Office;
/** Seeded rows every office has: the harness's fixture. */
let county: string, agency: string, seededInstitution: string, seededActivity: string, demoBranch: string;

const dbOf = (o: Office) => o.h.app.database.db;

beforeAll(async () => {
  central = await createOffice('central', () => ({ id: 'CENTRAL' }));
  intake = await createOffice('intake', () => ({ id: 'INT-1' }));
  await link(central, intake);
  // The harness's staff belong to its intake office; central's own are added here (sessions start directly: no password is used).
  const now = central.h.clock.now().toISOString();
  for (const [username, role] of [['chief', 'supervisor'], ['central-auditor', 'auditor']] as const) {
    await insertStaff(dbOf(central), { username, displayName: username, role, officeId: 'CENTRAL', passwordHash: 'unused', mustChangePassword: false, now });
  }
  ({ countyCode: county, agencyCode: agency, institutionCode: seededInstitution, activityCode: seededActivity, branchCode: demoBranch } = central.h.fixture);
  // Every office has the seeded reference already: the first bundle's copy of it changes nothing.
  await receive(intake, await send(central, intake));
});

afterAll(async () => {
  for (const o of [central, intake]) await o?.h.close();
});

function refusal(r: { ok: true } | { ok: false; error: ApiError }): ApiError {
  expect(r.ok).toBe(false);
  return (r as { ok: false; error: ApiError }).error;
}

const issues = (e: ApiError) => (e.details as { issues: Array<{ field: string; message: string }> }).issues;

const institutionInput = { code: 'qarz-1', nameFa: 'صندوق قرض‌الحسنهٔ نمونه', nameEn: 'Sample loan fund', kind: 'credit_institution' as const };
const branchInput = () => ({ code: 'qarz-1.tehran-1', institutionCode: 'qarz-1', countyCode: county, nameFa: 'شعبهٔ مرکزی', nameEn: 'Head branch', addressFa: 'خیابان آزادی، پلاک ۱۲', phone: '۰۲۱-۶۶۰۰۱۲۳۴' });
const categoryInput = () => ({ code: '90', nameFa: 'گروه آزمایشی', nameEn: 'Trial category', agencyCode: agency, orderedClosed: false });
const activityInput = () => ({ code: '90-001', categoryCode: '90', nameFa: 'کارگاه آزمایشی', nameEn: 'Trial workshop', agencyCode: agency, isDriver: false });

async function auditOf(action: string, entityId: string) {
  const row = await dbOf(central).selectFrom('audit_events').select(['staff_id', 'office_id', 'entity', 'payload']).where('action', '=', action).where('entity_id', '=', entityId)
    .orderBy('id', 'desc').executeTakeFirstOrThrow();
  return { ...row, payload: JSON.parse(row.payload) as Record<string, unknown> };
}

describe('central edits reference data', () => {
  it('a central supervisor creates and edits an institution, a branch, a category and an activity code, each audited', async () => {
    const chief = await as(central, 'chief');
    expect(await chief.call('reference.createInstitution', institutionInput)).toEqual(institutionInput);
    expect(await chief.call('reference.updateInstitution', { ...institutionInput, nameEn: 'Sample loan fund (renamed)' })).toMatchObject({ nameEn: 'Sample loan fund (renamed)' });
    expect((await auditOf('reference.updateInstitution', 'qarz-1')).payload).toEqual({ changed: 'name_en' });

    // Typed text is stored normalised (Persian digits → Latin), as everywhere else.
    const branch = await chief.call('reference.createBranch', branchInput());
    expect(branch).toEqual({ ...branchInput(), addressFa: 'خیابان آزادی، پلاک 12', phone: '021-66001234', offered: true, isDemo: false });
    const moved = await chief.call('reference.updateBranch', { ...branchInput(), nameEn: 'Azadi branch', phone: '021 6600 9999', offered: false });
    expect(moved).toMatchObject({ nameEn: 'Azadi branch', phone: '021 6600 9999', offered: false, institutionCode: 'qarz-1' });
    const branchAudit = await auditOf('reference.updateBranch', 'qarz-1.tehran-1');
    // Names, addresses and phones are only said to have changed; codes and flags show from → to.
    expect(branchAudit).toMatchObject({ office_id: 'CENTRAL', entity: 'branch', payload: { changed: 'name_en,phone,offered', offered: '1 → 0' } });

    expect(await chief.call('reference.createCategory', categoryInput())).toEqual(categoryInput());
    expect(await chief.call('reference.updateCategory', { ...categoryInput(), orderedClosed: true })).toMatchObject({ orderedClosed: true });
    expect((await auditOf('reference.updateCategory', '90')).payload).toEqual({ changed: 'ordered_closed', ordered_closed: '0 → 1' });

    expect(await chief.call('reference.createActivityCode', activityInput())).toMatchObject({ ...activityInput(), categoryNameEn: 'Trial category', orderedClosed: true });
    const driver = await chief.call('reference.updateActivityCode', { ...activityInput(), nameEn: 'Trial taxi service', isDriver: true });
    expect(driver).toMatchObject({ nameEn: 'Trial taxi service', isDriver: true });
    expect((await auditOf('reference.updateActivityCode', '90-001')).payload).toEqual({ changed: 'name_en,is_driver', is_driver: '0 → 1' });
    // Found by its new name, as the intake screen searches.
    expect((await chief.call('reference.activityCodes', { query: 'taxi service', limit: 5 })).map((a) => a.code)).toEqual(['90-001']);

    // Seeded rows are edited the same way.
    const seeded = (await chief.call('reference.institutions', {})).find((i) => i.code === seededInstitution)!;
    await chief.call('reference.updateInstitution', { ...seeded, nameEn: 'Renamed at central' });
    const activity = (await chief.call('reference.activityCodes', { query: seededActivity, limit: 1 }))[0]!;
    await chief.call('reference.updateActivityCode', { ...activity, nameEn: 'Activity renamed at central' });

    const chiefId = (await dbOf(central).selectFrom('staff').select('id').where('username', '=', 'chief').executeTakeFirstOrThrow()).id;
    const actions = await dbOf(central).selectFrom('audit_events').select(['action', 'entity_id']).where('action', 'like', 'reference.%').where('staff_id', '=', chiefId).orderBy('id').execute();
    expect(actions.map((a) => `${a.action} ${a.entity_id}`)).toEqual([
      'reference.createInstitution qarz-1', 'reference.updateInstitution qarz-1',
      'reference.createBranch qarz-1.tehran-1', 'reference.updateBranch qarz-1.tehran-1',
      'reference.createCategory 90', 'reference.updateCategory 90',
      'reference.createActivityCode 90-001', 'reference.updateActivityCode 90-001',
      `reference.updateInstitution ${seededInstitution}`, `reference.updateActivityCode ${seededActivity}`,
    ]);
    expect(await dbCheck(central)).toEqual([]);
  });

  it('refuses invalid input field by field, in Persian and in English', async () => {
    for (const locale of ['en', 'fa'] as const) {
      const chief = await as(central, 'chief', locale);
      const bad = refusal(await chief.try('reference.createInstitution', { code: 'bad code!', nameFa: '  ', nameEn: '', kind: 'casino' as never }));
      expect(bad.code).toBe('validation');
      expect(issues(bad).map((i) => i.field)).toEqual(['code', 'nameFa', 'nameEn', 'kind']);
      const messages = issues(bad).map((i) => i.message);
      expect(messages).toEqual(locale === 'en'
        ? [
          'The code must be 1 to 64 Latin letters, digits, ".", "_" or "-", beginning with a letter or digit.',
          'Enter the Persian name.', 'Enter the English name.', 'Choose the kind of institution: a bank or a credit institution.',
        ]
        : [
          'کد باید ۱ تا ۶۴ نویسه از حرف لاتین، رقم، «.»، «_» یا «-» باشد و با حرف یا رقم آغاز شود.',
          'نام فارسی را بنویسید.', 'نام انگلیسی را بنویسید.', 'نوع مؤسسه را برگزینید: بانک یا مؤسسهٔ اعتباری.',
        ]);

      const phone = refusal(await chief.try('reference.createBranch', { ...branchInput(), code: 'b-phone', phone: 'call me' }));
      expect([phone.field, phone.message]).toEqual(['phone', locale === 'en'
        ? 'The phone number may hold only digits, spaces, "+", "-" and parentheses, at most 40 characters.'
        : 'شمارهٔ تلفن فقط رقم، فاصله، «+»، «-» و پرانتز دارد و حداکثر ۴۰ نویسه است.']);

      // What a row names must exist: the refusal names the field and the code.
      const named: Array<[string, Promise<{ ok: true } | { ok: false; error: ApiError }>, string, string]> = [
        ['countyCode', chief.try('reference.createBranch', { ...branchInput(), code: 'b-county', countyCode: '9999' }), 'No county has the code "9999".', 'شهرستانی با کد «9999» وجود ندارد.'],
        ['institutionCode', chief.try('reference.createBranch', { ...branchInput(), code: 'b-inst', institutionCode: 'no-bank' }), 'No bank or credit institution has the code "no-bank".', 'بانک یا مؤسسهٔ اعتباری با کد «no-bank» وجود ندارد.'],
        ['agencyCode', chief.try('reference.createCategory', { ...categoryInput(), code: '91', agencyCode: 'no-agency' }), 'No executive agency has the code "no-agency".', 'دستگاه اجرایی با کد «no-agency» وجود ندارد.'],
        ['categoryCode', chief.try('reference.createActivityCode', { ...activityInput(), code: '98-001', categoryCode: '98' }), 'No activity category has the code "98".', 'گروه فعالیتی با کد «98» وجود ندارد.'],
        ['agencyCode', chief.try('reference.updateActivityCode', { ...activityInput(), agencyCode: 'no-agency' }), 'No executive agency has the code "no-agency".', 'دستگاه اجرایی با کد «no-agency» وجود ندارد.'],
      ];
      for (const [field, call, en, fa] of named) {
        const e = refusal(await call);
        expect([e.code, e.field, e.message]).toEqual(['validation', field, locale === 'en' ? en : fa]);
      }

      // Codes are unique within their kind; an update needs a row to update.
      const taken = refusal(await chief.try('reference.createInstitution', { ...institutionInput, code: seededInstitution }));
      expect([taken.code, taken.field, taken.message]).toEqual(['conflict', 'code', locale === 'en'
        ? `The code "${seededInstitution}" is already another bank's or credit institution's.`
        : `کد «${seededInstitution}» پیش‌تر به بانک یا مؤسسهٔ دیگری داده شده است.`]);
      expect(refusal(await chief.try('reference.createActivityCode', activityInput()))).toMatchObject({ code: 'conflict', field: 'code' });
      expect(refusal(await chief.try('reference.updateCategory', { ...categoryInput(), code: '97' }))).toMatchObject({ code: 'not_found', field: 'code' });

      // A demo branch is every office's own placeholder: it never travels, so it is not edited.
      const demo = (await chief.call('reference.branches', { query: demoBranch, limit: 1 })).rows[0]!;
      expect(demo.isDemo).toBe(true);
      const e = refusal(await chief.try('reference.updateBranch', { ...demo, nameEn: 'Edited demo' }));
      expect([e.code, e.field]).toEqual(['refused', 'code']);
      expect(e.message).toContain(demoBranch);
    }
  });

  it("refuses an intake office's supervisor (with a reason, in both languages) and central's non-supervisors", async () => {
    const before = await dbOf(intake).selectFrom('institutions').selectAll().orderBy('code').execute();
    const en = refusal(await (await as(intake, 'supervisor')).try('reference.createInstitution', { ...institutionInput, code: 'office-made' }));
    expect([en.code, en.message]).toEqual(['forbidden', "Reference data (banks, branches, activity codes) is edited at central only: this office's copy is replaced by central's bundles, so a change made here would be lost."]);
    const fa = refusal(await (await as(intake, 'supervisor', 'fa')).try('reference.updateBranch', { ...branchInput(), code: demoBranch }));
    expect(fa.code).toBe('forbidden');
    expect(fa.message).toMatch(/^اطلاعات پایه .* فقط در مرکز ویرایش می‌شود/);
    // An account made under central's id on the intake office's own database (the CLI's `staff add` could) edits nothing either.
    await insertStaff(dbOf(intake), { username: 'rogue-chief', displayName: 'rogue', role: 'supervisor', officeId: 'CENTRAL', passwordHash: 'unused', mustChangePassword: false, now: intake.h.clock.now().toISOString() });
    expect(refusal(await (await as(intake, 'rogue-chief')).try('reference.createInstitution', { ...institutionInput, code: 'rogue-made' }))).toMatchObject({ code: 'forbidden', message: expect.stringContaining('central only') });
    expect(await dbOf(intake).selectFrom('institutions').selectAll().orderBy('code').execute()).toEqual(before);

    // At central: the auditor has no such right at all; a supervisor of another office there neither.
    expect(refusal(await (await as(central, 'central-auditor')).try('reference.createCategory', categoryInput()))).toMatchObject({ code: 'forbidden', message: 'You are not allowed to do this.' });
    expect(refusal(await (await as(central, 'clerk')).try('reference.createCategory', categoryInput()))).toMatchObject({ code: 'forbidden' });
    expect(refusal(await (await as(central, 'supervisor')).try('reference.updateCategory', categoryInput()))).toMatchObject({ code: 'forbidden', message: expect.stringContaining('central only') });
  });

  it('lists branches a page at a time, filtered by institution, county or text', async () => {
    const chief = await as(central, 'chief');
    const first = await chief.call('reference.branches', { institutionCode: seededInstitution, limit: 2 });
    expect(first.rows).toHaveLength(2);
    expect(first.rows.every((b) => b.institutionCode === seededInstitution)).toBe(true);
    const second = await chief.call('reference.branches', { institutionCode: seededInstitution, limit: 2, afterCode: first.nextAfterCode! });
    expect(second.rows[0]!.code > first.rows[1]!.code).toBe(true);
    const inCounty = await chief.call('reference.branches', { countyCode: county, institutionCode: 'qarz-1' });
    expect([inCounty.rows.map((b) => b.code), inCounty.nextAfterCode]).toEqual([['qarz-1.tehran-1'], null]);
    // LIKE's wildcards are taken literally.
    expect((await chief.call('reference.branches', { query: 'Azadi' })).rows.map((b) => b.code)).toEqual(['qarz-1.tehran-1']);
    expect((await chief.call('reference.branches', { query: '%' })).rows).toEqual([]);
    // Typed on an Arabic keyboard (ك, ي): folded to the stored Persian letters.
    expect((await chief.call('reference.branches', { institutionCode: 'qarz-1', query: 'مركزي' })).rows.map((b) => b.code)).toEqual(['qarz-1.tehran-1']);
  });

  it("travels: an intake office has central's new and changed rows after central's next bundle, and later edits after the one after", async () => {
    let r = await receive(intake, await send(central, intake));
    expect(r.status).toBe('applied');
    const i = dbOf(intake);
    const institution = (code: string) => i.selectFrom('institutions').selectAll().where('code', '=', code).executeTakeFirst();
    expect(await institution('qarz-1')).toEqual({ code: 'qarz-1', name_fa: institutionInput.nameFa, name_en: 'Sample loan fund (renamed)', kind: 'credit_institution' });
    expect(await institution(seededInstitution)).toMatchObject({ name_en: 'Renamed at central' });
    expect(await i.selectFrom('branches').selectAll().where('code', '=', 'qarz-1.tehran-1').executeTakeFirst()).toEqual({
      code: 'qarz-1.tehran-1', institution_code: 'qarz-1', county_code: county, name_fa: 'شعبهٔ مرکزی', name_en: 'Azadi branch',
      address_fa: 'خیابان آزادی، پلاک 12', phone: '021 6600 9999', is_demo: 0, offered: 0,
    });
    const clerk = await as(intake, 'clerk');
    expect(await clerk.call('reference.categories', {})).toContainEqual({ ...categoryInput(), orderedClosed: true });
    expect((await clerk.call('reference.activityCodes', { query: 'taxi service', limit: 5 }))).toEqual([
      expect.objectContaining({ code: '90-001', isDriver: true, orderedClosed: true, categoryCode: '90', agencyCode: agency }),
    ]);
    expect((await clerk.call('reference.activityCodes', { query: 'Activity renamed at central', limit: 5 })).map((a) => a.code)).toEqual([seededActivity]);

    // A later edit goes in the bundle after: the branch is offered again, under another county.
    const otherCounty = (await i.selectFrom('counties').select('code').where('code', '!=', county).orderBy('code').executeTakeFirstOrThrow()).code;
    const chief = await as(central, 'chief');
    await chief.call('reference.updateBranch', { ...branchInput(), countyCode: otherCounty, nameEn: 'Azadi branch', offered: true });
    r = await receive(intake, await send(central, intake));
    expect(r.summary.referenceUpdates).toBe(1);
    expect(await i.selectFrom('branches').select(['county_code', 'offered']).where('code', '=', 'qarz-1.tehran-1').executeTakeFirst()).toEqual({ county_code: otherCounty, offered: 1 });
    expect(await dbCheck(intake)).toEqual([]);
  });
});
