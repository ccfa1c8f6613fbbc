// The Node programs the tests spawn — the CLI host (with its sync worker) and the crash tests'
// and e2e fixtures' child scripts — bundled once per test run, as Electron's main is built,
// instead of compiled again by tsx in every child: tsx takes about 2 s to start a child here,
// the bundle 0.2 s, and the tests spawn over a hundred. Built into node_modules/.cache so the
// bundles resolve their external packages from the project's node_modules.
import { existsSync, mkdtempSync, mkdirSync, readdirSync, rmSync, statSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const ROOT = join(dirname(fileURLToPath(import.meta.url)), '..', '..');
/** Where a run's build is, once made (set by the run, or by the global setup that made it). */
export const TEST_BUILD_ENV = 'KARA_TEST_BUILD';

/** The CLI sits at hosts/cli/index.js (where its entry check expects it), its worker beside it. */
const CLI_ENTRIES = { index: 'src-main/hosts/cli/index.ts', 'sync-worker': 'src-main/sync/worker.ts' };
const CHILD_ENTRIES = {
  'sync-import-child': 'tests/integration/sync/import-child.ts',
  'trust-crash-worker': 'tests/integration/trust/crash-worker.ts',
  'sync-e2e-peers': 'tests/support/sync-e2e-peers.ts',
  'ticket-e2e-seed': 'tests/support/ticket-e2e-seed.ts',
};
export type TestChild = keyof typeof CHILD_ENTRIES;

const absolute = (entries: Record<string, string>) => Object.fromEntries(Object.entries(entries).map(([name, file]) => [name, join(ROOT, file)]));

/** Builds both bundles into a fresh folder and returns it. */
export async function buildTestPrograms(): Promise<string> {
  const { bundleForNode } = await import('../../scripts/build/node-bundle');
  const cache = join(ROOT, 'node_modules', '.cache');
  mkdirSync(cache, { recursive: true });
  // Builds left by runs that were stopped before they cleaned up (a day old: no run takes that long).
  for (const old of readdirSync(cache).filter((n) => n.startsWith('kara-test-build-'))) {
    const path = join(cache, old);
    if (Date.now() - statSync(path).mtimeMs > 86_400_000) rmSync(path, { recursive: true, force: true });
  }
  const dir = mkdtempSync(join(cache, 'kara-test-build-'));
  // Two builds: in one, modules shared with the children would move the CLI's sync-job code
  // into a shared chunk, and its worker (found beside that code) would no longer be found.
  await bundleForNode(absolute(CLI_ENTRIES), join(dir, 'hosts', 'cli'), '[name].js');
  await bundleForNode(absolute(CHILD_ENTRIES), join(dir, 'children'), '[name].js');
  return dir;
}

/** The newest modification time of the sources the programs are built from. */
function newestSource(): number {
  let newest = 0;
  const walk = (dir: string) => {
    for (const e of readdirSync(dir, { withFileTypes: true })) {
      const path = join(dir, e.name);
      if (e.isDirectory()) walk(path);
      else if (/\.[cm]?[jt]sx?$/.test(e.name)) newest = Math.max(newest, statSync(path).mtimeMs);
    }
  };
  for (const dir of ['src-main', 'src-shared', 'tests']) walk(join(ROOT, dir));
  return newest;
}

/** A build named by the environment is used only if it exists and is newer than every source. */
function usableBuild(dir: string | undefined): dir is string {
  const cli = dir && join(dir, 'hosts', 'cli', 'index.js');
  return Boolean(cli && existsSync(cli) && statSync(cli).mtimeMs >= newestSource());
}

/** For a global setup: builds unless the run already did, and returns how to clean up. */
export async function ensureTestPrograms(): Promise<() => void> {
  if (usableBuild(process.env[TEST_BUILD_ENV])) return () => undefined;
  const dir = await buildTestPrograms();
  process.env[TEST_BUILD_ENV] = dir;
  return () => rmSync(dir, { recursive: true, force: true });
}

function buildDir(): string {
  const dir = process.env[TEST_BUILD_ENV];
  if (!dir) throw new Error(`${TEST_BUILD_ENV} is not set: run the tests through vitest or Playwright (their global setup builds the programs) or npm test`);
  return dir;
}

/** The bundled CLI, to run with `node`. */
export const builtCli = (): string => join(buildDir(), 'hosts', 'cli', 'index.js');
/** A bundled child script, to run with `node`. */
export const builtChild = (name: TestChild): string => join(buildDir(), 'children', `${name}.js`);

// `tsx tests/support/test-build.ts` builds and prints the folder: npm test builds once for both runners.
if (process.argv[1] && /test-build\.ts$/.test(process.argv[1])) process.stdout.write(`${await buildTestPrograms()}\n`);
