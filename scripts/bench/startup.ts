// Start-up and the screen: the CLI host is built into one file as Electron's main is (Vite,
// dependencies left in node_modules), started in its own process on the big database, timed to
// its first served page; then Chromium signs in and times the queue screen to its first rows;
// last, that process's resident memory — the main process of the desktop app.
import { spawn, type ChildProcess } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { performance } from 'node:perf_hooks';
import { chromiumExecutable } from '../../tests/e2e/support/chromium';
import { percentile, type Figures } from './figures';
import { bundleForNode } from '../build/node-bundle';
import { evictFromOsCache } from './os-cache';

/** Bundles src-main/hosts/cli into .bench/build (its entry check wants the path hosts/cli/index.*). */
async function buildCli(root: string): Promise<string> {
  const outDir = join(root, '.bench', 'build', 'hosts', 'cli');
  await bundleForNode({ index: join(root, 'src-main/hosts/cli/index.ts') }, outDir, 'index.mjs');
  return join(outDir, 'index.mjs');
}

function rssMb(pid: number): number {
  const kb = /VmRSS:\s+(\d+)/.exec(readFileSync(`/proc/${pid}/status`, 'utf8'));
  return kb ? Number(kb[1]) / 1024 : Number.NaN;
}

/** Each start is a first start of the day: the database out of the OS cache (the host reads it back in the background). */
async function startHost(cli: string, dbPath: string, rendererDir: string): Promise<{ child: ChildProcess; url: string; firstPageMs: number }> {
  evictFromOsCache(dbPath);
  const t0 = performance.now();
  const child = spawn(process.execPath, [cli, 'serve', '--db', dbPath, '--renderer-dir', rendererDir], { stdio: ['ignore', 'pipe', 'inherit'] });
  const url = await new Promise<string>((resolve, reject) => {
    let out = '';
    child.stdout!.on('data', (chunk: Buffer) => {
      out += chunk.toString();
      const match = /(http:\/\/127\.0\.0\.1:\d+\/\?token=[\w-]+)/.exec(out);
      if (match) resolve(match[1]!);
    });
    child.once('exit', (code) => reject(new Error(`serve exited with ${code}: ${out}`)));
  });
  // What the browser does: the token URL sets the launch cookie and redirects to the page.
  const hop = await fetch(url, { redirect: 'manual' });
  const cookie = (hop.headers.get('set-cookie') ?? '').split(';')[0]!;
  const page = await fetch(new URL(hop.headers.get('location') ?? '/', url), { headers: { cookie } });
  if (!page.ok || !(await page.text()).includes('<div id="root">')) throw new Error(`the first page was not served (${page.status})`);
  return { child, url, firstPageMs: performance.now() - t0 };
}

async function queueFirstRows(url: string, username: string, password: string): Promise<number[]> {
  const { chromium } = await import('@playwright/test');
  const browser = await chromium.launch({ executablePath: chromiumExecutable(), args: ['--no-sandbox', '--disable-dev-shm-usage', '--disable-gpu'] });
  try {
    const page = await browser.newPage({ locale: 'fa-IR', timezoneId: 'Asia/Tehran' });
    await page.goto(url);
    await page.locator('input[type=password]').waitFor();
    await page.locator('input:not([type=password])').first().fill(username);
    await page.locator('input[type=password]').fill(password);
    await page.locator('button[type=submit]').click();
    await page.getByTestId('queue-row').first().waitFor({ timeout: 60_000 });
    const samples: number[] = [];
    for (let i = 0; i < 20; i += 1) {
      await page.evaluate(`window.location.hash = '#/dashboard'`);
      await page.getByTestId('queue-row').first().waitFor({ state: 'detached' });
      // From the moment the user opens the queue to the first row painted, measured in the page.
      // (A string: scripts/ are type-checked without the DOM library.)
      samples.push((await page.evaluate(`new Promise((resolve) => {
        const t0 = performance.now();
        const done = () => requestAnimationFrame(() => resolve(performance.now() - t0));
        const observer = new MutationObserver(() => {
          if (document.querySelector('[data-testid="queue-row"]')) { observer.disconnect(); done(); }
        });
        observer.observe(document.body, { childList: true, subtree: true });
        window.location.hash = '#/queue';
      })`)) as number);
    }
    return samples.sort((a, b) => a - b);
  } finally {
    await browser.close();
  }
}

export async function measureStartup(figures: Figures, o: { root: string; dbPath: string; username: string; password: string; skipBrowser: boolean; log: (l: string) => void }): Promise<void> {
  const rendererDir = join(process.env.KARA_OUT_DIR ?? join(o.root, 'out'), 'renderer');
  if (!existsSync(join(rendererDir, 'index.html'))) {
    o.log(`(skipping start-up and browser figures: ${rendererDir} is not built; run npx electron-vite build)`);
    return;
  }
  const cli = await buildCli(o.root);
  const starts: number[] = [];
  for (let i = 0; i < 3; i += 1) {
    const { child, firstPageMs } = await startHost(cli, o.dbPath, rendererDir);
    starts.push(firstPageMs);
    child.kill('SIGTERM');
    await new Promise((resolve) => child.once('exit', resolve));
  }
  starts.sort((a, b) => a - b);
  figures.atMost('host start to first served page (built CLI, median of 3)', percentile(starts, 50), 'ms', 1000);
  const { child, url } = await startHost(cli, o.dbPath, rendererDir);
  try {
    if (!o.skipBrowser) {
      const rows = await queueFirstRows(url, o.username, o.password);
      figures.atMost('queue screen: first rows in Chromium p50', percentile(rows, 50), 'ms', 500);
      figures.atMost('queue screen: first rows in Chromium p95', percentile(rows, 95), 'ms', 500);
    }
    figures.atMost('main process resident memory after the run', rssMb(child.pid!), 'MB', 300);
  } finally {
    child.kill('SIGTERM');
    await new Promise((resolve) => child.once('exit', resolve));
  }
}
