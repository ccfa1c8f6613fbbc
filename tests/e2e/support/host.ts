import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { appendFileSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import BetterSqlite3 from 'better-sqlite3';
import { tmpdir } from 'node:os';
import { basename, dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { test as base, expect } from '@playwright/test';
import AxeBuilder from '@axe-core/playwright';
import { translate } from '../../../src-shared/i18n';
import { builtCli } from '../../support/test-build';

const ROOT = join(dirname(fileURLToPath(import.meta.url)), '..', '..', '..');
/** Everything the hosts print, and the audit payloads of every e2e database, for the PII scan (zz-pii-scan.spec.ts). */
export const E2E_LOG_DIR = join(ROOT, 'test-results', 'e2e-logs');

export interface KaraHost {
  url: string;
  dbPath: string;
  /** Runs the real CLI against this host's database. */
  cli(args: string[], stdin?: string): { status: number; stdout: string; stderr: string };
}

export function runCli(dbPath: string, args: string[], stdin?: string) {
  const result = spawnSync(process.execPath, [builtCli(), ...args, '--db', dbPath], { cwd: ROOT, input: stdin ?? '', encoding: 'utf8' });
  return { status: result.status ?? -1, stdout: result.stdout, stderr: result.stderr };
}

/** A fresh database in a temp folder, prepared by `prepare` (given the CLI and the file), served by the real `serve` command. */
export async function startHost(prepare: (cli: KaraHost['cli'], dbPath: string) => void): Promise<KaraHost & { stop(): Promise<void> }> {
  const dir = mkdtempSync(join(tmpdir(), 'kara-e2e-'));
  const dbPath = join(dir, 'kara.sqlite');
  mkdirSync(E2E_LOG_DIR, { recursive: true });
  const logFile = join(E2E_LOG_DIR, `${basename(dir)}.log`);
  const log = (text: string | Buffer) => appendFileSync(logFile, text);
  const cli: KaraHost['cli'] = (args, stdin) => {
    const r = runCli(dbPath, args, stdin);
    log(`$ kara-desk ${args[0] ?? ''} ${args[1] ?? ''}\n${r.stdout}${r.stderr}`);
    if (r.status !== 0) throw new Error(`kara-desk ${args.join(' ')} failed (${r.status}): ${r.stderr}`);
    return r;
  };
  cli(['db', 'migrate']);
  prepare(cli, dbPath);
  const rendererDir = join(process.env.KARA_OUT_DIR ?? join(ROOT, 'out'), 'renderer');
  const child: ChildProcess = spawn(process.execPath, [builtCli(), 'serve', '--db', dbPath, '--renderer-dir', rendererDir], { cwd: ROOT, stdio: ['ignore', 'pipe', 'pipe'] });
  const url = await new Promise<string>((resolve, reject) => {
    let out = '';
    const timer = setTimeout(() => reject(new Error(`serve did not print its URL: ${out}`)), 30_000);
    child.stdout!.on('data', (chunk: Buffer) => {
      log(chunk);
      out += chunk.toString();
      const match = /(http:\/\/127\.0\.0\.1:\d+\/\?token=[\w-]+)/.exec(out);
      if (match) {
        clearTimeout(timer);
        resolve(match[1]!);
      }
    });
    child.stderr!.on('data', (chunk: Buffer) => {
      log(chunk);
      process.stderr.write(chunk);
    });
    child.once('exit', (code) => reject(new Error(`serve exited with ${code}: ${out}`)));
  });
  return {
    url,
    dbPath,
    cli,
    async stop() {
      child.kill('SIGTERM');
      await new Promise((resolve) => child.once('exit', resolve));
      dumpAuditPayloads(dbPath, join(E2E_LOG_DIR, `${basename(dir)}.audit.jsonl`));
      rmSync(dir, { recursive: true, force: true });
    },
  };
}

export const PASSWORD = 'Kara-desk-2020';

function dumpAuditPayloads(dbPath: string, to: string): void {
  const db = new BetterSqlite3(dbPath, { readonly: true, fileMustExist: true });
  try {
    const rows = db.prepare('select id, action, entity_id, payload from audit_events order by id').all();
    writeFileSync(to, rows.map((r) => JSON.stringify(r)).join('\n') + '\n');
  } finally {
    db.close();
  }
}

/** Fails the test on any console error or uncaught page error. */
export const test = base.extend<{ consoleErrors: string[] }>({
  consoleErrors: async ({ page }, use) => {
    const errors: string[] = [];
    page.on('console', (msg) => {
      if (msg.type() === 'error') errors.push(msg.text());
    });
    page.on('pageerror', (err) => errors.push(err.message));
    await use(errors);
    expect(errors, 'console errors').toEqual([]);
  },
});
export { expect };

type AxeViolation = Awaited<ReturnType<AxeBuilder['analyze']>>['violations'][number];

/** axe-core itself, the version @axe-core/playwright pins. */
const AXE_SOURCE = readFileSync(createRequire(createRequire(import.meta.url).resolve('@axe-core/playwright')).resolve('axe-core/axe.min.js'), 'utf8');

/**
 * axe-core run in the page, loaded once per document. AxeBuilder.analyze() evaluates axe's
 * 0.5 MB source again and opens a blank page for every check — about 30 s of a 55-s intake
 * walk-through. The same rules run either way; a page with frames still goes through
 * AxeBuilder, which checks inside them.
 */
async function axeViolations(page: import('@playwright/test').Page): Promise<AxeViolation[]> {
  // The resting state: a toast or tooltip caught fading in reads as white on white (a CI run
  // failed on contrast 1.03 that way). Endless animations (a running progress bar) are not waited for.
  await page.evaluate(() =>
    Promise.race([
      Promise.all(document.getAnimations().filter((a) => a.effect?.getComputedTiming().iterations !== Infinity).map((a) => a.finished.catch(() => undefined))),
      new Promise((resolve) => setTimeout(resolve, 2000)),
    ]),
  );
  if (page.frames().length > 1) return (await new AxeBuilder({ page }).analyze()).violations;
  const loaded = await page.evaluate(() => 'axe' in window);
  if (!loaded) await page.evaluate(AXE_SOURCE);
  return page.evaluate(async () => {
    const axe = (window as unknown as { axe: { run(context: Document, options: object): Promise<{ violations: AxeViolation[] }> } }).axe;
    return (await axe.run(document, { resultTypes: ['violations'] })).violations;
  });
}

/** axe-core: no serious or critical violations. */
export async function expectAccessible(page: import('@playwright/test').Page): Promise<void> {
  const bad = (await axeViolations(page)).filter((v) => v.impact === 'serious' || v.impact === 'critical');
  expect(bad.map((v) => `${v.id}: ${v.help} at ${v.nodes.map((n) => `${n.target.join(' ')} ${n.failureSummary ?? ''}`).join(' | ')}`)).toEqual([]);
}

/** Signs in through the login page, in Persian. */
export async function loginAs(page: import('@playwright/test').Page, url: string, username: string): Promise<void> {
  const fa = (key: string) => translate('fa', key);
  await page.goto(url);
  await page.getByLabel(fa('login.username'), { exact: true }).fill(username);
  await page.getByLabel(fa('login.password'), { exact: true }).fill(PASSWORD);
  await page.getByRole('button', { name: fa('login.submit') }).click();
  // scrypt at N=2^17 on a loaded machine can take several seconds.
  await expect(page.getByRole('button', { name: fa('nav.logout') })).toBeVisible({ timeout: 30_000 });
}

/**
 * The page's console errors, like the host fixture's check, except that refusals a test
 * provokes on purpose come back as HTTP 4xx, which Chromium logs as "Failed to load resource".
 */
export function watchConsole(page: import('@playwright/test').Page): string[] {
  const errors: string[] = [];
  page.on('console', (msg) => {
    if (msg.type() === 'error' && !/^Failed to load resource: the server responded with a status of 4\d\d/.test(msg.text())) errors.push(msg.text());
  });
  page.on('pageerror', (err) => errors.push(err.message));
  return errors;
}
