import { spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import BetterSqlite3 from 'better-sqlite3';
import type { Page } from '@playwright/test';
import { test, expect as baseExpect, startHost, PASSWORD, expectAccessible, loginAs, watchConsole } from './support/host';
import { translate } from '../../src-shared/i18n';
import { ATTACHMENT_MAX_BYTES, ATTACHMENT_MAX_MB } from '../../src-shared/api/tickets';
import { toPersianDigits } from '../../src-shared/domain';
import { makeFakeExe, makeOversizePng, makePdf, makePng } from '../support/ticket-files';
import { builtChild } from '../support/test-build';

// Logins hash passwords (scrypt) and the shared test machine is busy: waits are generous, never timed assertions.
const expect = baseExpect.configure({ timeout: 30_000 });

const fa = (key: string, params?: Record<string, string | number>) => translate('fa', key, params);
const ROOT = join(dirname(fileURLToPath(import.meta.url)), '..', '..');

interface Seeded {
  notFound: { caseId: string; nationalCode: string };
  redCross: { caseId: string; nationalCode: string };
}

let host: Awaited<ReturnType<typeof startHost>>;
const login = (page: Page, username: string) => loginAs(page, host.url, username);
let seeded: Seeded;
let filesDir: string;
const file = (name: string) => join(filesDir, name);

function dbRows<T>(sql: string, ...params: unknown[]): T[] {
  const db = new BetterSqlite3(host.dbPath, { readonly: true });
  try {
    return db.prepare(sql).all(...params) as T[];
  } finally {
    db.close();
  }
}
const blobCount = () => dbRows<{ n: number }>('select count(*) as n from attachments')[0]!.n;

async function logout(page: Page) {
  await page.getByRole('button', { name: fa('nav.logout') }).click();
  await expect(page.getByRole('button', { name: fa('login.submit') })).toBeVisible();
}

async function go(page: Page, hash: string) {
  await page.evaluate((h) => {
    window.location.hash = h;
  }, hash);
}

/** Calls the API with the page's own session (the HTTP host's cookie), as a screen would. */
async function api(page: Page, method: string, input: unknown): Promise<{ ok: boolean; data?: any; error?: { message: string } }> {
  return page.evaluate(
    async ([m, i]) => {
      const r = await fetch(`/api/${m}`, { method: 'POST', headers: { 'content-type': 'application/json', 'x-kara-desk': '1', 'accept-language': 'fa' }, body: JSON.stringify(i) });
      return r.json();
    },
    [method, input] as const,
  );
}

async function openTicketFromQueue(page: Page, trackingNumber: string) {
  await go(page, '#/tickets');
  const row = page.locator(`tr[data-ticket="${trackingNumber}"]`);
  await expect(row).toBeVisible();
  await row.focus();
  await page.keyboard.press('Enter');
  await expect(page.getByRole('heading', { level: 1, name: new RegExp(toPersianDigits(trackingNumber)) })).toBeVisible();
}

test.describe('objection tickets: filing with attachments, resolution, effects', () => {
  test.beforeAll(async () => {
    test.setTimeout(240_000);
    host = await startHost((cli) => cli(['seed', 'reference']));
    const r = spawnSync(process.execPath, [builtChild('ticket-e2e-seed'), host.dbPath, PASSWORD], { cwd: ROOT, encoding: 'utf8' });
    if (r.status !== 0) throw new Error(`seed failed: ${r.stderr}`);
    seeded = JSON.parse(r.stdout.trim().split('\n').pop()!) as Seeded;
    filesDir = mkdtempSync(join(tmpdir(), 'kara-ticket-files-'));
    writeFileSync(file('permit.png'), await makePng(320, 200, 0x2266ccff));
    writeFileSync(file('insurance-list.pdf'), makePdf(2));
    writeFileSync(file('permit-clear.png'), await makePng(400, 260, 0x22aa66ff));
    const redPermit = await makePng(120, 90, 0xaa2222ff);
    writeFileSync(file('red-permit.png'), redPermit);
    writeFileSync(file('red-permit-copy.png'), redPermit);
    writeFileSync(file('setup.png'), makeFakeExe()); // an .exe renamed to .png
    writeFileSync(file('huge-scan.png'), await makeOversizePng(ATTACHMENT_MAX_BYTES));
    writeFileSync(file('empty.png'), Buffer.alloc(0));
  });
  test.afterAll(async () => {
    await host?.stop();
    if (filesDir) rmSync(filesDir, { recursive: true, force: true });
  });

  test('"not found in the list": file with PNG and PDF, request information, add an image, accept; the case can be submitted', async ({ page }) => {
    test.setTimeout(420_000);
    const consoleErrors = watchConsole(page);
    await login(page, 'clerk');
    await go(page, `#/tickets/new?case=${seeded.notFound.caseId}`);
    await expect(page.getByRole('heading', { name: fa('tickets.newTitle') })).toBeVisible();
    await expect(page.locator('[data-eligibility="not_found"]').first()).toBeVisible();
    await expect(page.getByRole('radio', { name: fa('tickets.form.notFoundOption') })).toBeChecked();

    // The guide's three details, as fields.
    await page.getByRole('textbox', { name: fa('tickets.form.claimedWorkshopCode') }).fill(seeded.notFound.nationalCode);
    await page.getByRole('textbox', { name: fa('tickets.form.claimedNationalCode') }).fill(seeded.notFound.nationalCode);
    await page.getByRole('textbox', { name: fa('tickets.form.claimedMobile') }).fill('09121234567');
    await page.getByLabel(fa('tickets.form.explanation')).fill('کارگاه خیاطی از سال ۱۳۹۵ با مجوز صنفی فعال است و در دوران کرونا تعطیل شد؛ تصویر مجوز و لیست بیمه پیوست است.');

    // Refusals first: each with its own clear message, nothing stored.
    const dropInput = page.getByTestId('ticket-dropzone').locator('input[type="file"]');
    const before = blobCount();
    await dropInput.setInputFiles(file('setup.png'));
    await expect(page.getByRole('alert').filter({ hasText: fa('tickets.form.refused', { name: 'setup.png', reason: fa('tickets.fileTypeRefused') }) })).toBeVisible();
    await dropInput.setInputFiles(file('huge-scan.png'));
    await expect(page.getByRole('alert').filter({ hasText: fa('tickets.form.refused', { name: 'huge-scan.png', reason: fa('tickets.fileTooLarge', { max: toPersianDigits(String(ATTACHMENT_MAX_MB)) }) }) })).toBeVisible();
    await dropInput.setInputFiles(file('empty.png'));
    await expect(page.getByRole('alert').filter({ hasText: fa('tickets.form.refused', { name: 'empty.png', reason: fa('tickets.fileEmpty') }) })).toBeVisible();
    expect(blobCount()).toBe(before);
    await expectAccessible(page);

    await dropInput.setInputFiles([file('permit.png'), file('insurance-list.pdf')]);
    await expect(page.getByText(fa('tickets.form.uploaded', { name: 'permit.png' }))).toBeVisible();
    await expect(page.getByText(fa('tickets.form.uploaded', { name: 'insurance-list.pdf' }))).toBeVisible();
    expect(blobCount()).toBe(before + 2);
    await page.screenshot({ path: 'test-results/screens/tickets-file.png', fullPage: true });
    await page.getByRole('button', { name: fa('tickets.form.submit') }).click();
    await page.waitForURL(/#\/tickets\/[0-9a-f-]{36}$/);
    const [ticket] = dbRows<{ id: string; tracking_number: string }>('select id, tracking_number from tickets where case_id = ?', seeded.notFound.caseId);
    await expect(page.getByRole('status').filter({ hasText: fa('tickets.form.filed', { tracking: ticket!.tracking_number }) })).toBeVisible();
    await expect(page.locator('[data-status="open"]').first()).toBeVisible();
    await expectAccessible(page);
    // The blocked case: submitting is still refused while the objection is open.
    const early = await api(page, 'cases.submit', { caseId: seeded.notFound.caseId, expectedVersion: 1 });
    expect(early.ok).toBe(false);
    await logout(page);

    // The agency reviewer: queue (keyboard), both attachments in the viewer, request information.
    await login(page, 'reviewer');
    await go(page, '#/tickets');
    await expect(page.getByRole('heading', { name: fa('tickets.queueTitle') })).toBeVisible();
    await expectAccessible(page);
    await openTicketFromQueue(page, ticket!.tracking_number);
    // Attachments are listed by time, then name: the PDF first, its pages on a canvas.
    await expect(page.getByTestId('viewer-pdf')).toBeVisible();
    await expect(page.getByTestId('viewer-page')).toHaveText(fa('tickets.viewer.page', { page: '۱', pages: '۲' }));
    await expect.poll(() => page.getByTestId('viewer-pdf').evaluate((c: HTMLCanvasElement) => c.width)).toBeGreaterThan(100);
    await page.getByRole('button', { name: fa('tickets.viewer.nextPage') }).click();
    await expect(page.getByTestId('viewer-page')).toHaveText(fa('tickets.viewer.page', { page: '۲', pages: '۲' }));
    // Next attachment: the PNG through a blob: URL, zoom and rotate.
    await page.getByRole('button', { name: fa('tickets.viewer.next') }).click();
    await expect(page.getByTestId('viewer-image')).toBeVisible();
    await expect(page.getByTestId('viewer-image')).toHaveJSProperty('complete', true);
    expect(await page.getByTestId('viewer-image').evaluate((img: HTMLImageElement) => img.naturalWidth)).toBe(320);
    expect(await page.getByTestId('viewer-image').getAttribute('src')).toMatch(/^blob:/);
    await page.getByRole('button', { name: fa('tickets.viewer.zoomIn') }).click();
    await expect(page.getByTestId('viewer-zoom')).toHaveText(fa('tickets.viewer.zoomLevel', { percent: toPersianDigits('125') }));
    await page.getByRole('button', { name: fa('tickets.viewer.rotate') }).click();
    await expect(page.getByRole('button', { name: fa('tickets.viewer.rotate') })).toHaveAttribute('data-rotation', '90');
    await expect(page.getByTestId('viewer-image')).toHaveAttribute('style', /rotate\(90deg\) scale\(1\.25\)/);
    await expectAccessible(page);
    await page.screenshot({ path: 'test-results/screens/tickets-review.png', fullPage: true });

    await page.getByRole('button', { name: fa('tickets.action.take') }).click();
    await expect(page.getByRole('button', { name: fa('tickets.action.release') })).toBeVisible();
    await page.getByLabel(fa('tickets.canned')).selectOption('needPermit');
    await expect(page.getByLabel(fa('tickets.replyText'))).toHaveValue(fa('tickets.canned.needPermit'));
    await page.getByRole('button', { name: fa('tickets.action.request_info') }).click();
    await expect(page.locator('[data-status="info_requested"]').first()).toBeVisible();
    await logout(page);

    // Intake adds an image (a camera scan is a file too) and resends.
    await login(page, 'clerk');
    await openTicketFromQueue(page, ticket!.tracking_number);
    await expect(page.getByRole('heading', { name: fa('tickets.infoRequested') })).toBeVisible();
    await page.getByTestId('ticket-camera-input').setInputFiles(file('permit-clear.png'));
    await expect(page.getByText(fa('tickets.form.uploaded', { name: 'permit-clear.png' }))).toBeVisible();
    await page.getByLabel(fa('tickets.resendMessage')).fill('تصویر واضح‌تر مجوز پیوست شد.');
    await expectAccessible(page);
    await page.getByRole('button', { name: fa('tickets.action.resend') }).click();
    await expect(page.getByRole('status').filter({ hasText: fa('tickets.decided.resend') })).toBeVisible();
    await expect(page.locator('[data-status="open"]').first()).toBeVisible();
    await logout(page);

    // The reviewer accepts: the eligibility override is recorded with the reviewer and the reason.
    await login(page, 'reviewer');
    await openTicketFromQueue(page, ticket!.tracking_number);
    await expect(page.getByText(fa('tickets.viewer.position', { index: '۱', count: '۳' }))).toBeVisible();
    await page.getByLabel(fa('tickets.canned')).selectOption('acceptPermit');
    await page.getByRole('button', { name: fa('tickets.action.accept') }).click();
    await expect(page.locator('[data-status="accepted"]').first()).toBeVisible();
    await expect(page.getByTestId('override-record')).toContainText('حسین موسوی');
    await expect(page.getByTestId('override-record')).toContainText(fa('tickets.canned.acceptPermit'));
    const history = page.getByTestId('ticket-history');
    for (const a of ['file', 'take', 'request_info', 'resend', 'accept']) await expect(history.locator(`[data-action="${a}"]`)).toBeVisible();
    await expectAccessible(page);
    await logout(page);

    // The applicant's case can now be submitted; the case flow carries every ticket step.
    await login(page, 'clerk');
    await go(page, `#/tickets/${ticket!.id}`);
    const flow = page.getByTestId('case-flow');
    for (const a of ['ticket_file', 'ticket_request_info', 'ticket_resend', 'ticket_accept']) await expect(flow.locator(`[data-action="${a}"]`)).toBeVisible();
    const current = await api(page, 'cases.get', { caseId: seeded.notFound.caseId });
    const submitted = await api(page, 'cases.submit', { caseId: seeded.notFound.caseId, expectedVersion: current.data.version });
    expect(submitted.ok, JSON.stringify(submitted.error)).toBe(true);
    expect(submitted.data.stage).toBe('submitted');
    expect(consoleErrors).toEqual([]);
  });

  test('a red-cross code is rejected with a reason and the case stays blocked', async ({ page }) => {
    test.setTimeout(300_000);
    const consoleErrors = watchConsole(page);
    await login(page, 'clerk');
    await go(page, `#/tickets/new?case=${seeded.redCross.caseId}`);
    const option = page.getByRole('radio', { name: new RegExp(toPersianDigits(seeded.redCross.nationalCode)) });
    await expect(option).toBeChecked();
    await expect(page.locator('[data-eligibility="ineligible"]').first()).toContainText('✗');
    await page.getByLabel(fa('tickets.form.explanation')).fill('کارگاه پیش از کرونا فعال بوده و کارگرانش بیمه نداشته‌اند؛ تصویر مجوز پیوست است.');
    const blobsBefore = blobCount();
    const dropInput = page.getByTestId('ticket-dropzone').locator('input[type="file"]');
    await dropInput.setInputFiles(file('red-permit.png'));
    await expect(page.getByText(fa('tickets.form.uploaded', { name: 'red-permit.png' }))).toBeVisible();
    // The same bytes again under another name: one blob (stored by SHA-256).
    await dropInput.setInputFiles(file('red-permit-copy.png'));
    await expect(page.getByText(fa('tickets.form.duplicate', { name: 'red-permit-copy.png' }))).toBeVisible();
    expect(blobCount()).toBe(blobsBefore + 1);
    await page.getByRole('button', { name: fa('tickets.form.submit') }).click();
    await page.waitForURL(/#\/tickets\/[0-9a-f-]{36}$/);
    const [ticket] = dbRows<{ id: string; tracking_number: string }>('select id, tracking_number from tickets where case_id = ?', seeded.redCross.caseId);
    await expect(page.getByRole('status').filter({ hasText: fa('tickets.form.filed', { tracking: ticket!.tracking_number }) })).toBeVisible();
    await logout(page);

    await login(page, 'reviewer');
    await openTicketFromQueue(page, ticket!.tracking_number);
    await page.getByRole('button', { name: fa('tickets.action.reject') }).click();
    await expect(page.getByText(fa('validation.reasonRequired'))).toBeVisible();
    await page.getByLabel(fa('tickets.canned')).selectOption('rejectInsured');
    await page.getByRole('button', { name: fa('tickets.action.reject') }).click();
    await expect(page.locator('[data-status="rejected"]').first()).toBeVisible();
    await expect(page.getByText(fa('tickets.decisionRecord', { reason: fa('tickets.canned.rejectInsured') }))).toBeVisible();
    await expectAccessible(page);
    await logout(page);

    await login(page, 'clerk');
    const current = await api(page, 'cases.get', { caseId: seeded.redCross.caseId });
    const submit = await api(page, 'cases.submit', { caseId: seeded.redCross.caseId, expectedVersion: current.data.version });
    expect(submit.ok).toBe(false);
    expect(submit.error!.message).toBe(fa('workflow.workshopIneligible'));
    expect(consoleErrors).toEqual([]);
  });
});
