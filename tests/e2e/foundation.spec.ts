import { test, expect, startHost, PASSWORD, expectAccessible } from './support/host';
import { translate } from '../../src-shared/i18n';

const fa = (key: string, params?: Record<string, string | number>) => translate('fa', key, params);
const en = (key: string, params?: Record<string, string | number>) => translate('en', key, params);

test.describe('foundation: first run, login in Persian, English, logout', () => {
  let host: Awaited<ReturnType<typeof startHost>>;
  test.beforeAll(async () => {
    host = await startHost((cli) => cli(['seed', 'reference']));
  });
  test.afterAll(async () => host?.stop());

  test('first run creates a supervisor; login in Persian; switch to English; log out', async ({ page, consoleErrors }) => {
    await page.goto(host.url);
    await expect(page.locator('html')).toHaveAttribute('dir', 'rtl');
    await expect(page.locator('html')).toHaveAttribute('lang', 'fa');
    await expect(page.getByRole('heading', { name: fa('firstRun.title') })).toBeVisible();
    await expectAccessible(page);

    await page.getByLabel(fa('firstRun.officeName')).fill('دفتر پذیرش مرکزی');
    await page.getByLabel(fa('firstRun.displayName')).fill('مریم کریمی');
    await page.getByLabel(fa('login.username'), { exact: true }).fill('supervisor');
    await page.getByLabel(fa('login.password'), { exact: true }).fill(PASSWORD);
    await page.getByLabel(fa('firstRun.passwordRepeat')).fill(PASSWORD);
    await page.getByRole('button', { name: fa('firstRun.submit') }).click();
    await expect(page.getByText(fa('firstRun.done'))).toBeVisible();

    await page.getByLabel(fa('login.username'), { exact: true }).fill('supervisor');
    await page.getByLabel(fa('login.password'), { exact: true }).fill(PASSWORD);
    await page.getByRole('button', { name: fa('login.submit') }).click();
    await expect(page.getByRole('button', { name: fa('nav.logout') })).toBeVisible();
    await expect(page.getByText('مریم کریمی').first()).toBeVisible();
    const font = await page.evaluate(() => getComputedStyle(document.body).fontFamily);
    expect(font).toContain('Vazirmatn');
    await page.screenshot({ path: 'test-results/screens/foundation-fa-shell.png', fullPage: true });
    await expectAccessible(page);

    await page.getByRole('button', { name: fa('locale.switch') }).click();
    await expect(page.locator('html')).toHaveAttribute('dir', 'ltr');
    await expect(page.locator('html')).toHaveAttribute('lang', 'en');
    await expect(page.getByRole('button', { name: en('nav.logout') })).toBeVisible();
    await page.screenshot({ path: 'test-results/screens/foundation-en-shell.png', fullPage: true });

    await page.getByRole('button', { name: en('nav.logout') }).click();
    await expect(page.getByRole('button', { name: en('login.submit') })).toBeVisible();
    expect(consoleErrors).toEqual([]);
  });

  test('a wrong password shows a clear error in Persian', async ({ page }) => {
    await page.goto(host.url);
    await page.getByLabel(fa('login.username'), { exact: true }).fill('supervisor');
    await page.getByLabel(fa('login.password'), { exact: true }).fill('wrong-password-1');
    await page.getByRole('button', { name: fa('login.submit') }).click();
    await expect(page.getByRole('alert').filter({ hasText: fa('error.badCredentials') })).toBeVisible();
  });
});
