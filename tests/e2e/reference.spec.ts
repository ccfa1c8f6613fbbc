// Reference data at central: its supervisor adds a bank in the admin screen, a refusal shows on
// its field, and the saved row is in the table.
import { test, expect, startHost, PASSWORD, loginAs, watchConsole, expectAccessible } from './support/host';
import { translate } from '../../src-shared/i18n';

const fa = (key: string, params?: Record<string, string | number>) => translate('fa', key, params);
let host: Awaited<ReturnType<typeof startHost>>;

test.describe('reference data editing', () => {
  test.beforeAll(async () => {
    host = await startHost((cli) => {
      cli(['seed', 'reference']);
      cli(['office', 'init', '--id', 'CENTRAL', '--kind', 'central', '--name', 'مرکز']);
      cli(['staff', 'add', '--username', 'chief', '--role', 'supervisor', '--office', 'CENTRAL', '--name', 'سرپرست مرکز', '--password-stdin'], PASSWORD);
    });
  });
  test.afterAll(async () => host?.stop());

  test("central's supervisor adds a bank; a taken code is refused on its field", async ({ page }) => {
    const consoleErrors = watchConsole(page);
    await loginAs(page, host.url, 'chief');
    await page.goto(`${new URL(host.url).origin}/#/admin`);
    const section = page.getByRole('region', { name: fa('admin.reference.title') });
    await expect(section.getByRole('tab', { name: fa('admin.reference.institutions') })).toBeVisible();
    await section.getByRole('button', { name: fa('admin.reference.addInstitution') }).click();

    const dialog = page.getByRole('dialog', { name: fa('admin.reference.institutionTitle') });
    const code = dialog.getByLabel(fa('admin.reference.code'));
    await code.fill('mellat');
    await dialog.getByLabel(fa('admin.reference.nameFa')).fill('صندوق نمونه');
    await dialog.getByLabel(fa('admin.reference.nameEn')).fill('Sample fund');
    await dialog.getByRole('button', { name: fa('common.save') }).click();
    await expect(dialog.getByText(fa('reference.error.institutionCodeTaken', { code: 'mellat' }))).toBeVisible();
    await expect(code).toHaveAttribute('aria-invalid', 'true');
    await expectAccessible(page);

    await code.fill('sample-fund');
    await dialog.getByLabel(fa('admin.reference.kind')).selectOption('credit_institution');
    await dialog.getByRole('button', { name: fa('common.save') }).click();
    await expect(page.getByText(fa('admin.reference.saved', { name: 'صندوق نمونه' }))).toBeVisible();
    await expect(section.getByRole('row', { name: /sample-fund/ })).toContainText(fa('admin.reference.kind.credit_institution'));
    await expectAccessible(page);
    await page.screenshot({ path: 'test-results/screens/reference-admin.png', fullPage: true });
    expect(consoleErrors).toEqual([]);
  });
});
