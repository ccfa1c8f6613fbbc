// The supervisor's sync screen end to end. The browser host is an agency office; beside it, in
// this process's temp folder, tests/support/sync-e2e-peers.ts builds central (with demo cases)
// and a second computer of the same agency with the project's own services, all trusting each
// other. In Chromium the supervisor exports to a folder, imports central's bundles (new, again,
// byte-flipped, and one that conflicts with a change made here) and resolves the conflict.
import { spawnSync } from 'node:child_process';
import { copyFileSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import BetterSqlite3 from 'better-sqlite3';
import type { Locator, Page } from '@playwright/test';
import { test, expect as baseExpect, startHost, runCli, PASSWORD, expectAccessible, loginAs, watchConsole } from './support/host';
import { translate } from '../../src-shared/i18n';
import { formatDateTime, toPersianDigits } from '../../src-shared/domain';
import { formatTrackingCode } from '../../src-shared/workflow/tracking';
import { builtChild } from '../support/test-build';

// The machine is shared with other builds: allow slow renders (no timing is asserted).
const expect = baseExpect.configure({ timeout: 20_000 });
const fa = (key: string, params?: Record<string, string | number>) => translate('fa', key, params);
const faNumber = (n: number) => toPersianDigits(String(n));
const ROOT = join(dirname(fileURLToPath(import.meta.url)), '..', '..');

interface Setup { agencyCode: string; hostOffice: string; secondOffice: string; caseId: string; bundles: [string, string, string] }

let host: Awaited<ReturnType<typeof startHost>>;
const login = (page: Page, username: string) => loginAs(page, host.url, username);
let work: string;
let setup: Setup;

function peers(args: string[]): string {
  const r = spawnSync(process.execPath, [builtChild('sync-e2e-peers'), ...args], { cwd: ROOT, encoding: 'utf8' });
  if (r.status !== 0) throw new Error(`sync-e2e-peers ${args[0]} failed: ${r.stderr}`);
  return r.stdout.trim().split('\n').pop()!;
}

function read<T>(query: string, ...params: unknown[]): T {
  const db = new BetterSqlite3(host.dbPath, { readonly: true });
  try {
    return db.prepare(query).get(...params) as T;
  } finally {
    db.close();
  }
}

/** What an import would change; the audit log is left out (starting an import is audited). */
const snapshot = () => read<Record<string, number>>(`select (select count(*) from cases) as cases, (select count(*) from case_flow) as flow,
  (select coalesce(sum(version), 0) from cases) as versions, (select count(*) from applicants) as applicants,
  (select count(*) from sync_received) as received, (select count(*) from sync_conflicts) as conflicts`);

/** The conflicting case's tracking code as the screen writes it: in the locale's digits, isolated left to right. */
function tracking(locale: 'fa' | 'en' = 'fa'): string {
  const code = formatTrackingCode(read<{ tracking_code: string }>('select tracking_code from cases where id = ?', setup.caseId).tracking_code);
  return `\u2066${locale === 'fa' ? toPersianDigits(code) : code}\u2069`;
}

/** One byte of a member's stored data flipped (found by its zip local header, whose name is plain text). */
function flipByteOfMember(zip: Buffer, member: string): Buffer {
  const name = Buffer.from(member);
  let header = -1;
  // The name also appears in manifest.json's member list: the local header is the occurrence
  // preceded by the header's signature.
  for (let at = zip.indexOf(name); at >= 0 && header < 0; at = zip.indexOf(name, at + 1)) {
    if (at >= 30 && zip.readUInt32LE(at - 30) === 0x04034b50) header = at - 30;
  }
  if (header < 0) throw new Error(`no local header for ${member}`);
  const data = header + 30 + zip.readUInt16LE(header + 26) + zip.readUInt16LE(header + 28);
  const copy = Buffer.from(zip);
  copy[data + 5] = copy[data + 5]! ^ 0xff;
  return copy;
}

async function importFile(page: Page, file: string): Promise<Locator> {
  const panel = page.getByRole('region', { name: fa('sync.import'), exact: true });
  await panel.getByLabel(fa('sync.file')).fill(file);
  // Keyboard only: Enter in the field submits the form.
  await panel.getByLabel(fa('sync.file')).press('Enter');
  return panel;
}

const summaryItem = (panel: Locator, item: string) => panel.getByTestId('sync-import-summary').locator(`[data-item="${item}"]`);

test.describe('sync screen', () => {
  test.describe.configure({ timeout: 150_000 });
  test.beforeAll(async () => {
    test.setTimeout(120_000);
    work = mkdtempSync(join(tmpdir(), 'kara-sync-e2e-'));
    host = await startHost((_cli, dbPath) => {
      setup = JSON.parse(peers(['prepare', dbPath, work, PASSWORD])) as Setup;
    });
  });
  test.afterAll(async () => {
    await host?.stop();
    if (work) rmSync(work, { recursive: true, force: true });
  });

  test('a supervisor exports, imports (new, again, tampered), and resolves a conflict shown side by side', async ({ page }) => {
    const consoleErrors = watchConsole(page);
    await login(page, 'boss');
    await page.goto(`${new URL(host.url).origin}/#/sync`);
    await expect(page.getByRole('heading', { level: 1, name: fa('sync.title') })).toBeVisible();
    const history = page.getByTestId('sync-history');

    await test.step('export: the destination is a trusted peer, the folder a checked full path', async () => {
      const panel = page.getByRole('region', { name: fa('sync.export'), exact: true });
      const target = panel.getByLabel(fa('sync.target'));
      await expect(target).toHaveValue('CENTRAL');
      await expect(target.locator('option')).toHaveText([fa('sync.peerOption', { office: 'Central (CENTRAL)', kind: fa('officeKind.central') })]);
      const folder = panel.getByLabel(fa('sync.folder'));
      await panel.getByRole('button', { name: fa('sync.export') }).click();
      await expect(panel.getByText(fa('sync.folderRequired'))).toBeVisible();
      await expect(folder).toHaveAttribute('aria-invalid', 'true');
      const nowhere = join(work, 'no-such-folder');
      await folder.fill(nowhere);
      await panel.getByRole('button', { name: fa('sync.export') }).click();
      await expect(panel.getByText(fa('sync.folderNotFound', { folder: nowhere }))).toBeVisible();

      const usb = join(work, 'usb');
      mkdirSync(usb);
      await folder.fill(usb);
      await panel.getByRole('button', { name: fa('sync.export') }).click();
      await expect(panel.getByRole('progressbar', { name: fa('sync.exportProgress') })).toHaveAttribute('aria-valuenow', '100');
      // The export announced its total: records of total, every one written.
      await expect(panel.getByTestId('sync-export-progress-text')).toHaveText(/ (\S+) از \1 رکورد /);
      const [written] = readdirSync(usb);
      expect(written).toMatch(new RegExp(`^kara-${setup.hostOffice}-to-CENTRAL-.*\\.kdb$`));
      await expect(panel.getByTestId('sync-export-file')).toHaveText(join(usb, written!));
      expect(statSync(join(usb, written!)).size).toBeGreaterThan(0);
      // Central can read it: signed by a key it trusts, encrypted to it, every hash right.
      const verified = runCli(join(work, 'central.sqlite'), ['sync', 'verify', join(usb, written!)]);
      expect(verified.stdout, verified.stderr).toContain(`bundle ${setup.hostOffice} #1 to CENTRAL`);
      const sent = history.locator('tr[data-direction="sent"]');
      await expect(sent).toHaveCount(1);
      await expect(sent).toContainText(fa('sync.dir.sent', { peer: 'CENTRAL' }));
      await expect(sent).toContainText(fa('sync.ack.sentNo'));
    });

    const [first, , third] = setup.bundles;
    await test.step("import central's first bundle: progress to 100%, an itemised summary, a history row", async () => {
      const panel = await importFile(page, first);
      await expect(panel.getByRole('progressbar', { name: fa('sync.importProgress') })).toHaveAttribute('aria-valuenow', '100');
      await expect(panel.getByText(fa('sync.importApplied', { seq: faNumber(1), source: 'CENTRAL' }))).toBeVisible();
      const arrived = read<{ n: number }>('select count(*) as n from cases').n;
      expect(arrived).toBeGreaterThan(0);
      await expect(summaryItem(panel, 'newCases')).toHaveText(`${fa('sync.summary.newCases')}: ${faNumber(arrived)}`);
      for (const item of ['updatedCases', 'decisions', 'tickets', 'attachments', 'referenceUpdates', 'refusedCases', 'conflicts']) {
        await expect(summaryItem(panel, item)).toContainText(fa(`sync.summary.${item}`));
      }
      await expect(summaryItem(panel, 'conflicts')).toHaveText(`${fa('sync.summary.conflicts')}: ${faNumber(0)}`);
      const { applied_at: appliedAt } = read<{ applied_at: string }>("select applied_at from sync_received where source = 'CENTRAL' and seq = 1");
      const row = history.locator('tr[data-direction="received"]');
      await expect(row).toHaveCount(1);
      await expect(row).toContainText(formatDateTime(appliedAt, 'fa')); // Jalali, Persian digits
      await expect(row).toContainText(fa('sync.dir.received', { peer: 'CENTRAL' }));
      await expect(row).toContainText(fa('sync.ack.receivedNo'));
    });

    await test.step('the same file again: reported as already imported, nothing changed', async () => {
      const before = snapshot();
      const panel = await importFile(page, first);
      await expect(panel.getByText(fa('sync.importDuplicate', { seq: faNumber(1), source: 'CENTRAL' }))).toBeVisible();
      await expect(panel.getByTestId('sync-import-summary')).toHaveCount(0);
      expect(snapshot()).toEqual(before);
      await expect(history.locator('tr[data-direction="received"]')).toHaveCount(1);
    });

    await test.step('a byte-flipped copy: refused, the database unchanged', async () => {
      const flipped = join(work, 'flipped.kdb');
      copyFileSync(third, flipped);
      writeFileSync(flipped, flipByteOfMember(readFileSync(flipped), 'records/cases.ndjson'));
      const before = snapshot();
      const panel = await importFile(page, flipped);
      // Said in Persian: nothing changed, the file is damaged, copy it again; the English detail beneath, left to right.
      const alert = panel.getByRole('alert').filter({ hasText: fa('sync.importRefused') });
      await expect(alert).toBeVisible();
      await expect(alert).toHaveAttribute('data-refusal', 'damaged');
      await expect(alert).toContainText(fa('sync.refusal.damaged'));
      const detail = alert.getByTestId('sync-refusal-detail');
      await expect(detail).toHaveAttribute('dir', 'ltr');
      await expect(detail).toContainText('records/cases.ndjson');
      await expect(panel.getByRole('progressbar', { name: fa('sync.importProgress') })).not.toHaveAttribute('aria-valuenow', '100');
      expect(snapshot()).toEqual(before);
      await expectAccessible(page);
      await page.screenshot({ path: 'test-results/screens/sync-refused.png', fullPage: true });
    });

    await test.step('a case changed here and at the other agency computer arrives as a conflict', async () => {
      peers(['take', host.dbPath, setup.caseId]); // this office's reviewer takes it meanwhile
      const panel = await importFile(page, third);
      await expect(panel.getByText(fa('sync.importApplied', { seq: faNumber(3), source: 'CENTRAL' }))).toBeVisible();
      // Bundle #2 never came: the import says so, and so do the history and the peers table.
      await expect(panel.getByText(fa('sync.importGap', { list: fa('sync.seq', { seq: faNumber(2) }), source: 'CENTRAL' }))).toBeVisible();
      await expect(summaryItem(panel, 'conflicts')).toHaveText(`${fa('sync.summary.conflicts')}: ${faNumber(1)}`);
      await expect(panel.getByRole('list', { name: fa('sync.attentionTitle') })).toHaveText(fa('sync.attentionItem', { caseId: tracking(), outcome: fa('sync.outcome.conflict') }));
      await expect(history.locator('tr[data-gap="true"]')).toContainText(fa('sync.gapDetail', { seq: faNumber(2), peer: 'CENTRAL' }));
      await expect(page.getByTestId('sync-peers')).toContainText(fa('sync.seq', { seq: faNumber(2) }));

      const conflict = page.getByTestId('sync-conflict');
      await expect(conflict).toHaveCount(1);
      const field = (name: string) => conflict.locator(`tr[data-field="${name}"]`);
      await expect(field('stage')).toHaveAttribute('data-differs', 'true');
      await expect(field('stage').locator('td').nth(0)).toHaveText(fa('stage.agency_review'));
      await expect(field('stage').locator('td').nth(1)).toHaveText(fa('stage.agency_rejected'));
      await expect(field('agency')).toHaveAttribute('data-differs', 'false');
      await expect(field('branch')).toHaveAttribute('data-differs', 'false');
      await expect(field('lastAction').locator('td').nth(1)).toContainText(fa('action.agency_reject'));
      await expect(field('lastBy').locator('td').nth(0)).toContainText('سارا احمدی');
      await expect(field('lastBy').locator('td').nth(1)).toContainText('امیر نوروزی');
      await expectAccessible(page);
      await page.screenshot({ path: 'test-results/screens/sync-conflict.png', fullPage: true });
    });

    await test.step('taking the incoming version is explained, then refused by the workflow rules; keeping ours resolves it', async () => {
      const conflict = page.getByTestId('sync-conflict');
      await conflict.getByRole('button', { name: fa('sync.keepRemote') }).click();
      let dialog = page.getByRole('dialog', { name: fa('sync.confirmTitleRemote') });
      await expect(dialog).toContainText(fa('sync.confirmKeepRemote', { source: 'CENTRAL' }));
      await dialog.getByRole('button', { name: fa('sync.confirm') }).click();
      const section = page.getByRole('region', { name: fa('sync.conflicts'), exact: true });
      await expect(section.getByRole('alert')).toBeVisible();
      await expect(conflict).toHaveCount(1);
      expect(read<{ status: string }>('select status from sync_conflicts').status).toBe('open');

      await conflict.getByRole('button', { name: fa('sync.keepLocal') }).click();
      dialog = page.getByRole('dialog', { name: fa('sync.confirmTitleLocal') });
      await expect(dialog).toContainText(fa('sync.confirmKeepLocal', { source: 'CENTRAL' }));
      await dialog.getByRole('button', { name: fa('sync.confirm') }).click();
      await expect(section.getByRole('status')).toHaveText(fa('sync.resolvedLocal', { tracking: tracking() }));
      await expect(conflict).toHaveCount(0);
      await expect(section.getByText(fa('sync.conflictsEmpty'))).toBeVisible();
      expect(read<{ status: string }>('select status from sync_conflicts').status).toBe('kept_local');
      expect(read<{ stage: string }>('select stage from cases where id = ?', setup.caseId).stage).toBe('agency_review');
    });

    await test.step('in English the history reads in Gregorian dates', async () => {
      await page.getByRole('button', { name: fa('locale.switch') }).click();
      await expect(page.getByRole('heading', { level: 1, name: translate('en', 'sync.title') })).toBeVisible();
      const { applied_at: appliedAt } = read<{ applied_at: string }>("select applied_at from sync_received where source = 'CENTRAL' and seq = 1");
      await expect(history).toContainText(formatDateTime(appliedAt, 'en'));
      await expect(history.locator('tr[data-gap="true"]')).toContainText(translate('en', 'sync.gapDetail', { seq: 2, peer: 'CENTRAL' }));
      // Notices follow the switch too.
      await expect(page.getByRole('region', { name: 'Conflicts', exact: true }).getByRole('status')).toHaveText(translate('en', 'sync.resolvedLocal', { tracking: tracking('en') }));
      await page.screenshot({ path: 'test-results/screens/sync-en.png', fullPage: true });
    });
    expect(consoleErrors).toEqual([]);
  });
});
