// Trust screens: the audit log (browse, verify, export) and backups for a supervisor; the
// auditor only reads; the idle lock keeps what is on screen when the session ends.
import { readFileSync } from 'node:fs';
import BetterSqlite3 from 'better-sqlite3';
import type { Page } from '@playwright/test';
import { test, expect, startHost, PASSWORD, expectAccessible, loginAs } from './support/host';
import { translate } from '../../src-shared/i18n';

const fa = (key: string, params?: Record<string, string | number>) => translate('fa', key, params);
let host: Awaited<ReturnType<typeof startHost>>;
const login = (page: Page, username: string) => loginAs(page, host.url, username);

test.describe('audit log, backups and the idle lock', () => {
  // Each scrypt login (N=2^17) and axe pass is slow on a loaded machine; no assertion is timed.
  test.describe.configure({ timeout: 180_000 });
  test.beforeAll(async () => {
    test.setTimeout(300_000);
    host = await startHost((cli) => {
      cli(['seed', 'reference']);
      cli(['seed', 'demo', '--bulk', '--cases', '20', '--seed', '3']);
    });
    const db = new BetterSqlite3(host.dbPath, { readonly: true });
    const office = (db.prepare("select id from offices where kind = 'intake' order by id limit 1").get() as { id: string }).id;
    db.close();
    host.cli(['staff', 'add', '--username', 'boss', '--role', 'supervisor', '--office', office, '--name', 'مریم کریمی', '--password-stdin'], PASSWORD);
    host.cli(['staff', 'add', '--username', 'inspector', '--role', 'auditor', '--office', office, '--name', 'رضا بازرس', '--password-stdin'], PASSWORD);
  });
  test.afterAll(async () => host?.stop());

  test('a supervisor browses and verifies the log, exports CSV and PDF, and backs up', async ({ page, consoleErrors }) => {
    await login(page, 'boss');
    await page.goto(`${new URL(host.url).origin}/#/admin`);
    await expect(page.getByRole('heading', { name: fa('audit.title') })).toBeVisible();
    const table = page.getByTestId('audit-table');
    await expect(table.getByText('auth.login').first()).toBeVisible();
    await page.getByRole('button', { name: fa('audit.verify') }).click();
    await expect(page.getByText(/زنجیرهٔ گزارش سالم است/)).toBeVisible();

    const csv = page.waitForEvent('download');
    await page.getByRole('button', { name: fa('audit.exportCsv') }).click();
    const csvFile = await (await csv).path();
    expect(readFileSync(csvFile, 'utf8')).toMatch(/^\ufeffid,at,staffId,staffUsername,officeId,action/);
    const pdf = page.waitForEvent('download');
    await page.getByRole('button', { name: fa('audit.exportPdf') }).click();
    expect(readFileSync(await (await pdf).path()).subarray(0, 8).toString('latin1')).toBe('%PDF-1.4');

    await page.getByRole('button', { name: fa('backup.create') }).click();
    await expect(page.getByTestId('backup-table').getByRole('row')).toHaveCount(2);
    await expect(page.getByText(/ساخته شد/)).toBeVisible();
    await expectAccessible(page);
    await page.screenshot({ path: 'test-results/screens/trust-admin.png', fullPage: true });
    expect(consoleErrors).toEqual([]);
  });

  test('the auditor reads the log but cannot export or back up', async ({ page, browser }) => {
    // The supervisor's export, made here so this test does not lean on another one.
    const boss = await browser.newContext();
    const bossPage = await boss.newPage();
    await login(bossPage, 'boss');
    await bossPage.goto(`${new URL(host.url).origin}/#/admin`);
    const csv = bossPage.waitForEvent('download');
    await bossPage.getByRole('button', { name: fa('audit.exportCsv') }).click();
    await csv;
    await boss.close();

    await login(page, 'inspector');
    await page.goto(`${new URL(host.url).origin}/#/admin`);
    await expect(page.getByTestId('audit-table').getByText('audit.export').first()).toBeVisible();
    await expect(page.getByRole('button', { name: fa('audit.exportCsv') })).toHaveCount(0);
    await expect(page.getByRole('heading', { name: fa('backup.title') })).toHaveCount(0);
  });

  test('when the session ends the screen locks, and unlocking keeps what was typed', async ({ page }) => {
    await login(page, 'boss');
    await page.goto(`${new URL(host.url).origin}/#/admin`);
    const staffFilter = page.getByLabel(fa('audit.filterStaff'));
    await staffFilter.fill('42');
    // The session ends in main (as after 30 idle minutes).
    const db = new BetterSqlite3(host.dbPath);
    db.prepare("update sessions set ended_at = '2020-01-01T00:00:00Z' where ended_at is null").run();
    db.close();
    await page.getByRole('button', { name: fa('audit.apply') }).click();
    const lock = page.getByRole('dialog', { name: fa('lock.title') });
    await expect(lock).toBeVisible();
    await expectAccessible(page);
    await lock.getByLabel(fa('login.password')).fill(PASSWORD);
    await lock.getByRole('button', { name: fa('lock.unlock') }).click();
    await expect(lock).toHaveCount(0);
    await expect(page.getByLabel(fa('audit.filterStaff'))).toHaveValue('42');
  });
});
