import { test, expect, startHost, expectAccessible } from '../support/host';
import type { Page } from '@playwright/test';
import {
  addRegistry, checkStep, lastSmsCode, login, newNationalCode, persianDigits, prepareOffice, setEligibility, starveBranch, tr, type Lang, type Place,
} from './fixtures';

let host: Awaited<ReturnType<typeof startHost>>;
let place: Place;

test.beforeAll(async () => {
  test.setTimeout(180_000);
  host = await startHost((cli) => cli(['seed', 'reference']));
  place = prepareOffice(host.dbPath, host.cli);
});
test.afterAll(async () => host?.stop());

interface Applicant {
  nationalCode: string;
  mobile: string;
  workshopCode: string | null;
  registry: boolean;
  /** No phone at hand: the clerk confirms the mobile by the SIM ownership certificate. */
  mobileInPerson?: boolean;
}

const escapeRegExp = (s: string) => s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');

const continueButton = (page: Page, lang: Lang) => page.getByRole('button', { name: tr(lang)('intake.continue') });

/** From the find box to the identity step of a new draft (rules acknowledged, identity typed). */
async function startDraft(page: Page, lang: Lang, a: Applicant, shots: boolean) {
  const t = tr(lang);
  const shot = (name: string) => (shots ? name : null);
  await expect(page.getByRole('heading', { name: t('intake.find.title') })).toBeVisible();
  await expectAccessible(page);
  if (shots) await page.screenshot({ path: 'test-results/screens/intake-01-find.png', fullPage: true });
  // Find: nothing yet for this national code (typed in Persian digits).
  await page.getByLabel(t('intake.find.label'), { exact: true }).fill(persianDigits(a.nationalCode));
  await page.getByLabel(t('intake.find.label'), { exact: true }).press('Enter');
  await expect(page.getByText(t('intake.find.none'))).toBeVisible();
  await page.getByRole('button', { name: t('intake.find.start') }).click();

  // Rules: going on without the acknowledgement is refused in place.
  await checkStep(page, lang, 'intake.rules.title', shot('02-rules'));
  await continueButton(page, lang).click();
  await expect(page.getByText(t('intake.rules.mustAcknowledge'))).toBeVisible();
  await page.getByLabel(t('intake.rules.acknowledge'), { exact: true }).check();
  await continueButton(page, lang).click();

  // Identity.
  await expect(page.getByRole('heading', { name: t('intake.step.identity'), level: 2 })).toBeVisible();
  await page.getByLabel(t('intake.identity.nationalCode'), { exact: true }).fill(lang === 'fa' ? persianDigits(a.nationalCode) : a.nationalCode);
  await page.getByLabel(t('intake.identity.mobile'), { exact: true }).fill(a.mobile);
  if (a.registry) {
    await expect(page.getByTestId('registry-card')).toContainText(t('intake.identity.toVerify'));
    await page.getByLabel(t('intake.identity.registryVerified'), { exact: true }).check();
  } else {
    await expect(page.getByText(t('intake.identity.registryNone'))).toBeVisible();
    await page.getByLabel(t('intake.identity.registryVerified'), { exact: true }).check();
  }
  await checkStep(page, lang, 'intake.step.identity', shot('03-identity'));
  // Enter saves and continues.
  await page.getByLabel(t('intake.identity.mobile'), { exact: true }).press('Enter');
  await expect(page).toHaveURL(/#\/intake\/case\/[\w-]+\/identity$/);
  const caseId = /case\/([\w-]+)\//.exec(page.url())![1]!;

  if (a.mobileInPerson) {
    // Mobile ownership in person: refused until the certificate is ticked as seen.
    const inPerson = page.getByRole('button', { name: t('intake.mobile.inPerson.confirm') });
    await inPerson.click();
    await expect(page.getByText(t('intake.mobile.inPerson.required'))).toBeVisible();
    await page.getByLabel(t('intake.mobile.inPerson.check'), { exact: true }).check();
    await inPerson.click();
    await expect(page.getByTestId('mobile-confirmed')).toContainText(t('intake.mobile.confirmedInPerson'));
  } else {
    // Mobile ownership: a code sent through the outbox adapter and read back by the applicant.
    await page.getByRole('button', { name: t('intake.mobile.send') }).click();
    const codeField = page.getByLabel(t('intake.mobile.code'), { exact: true });
    await expect(codeField).toBeFocused();
    await codeField.fill('000000' === lastSmsCode(host.dbPath, a.mobile) ? '111111' : '000000');
    await codeField.press('Enter');
    await expect(page.getByText(t('intake.mobileCode.wrong', { left: 4 }))).toBeVisible();
    await codeField.fill(lastSmsCode(host.dbPath, a.mobile));
    await codeField.press('Enter');
    await expect(page.getByTestId('mobile-confirmed')).toContainText(t('intake.mobile.confirmed'));
  }
  await expectAccessible(page);
  if (shots) await page.screenshot({ path: 'test-results/screens/intake-04-mobile-confirmed.png', fullPage: true });
  await continueButton(page, lang).click();
  return caseId;
}

async function accountAndPersonal(page: Page, lang: Lang, shots: boolean, a: Applicant) {
  const t = tr(lang);
  await checkStep(page, lang, 'intake.account.title', null);
  await page.getByRole('radio', { name: t('common.yes') }).check();
  const password = page.getByLabel(t('intake.account.password'), { exact: true });
  await password.fill('kara');
  await expect(page.getByText(t('intake.password.strength', { level: t('intake.password.level.0') }))).toBeVisible();
  await continueButton(page, lang).click();
  await expect(page.getByText(t('intake.password.pattern'))).toBeVisible();
  await password.fill('Kara2020-desk');
  await expect(page.getByText(t('intake.password.strength', { level: t('intake.password.level.4') }))).toBeVisible();
  await checkStep(page, lang, 'intake.account.title', shots ? '05-account' : null);
  await password.press('Enter');

  await checkStep(page, lang, 'intake.personal.title', null);
  if (a.registry) {
    await expect(page.getByLabel(t('intake.field.firstName'), { exact: true })).toBeDisabled();
  } else {
    await page.getByLabel(t('intake.field.firstName'), { exact: true }).fill(lang === 'fa' ? 'رضا' : 'Reza');
    await page.getByLabel(t('intake.field.lastName'), { exact: true }).fill(lang === 'fa' ? 'مرادی' : 'Moradi');
    await page.getByLabel(t('intake.field.fatherName'), { exact: true }).fill(lang === 'fa' ? 'حسین' : 'Hossein');
    await page.getByLabel(t('intake.field.birthDate'), { exact: true }).fill('1360/06/31');
    await page.getByLabel(t('intake.field.gender'), { exact: true }).selectOption('male');
  }
  await page.getByLabel(t('intake.field.homeAddress'), { exact: true }).fill(lang === 'fa' ? 'تهران، خیابان ولیعصر، کوچهٔ بهار، پلاک ۱۲' : 'Tehran, Valiasr St, No. 12');
  await checkStep(page, lang, 'intake.personal.title', shots ? '06-personal' : null);
  await continueButton(page, lang).click();
}

async function workshop(page: Page, lang: Lang, shots: boolean, a: Applicant, expected: 'eligible' | 'ineligible') {
  const t = tr(lang);
  await checkStep(page, lang, 'intake.step.workshop', null);
  if (a.workshopCode) {
    await page.getByRole('radio', { name: t('common.yes') }).check();
    await page.getByLabel(t('intake.workshop.code'), { exact: true }).fill(a.workshopCode);
  } else {
    await page.getByRole('radio', { name: t('common.no') }).check();
    await expect(page.getByText(t('intake.workshop.noCodeHint'))).toBeVisible();
  }
  await continueButton(page, lang).click();
  // The eligibility status appears at once, on this step.
  await expect(page.getByTestId('eligibility')).toHaveText(t(`intake.eligibility.${expected}`));
  await checkStep(page, lang, 'intake.step.workshop', shots ? '07-workshop' : null);
}

async function workshopToBank(page: Page, lang: Lang, shots: boolean) {
  const t = tr(lang);
  await continueButton(page, lang).click();
  await checkStep(page, lang, 'intake.step.workshopDetails', null);
  await page.getByLabel(t('intake.field.workshopName'), { exact: true }).fill(lang === 'fa' ? 'خیاطی بهار' : 'Bahar tailoring');
  await page.getByLabel(t('intake.field.province'), { exact: true }).selectOption(place.provinceCode);
  await page.getByLabel(t('intake.field.county'), { exact: true }).selectOption(place.countyCode);
  await page.getByLabel(t('intake.field.workshopAddress'), { exact: true }).fill(lang === 'fa' ? 'بازار بزرگ، راستهٔ خیاطان، پلاک ۴' : 'Grand bazaar, tailors row, No. 4');
  await page.getByLabel(t('intake.field.postalCode'), { exact: true }).fill(persianDigits('1345678901'));
  await page.getByLabel(t('intake.field.workers'), { exact: true }).fill(lang === 'fa' ? '۲' : '2');
  await page.getByLabel(t('intake.field.activityDescription'), { exact: true }).fill(lang === 'fa' ? 'دوخت پوشاک زنانه' : 'Tailoring women\'s clothes');
  await checkStep(page, lang, 'intake.step.workshopDetails', shots ? '08-workshop-details' : null);
  await continueButton(page, lang).click();

  await checkStep(page, lang, 'intake.step.activity', null);
  const search = page.getByLabel(t('intake.activity.search'), { exact: true });
  await search.fill(lang === 'fa' ? 'خیاط' : 'tailor');
  const firstPick = page.getByRole('list', { name: t('intake.activity.results') }).getByRole('button').first();
  await expect(firstPick).toBeVisible();
  await search.press('Enter');
  await expect(page.getByTestId('activity-chosen')).toContainText(t('intake.activity.agency', { agency: '' }).trim());
  await page.getByLabel(t('intake.field.amount'), { exact: true }).fill(lang === 'fa' ? '۱۲٬۰۰۰٬۰۰۰' : '12,000,000');
  await checkStep(page, lang, 'intake.step.activity', shots ? '09-activity' : null);
  await continueButton(page, lang).click();

  await checkStep(page, lang, 'intake.step.permits', null);
  await page.getByRole('radio', { name: t('common.yes') }).check();
  await page.getByLabel(t('intake.field.permitDate'), { exact: true }).fill('1399/13/01');
  await continueButton(page, lang).click();
  // Every invalid field says so in its own place: the empty ones and the impossible date.
  for (const key of ['intake.field.permitType', 'intake.field.permitNumber', 'intake.field.permitIssuer']) {
    await expect(page.getByLabel(t(key), { exact: true })).toHaveAccessibleDescription(t('validation.required'));
  }
  await expect(page.getByLabel(t('intake.field.permitDate'), { exact: true })).toHaveAccessibleDescription(new RegExp(escapeRegExp(t('validation.date'))));
  await expect(page.getByText(t('validation.date'))).toBeVisible();
  await expect(page.getByRole('heading', { name: t('intake.step.permits'), level: 2 })).toBeVisible();
  await page.getByRole('radio', { name: t('common.no') }).check();
  await checkStep(page, lang, 'intake.step.permits', shots ? '10-permits' : null);
  await continueButton(page, lang).click();

  await checkStep(page, lang, 'intake.step.bankBranch', null);
  await page.getByLabel(t('intake.bank.institution'), { exact: true }).selectOption(place.institutionCode);
  const branches = page.getByRole('radiogroup');
  await expect(branches.getByRole('radio')).toHaveCount(2);
  await page.locator(`input[type=radio][value="${place.branchCode}"]`).check();
  await expect(page.getByTestId('branch-details')).toBeVisible();
  await checkStep(page, lang, 'intake.step.bankBranch', shots ? '11-bank-branch' : null);
  await continueButton(page, lang).click();
  await checkStep(page, lang, 'intake.review.title', shots ? '12-review' : null);
}

async function submitAndReceipt(page: Page, lang: Lang, shots: boolean) {
  const t = tr(lang);
  await expect(page.getByText(t('intake.review.ready'))).toBeVisible();
  await page.getByRole('button', { name: t('intake.review.submit') }).click();
  await expect(page).toHaveURL(/#\/intake\/receipt\//);
  const tracking = page.getByTestId('receipt-tracking');
  await expect(tracking).toHaveText(lang === 'fa' ? /^[۰-۹]{12}$/ : /^\d{12}$/);
  await expect(page.getByTestId('receipt')).toContainText(t('stage.submitted'));
  await expectAccessible(page);
  if (shots) await page.screenshot({ path: 'test-results/screens/intake-13-receipt.png', fullPage: true });
  // Printed: an A5 page holding the slip alone.
  await page.emulateMedia({ media: 'print' });
  await expect(page.getByRole('button', { name: t('intake.receipt.print') })).toBeHidden();
  if (shots) await page.screenshot({ path: 'test-results/screens/intake-14-receipt-print.png', fullPage: true });
  const pdf = await page.pdf({ preferCSSPageSize: true, printBackground: true, path: `test-results/screens/intake-receipt-${lang}.pdf` });
  const text = pdf.toString('latin1');
  expect(text.startsWith('%PDF')).toBe(true);
  // A5 is 419.53 × 595.28 points; @page size decides it.
  expect(text).toMatch(/\/MediaBox \[0 0 (419\.\d+|420) (594\.\d+|595(\.\d+)?)\]/);
  expect(text.match(/\/Type \/Page\b/g)?.length).toBe(1);
  await page.emulateMedia({ media: 'screen' });
  return (await tracking.textContent())!;
}

test.describe('intake: assisted registration', () => {
  // Long flows with axe on every step; a loaded machine makes them slower still.
  test.describe.configure({ timeout: 180_000 });
  test('a walk-in applicant, from an empty database to a printed receipt, in Persian', async ({ page }) => {
    const a: Applicant = { nationalCode: newNationalCode(), mobile: '09121234567', workshopCode: null, registry: true };
    addRegistry(host.dbPath, { nationalCode: a.nationalCode, firstName: 'مریم', lastName: 'کریمی', fatherName: 'احمد', birthDate: '1985-03-21', gender: 'female' });
    setEligibility(host.dbPath, a.nationalCode, 'eligible');
    await login(page, host.url, 'fa');
    await startDraft(page, 'fa', a, true);
    await accountAndPersonal(page, 'fa', true, a);
    await workshop(page, 'fa', true, a, 'eligible');
    // Leaving and coming back: the draft resumes where it was, from the find box.
    await page.getByRole('link', { name: tr('fa')('nav.intake') }).click();
    await page.getByLabel(tr('fa')('intake.find.label'), { exact: true }).fill(a.mobile);
    await page.getByRole('button', { name: tr('fa')('intake.find.submit') }).click();
    await page.getByRole('link', { name: tr('fa')('intake.find.resume') }).click();
    await page.getByRole('link', { name: new RegExp(tr('fa')('intake.step.workshop')) }).first().click();
    await expect(page.getByTestId('eligibility')).toBeVisible();
    await workshopToBank(page, 'fa', true);
    const tracking = await submitAndReceipt(page, 'fa', true);
    expect(tracking).toMatch(/^[۰-۹]{12}$/);
  });

  test('the same in English, the mobile confirmed in person, with typed entries surviving a reload before saving', async ({ page }) => {
    const a: Applicant = { nationalCode: newNationalCode(), mobile: '09351234567', workshopCode: '1234567', registry: false, mobileInPerson: true };
    setEligibility(host.dbPath, a.workshopCode!, 'eligible');
    await login(page, host.url, 'en');
    await startDraft(page, 'en', a, false);
    await accountAndPersonal(page, 'en', false, a);
    await workshop(page, 'en', false, a, 'eligible');
    await continueButton(page, 'en').click();
    // Type, reload without saving: nothing typed is lost.
    const t = tr('en');
    await page.getByLabel(t('intake.field.workshopName'), { exact: true }).fill('Typed before a reload');
    await page.reload();
    await expect(page.getByText(t('intake.restored'))).toBeVisible();
    await expect(page.getByLabel(t('intake.field.workshopName'), { exact: true })).toHaveValue('Typed before a reload');
    await page.getByRole('link', { name: new RegExp(t('intake.step.workshop')) }).first().click();
    await expect(page.getByTestId('eligibility')).toBeVisible();
    await workshopToBank(page, 'en', false);
    await submitAndReceipt(page, 'en', false);
  });

  test('a credit refusal explains itself, jumps back to bank and branch, and recovers', async ({ page }) => {
    const t = tr('fa');
    const a: Applicant = { nationalCode: newNationalCode(), mobile: '09131234567', workshopCode: null, registry: false };
    setEligibility(host.dbPath, a.nationalCode, 'eligible');
    await login(page, host.url, 'fa');
    await startDraft(page, 'fa', a, false);
    await accountAndPersonal(page, 'fa', false, a);
    await workshop(page, 'fa', false, a, 'eligible');
    await workshopToBank(page, 'fa', false);
    starveBranch(host.dbPath, place.branchCode);
    await page.getByRole('button', { name: t('intake.review.submit') }).click();
    await expect(page).toHaveURL(/\/bankBranch$/);
    const refusal = page.getByTestId('credit-refusal');
    await expect(refusal).toContainText(t('workflow.noCredit'));
    await expect(refusal).toContainText(t('intake.bank.alternatives'));
    await expectAccessible(page);
    await page.screenshot({ path: 'test-results/screens/intake-15-credit-refusal.png', fullPage: true });
    await page.locator(`input[type=radio][value="${place.otherBranchCode}"]`).check();
    await continueButton(page, 'fa').click();
    await checkStep(page, 'fa', 'intake.review.title', null);
    await submitAndReceipt(page, 'fa', false);
  });

  test('an ineligible workshop shows its status and the way to an objection', async ({ page }) => {
    const t = tr('fa');
    const a: Applicant = { nationalCode: newNationalCode(), mobile: '09191234567', workshopCode: '7654321', registry: false };
    setEligibility(host.dbPath, a.workshopCode!, 'ineligible');
    await login(page, host.url, 'fa');
    const caseId = await startDraft(page, 'fa', a, false);
    await accountAndPersonal(page, 'fa', false, a);
    await workshop(page, 'fa', false, a, 'ineligible');
    await expect(page.getByText(t('intake.eligibility.wayForward'))).toBeVisible();
    await page.screenshot({ path: 'test-results/screens/intake-16-ineligible.png', fullPage: true });
    const objection = page.getByTestId('objection-link');
    await expect(objection).toHaveAttribute('href', `#/tickets/new?case=${caseId}`);
    // The review refuses to submit an ineligible workshop and offers the objection too.
    await workshopToBank(page, 'fa', false);
    await page.getByRole('button', { name: t('intake.review.submit') }).click();
    await expect(page.getByRole('alert').filter({ hasText: t('workflow.workshopIneligible') })).toBeVisible();
    await page.getByRole('link', { name: t('intake.eligibility.objection') }).click();
    await expect(page).toHaveURL(new RegExp(`#/tickets/new\\?case=${caseId}$`));
  });

  for (const lang of ['fa', 'en'] as const) {
    test(`invalid national codes and mobiles are refused with the right message (${lang})`, async ({ page }) => {
      const t = tr(lang);
      await login(page, host.url, lang);
      await page.getByRole('button', { name: t('intake.find.start') }).click();
      await page.getByLabel(t('intake.rules.acknowledge'), { exact: true }).check();
      await continueButton(page, lang).click();
      const code = page.getByLabel(t('intake.identity.nationalCode'), { exact: true });
      const mobile = page.getByLabel(t('intake.identity.mobile'), { exact: true });
      const cases: Array<[string, string]> = [
        ['۱۲۳۴۵۶۷۸۹۰', 'validation.nationalCode.checksum'],
        ['12345', 'validation.nationalCode.length'],
        ['1111111111', 'validation.nationalCode.repeated'],
      ];
      for (const [typed, key] of cases) {
        await code.fill(typed);
        await mobile.focus();
        await expect(page.getByText(t(key))).toBeVisible();
      }
      await code.fill(persianDigits(newNationalCode()));
      await mobile.fill('0812345678');
      await code.focus();
      await expect(page.getByText(t('validation.mobile.invalid'))).toBeVisible();
      await page.getByRole('button', { name: t('intake.identity.create') }).click();
      await expect(page).toHaveURL(/#\/intake\/new$/);
      await expect(mobile).toBeFocused();
      await expectAccessible(page);
      if (lang === 'fa') await page.screenshot({ path: 'test-results/screens/intake-17-invalid-identity.png', fullPage: true });
    });
  }
});
