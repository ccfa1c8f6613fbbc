// The review queue end to end: the real CLI seeds a demo office through the engine, the real
// browser host serves it, Chromium drives the screens.
import BetterSqlite3 from 'better-sqlite3';
import type { Page, Browser } from '@playwright/test';
import { test, expect as baseExpect, startHost, PASSWORD, expectAccessible, loginAs } from '../support/host';
import { translate } from '../../../src-shared/i18n';
import { formatTrackingCode } from '../../../src-shared/workflow/tracking';
import { toPersianDigits } from '../../../src-shared/domain/text';

// The machine is shared with other builds: allow slow renders (no timing is asserted).
const expect = baseExpect.configure({ timeout: 30_000 });
const fa = (key: string, params?: Record<string, string | number>) => translate('fa', key, params);

interface SeededCase { id: string; tracking_code: string; first_name: string; last_name: string; agency_code: string; branch_code: string; requested_amount_rials: number }

let host: Awaited<ReturnType<typeof startHost>>;
const login = (page: Page, username: string) => loginAs(page, host.url, username);
let agencyCode: string;
let branchCode: string;

function read<T>(query: string, ...params: unknown[]): T[] {
  const db = new BetterSqlite3(host.dbPath, { readonly: true });
  try {
    return db.prepare(query).all(...params) as T[];
  } finally {
    db.close();
  }
}

function caseAt(stage: string, where = ''): SeededCase {
  const rows = read<SeededCase>(`select c.id, c.tracking_code, a.first_name, a.last_name, c.agency_code, c.branch_code, c.requested_amount_rials
    from cases c join applicants a on a.id = c.applicant_id where c.stage = ? ${where} order by c.stage_entered_at`, stage);
  if (!rows[0]) throw new Error(`no seeded case at ${stage}`);
  return rows[0];
}

async function openCase(page: Page, caseId: string): Promise<void> {
  await page.evaluate((id) => { window.location.hash = `#/queue/case/${encodeURIComponent(id)}`; }, caseId);
  await expect(page.getByRole('heading', { name: fa('case.decision') })).toBeVisible();
}

async function decide(page: Page, action: string, reason?: string): Promise<void> {
  await page.getByRole('radio', { name: fa(`action.${action}`) }).check();
  if (reason) await page.getByRole('textbox', { name: fa('case.reasonLabel'), exact: true }).fill(reason);
  await page.getByRole('button', { name: fa('case.submit') }).click();
}

test.describe('review queue, case page and dashboard', () => {
  test.beforeAll(async () => {
    test.setTimeout(300_000);
    host = await startHost((cli) => {
      cli(['seed', 'reference']);
      cli(['seed', 'demo', '--bulk', '--cases', '3000', '--seed', '7']);
    });
    // The agency and the branch with the most work become the ones our reviewers and officer sit in.
    agencyCode = read<{ agency_code: string }>(`select agency_code from cases where stage = 'submitted' group by agency_code order by count(*) desc limit 1`)[0]!.agency_code;
    branchCode = read<{ branch_code: string }>(`select branch_code from cases where stage = 'agency_approved' group by branch_code order by count(*) desc limit 1`)[0]!.branch_code;
    host.cli(['staff', 'add', '--username', 'reviewer', '--role', 'agency_reviewer', '--office', `AG-${agencyCode}`, '--name', 'سارا احمدی', '--password-stdin'], PASSWORD);
    host.cli(['staff', 'add', '--username', 'reviewer2', '--role', 'agency_reviewer', '--office', `AG-${agencyCode}`, '--name', 'امیر نوروزی', '--password-stdin'], PASSWORD);
    host.cli(['staff', 'add', '--username', 'officer', '--role', 'branch_officer', '--office', `BR-${branchCode}`, '--name', 'حمید کیانی', '--password-stdin'], PASSWORD);
  });
  test.afterAll(async () => host?.stop());

  test.describe.configure({ timeout: 180_000 });

  test('a reviewer filters, searches by tracking code and by a name typed with Arabic letters, takes a case and returns it with a reason', async ({ page, consoleErrors }) => {
    const target = caseAt('submitted', `and c.agency_code = '${agencyCode}'`);
    await login(page, 'reviewer');
    await expect(page.getByRole('tab', { name: new RegExp(fa('stage.submitted')) })).toHaveAttribute('aria-selected', 'true');
    const rows = page.getByTestId('queue-row');
    await expect(rows.first()).toBeVisible();
    await expectAccessible(page);

    // Filter: cases of at least the target's amount (toman), largest first.
    await page.getByRole('textbox', { name: fa('queue.minAmount') }).fill(String(target.requested_amount_rials / 10));
    await expect(rows.first()).toBeVisible();
    const amounts = await rows.evaluateAll((els) => els.map((el) => el.children[5]!.textContent ?? ''));
    const latin = (s: string) => Number(s.replace(/[۰-۹]/g, (c) => String('۰۱۲۳۴۵۶۷۸۹'.indexOf(c))).replace(/[^0-9]/g, ''));
    expect(amounts.length).toBeGreaterThan(0);
    for (const a of amounts) expect(latin(a)).toBeGreaterThanOrEqual(target.requested_amount_rials / 10);
    await expect(page.locator(`[data-case-id="${target.id}"]`)).toBeVisible();

    // Search by tracking code (typed in Persian digits, as read out on the phone).
    const search = page.getByRole('textbox', { name: fa('queue.search') });
    await search.fill(toPersianDigits(target.tracking_code));
    await expect(rows).toHaveCount(1);
    await expect(rows.first()).toHaveAttribute('data-case-id', target.id);
    await expect(rows.first()).toContainText(toPersianDigits(formatTrackingCode(target.tracking_code)));

    // Search by name typed on an Arabic keyboard: ي for ی and ك for ک.
    const arabic = `${target.first_name} ${target.last_name}`.replace(/ی/g, 'ي').replace(/ک/g, 'ك');
    // Back to the stage tabs first, so the rows below are surely the name search's own.
    await search.fill('');
    await expect(page.getByRole('tablist')).toBeVisible();
    await search.fill(arabic);
    await expect(page.getByRole('tablist')).toHaveCount(0);
    await expect(page.locator(`[data-case-id="${target.id}"]`)).toBeVisible();
    for (const name of await rows.evaluateAll((els) => els.map((el) => el.children[2]!.textContent ?? ''))) expect(name).toBe(`${target.first_name} ${target.last_name}`);

    // Keyboard: pick the row (others may share the name), focus the list, Enter opens the case.
    await page.locator(`[data-case-id="${target.id}"] [role="cell"]`).nth(2).click();
    await expect(page.locator(`[data-case-id="${target.id}"]`)).toHaveAttribute('data-active', 'true');
    await page.getByTestId('queue-list').focus();
    await page.keyboard.press('Enter');
    await expect(page.getByRole('heading', { name: fa('case.decision') })).toBeVisible();
    await expect(page).toHaveURL(new RegExp(`#/queue/case/${target.id}`));

    await decide(page, 'take_agency_review');
    await expect(page.getByRole('status').filter({ hasText: fa('action.take_agency_review') })).toBeVisible();
    await expect(page.getByText(fa('stage.agency_review'), { exact: true }).first()).toBeVisible();
    await expectAccessible(page);

    // Return with a reason picked from the office's ready-made list.
    await page.getByRole('radio', { name: fa('action.agency_return') }).check();
    await expect(page.getByRole('button', { name: fa('case.submit') })).toBeDisabled();
    const reason = 'کد فعالیت با مجوز هم‌خوانی ندارد؛ اصلاح شود.';
    await page.getByRole('textbox', { name: fa('case.reasonLabel'), exact: true }).fill(reason);
    await page.getByRole('button', { name: fa('case.submit') }).click();
    await expect(page.getByRole('status').filter({ hasText: fa('action.agency_return') })).toBeVisible();
    const flow = page.getByTestId('case-flow');
    await expect(flow).toContainText(fa('action.agency_return'));
    await expect(flow).toContainText(fa('case.reason', { reason }));
    await expect(flow).toContainText('سارا احمدی');
    await page.screenshot({ path: 'test-results/screens/queue-case-returned.png', fullPage: true });
    expect(consoleErrors).toEqual([]);
  });

  test('a branch officer takes and approves a case; the timeline shows the agency and the bank', async ({ page }) => {
    const target = caseAt('agency_approved', `and c.branch_code = '${branchCode}'`);
    await login(page, 'officer');
    await expect(page.getByRole('tab', { name: new RegExp(fa('stage.agency_approved')) })).toHaveAttribute('aria-selected', 'true');
    await page.getByRole('textbox', { name: fa('queue.search') }).fill(target.tracking_code);
    await expect(page.getByTestId('queue-row')).toHaveCount(1);
    await page.getByTestId('queue-row').getByRole('link').click();
    await decide(page, 'take_bank_review');
    await expect(page.getByRole('status').filter({ hasText: fa('action.take_bank_review') })).toBeVisible();
    await decide(page, 'bank_approve');
    await expect(page.getByRole('status').filter({ hasText: fa('action.bank_approve') })).toBeVisible();
    const flow = page.getByTestId('case-flow');
    await expect(flow).toContainText(fa('action.create'));
    await expect(flow).toContainText(fa('action.agency_approve'));
    await expect(flow).toContainText(fa('action.bank_approve'));
    // Every entry in words: no catalogue key shows through.
    await expect(flow).not.toContainText('action.');
    await expect(flow).toContainText('حمید کیانی');
    await expectAccessible(page);

    await page.getByRole('link', { name: fa('nav.dashboard') }).click();
    await expect(page.getByRole('heading', { name: fa('dashboard.byStage') })).toBeVisible();
    await expect(page.locator('.recharts-surface').first()).toBeVisible();
    await expectAccessible(page);
  });

  test('a decision on a case that changed since it was opened is refused and the page refreshes', async ({ page, browser }) => {
    const target = caseAt('submitted', `and c.agency_code = '${agencyCode}'`);
    await login(page, 'reviewer');
    await openCase(page, target.id);
    await expect(page.getByText(fa('stage.submitted'), { exact: true }).first()).toBeVisible();

    await takeElsewhere(browser, target.id);

    await decide(page, 'take_agency_review');
    await expect(page.getByTestId('stale-alert')).toContainText(fa('workflow.staleCase'));
    // Refreshed: the case is now under review by the other reviewer, and nothing was overwritten.
    await expect(page.getByText(fa('stage.agency_review'), { exact: true }).first()).toBeVisible();
    await expect(page.getByTestId('case-flow')).toContainText('امیر نوروزی');
    const flow = read<{ action: string; staff_name: string }>(`select action, staff_name from case_flow where case_id = ? order by id`, target.id);
    expect(flow.filter((f) => f.action === 'take_agency_review').map((f) => f.staff_name)).toEqual(['امیر نوروزی']);
  });
});

async function takeElsewhere(browser: Browser, caseId: string): Promise<void> {
  const context = await browser.newContext();
  const other = await context.newPage();
  await login(other, 'reviewer2');
  await openCase(other, caseId);
  await decide(other, 'take_agency_review');
  await expect(other.getByRole('status').filter({ hasText: fa('action.take_agency_review') })).toBeVisible();
  await context.close();
}
