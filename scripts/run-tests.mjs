// `npm test`: type-check, build, then unit + integration (vitest) and e2e (Playwright in
// Chromium against the browser host). Ends with one line `N passed, N failed` for CI.
import { spawn, spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, readFileSync, rmSync } from 'node:fs';
import { availableParallelism } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const bin = (name) => join(root, 'node_modules', '.bin', name);
const env = { ...process.env, FORCE_COLOR: '0' };
const run = (cmd, args) => spawnSync(cmd, args, { cwd: root, stdio: 'inherit', env }).status ?? 1;
const results = join(root, 'test-results');
mkdirSync(results, { recursive: true });

let passed = 0;
let failed = 0;
const step = (name, ok) => {
  if (ok) passed += 1;
  else {
    failed += 1;
    console.error(`✗ ${name} failed`);
  }
};

/** Runs a command with its output held back, printed whole when it ends (so parallel steps don't interleave). */
function runQuietly(cmd, args) {
  return new Promise((resolve) => {
    const child = spawn(cmd, args, { cwd: root, env, stdio: ['ignore', 'pipe', 'pipe'] });
    let out = '';
    let stdout = '';
    child.stdout.on('data', (c) => { out += c; stdout += c; });
    child.stderr.on('data', (c) => { out += c; });
    child.on('error', (e) => resolve({ status: 1, out: `${out}${e.message}\n`, stdout }));
    child.on('close', (status) => resolve({ status: status ?? 1, out, stdout }));
  });
}

/** The checks and builds are independent: run them a core each (about 40 s in a row, 25 s side by side on 2 cores). */
async function runSideBySide(steps) {
  const queue = [...steps];
  const outcomes = new Map();
  const lane = async () => {
    for (let s = queue.shift(); s; s = queue.shift()) {
      const started = Date.now();
      const r = await runQuietly(s.cmd, s.args);
      process.stdout.write(`── ${s.name}: ${r.status === 0 ? 'ok' : 'FAILED'} (${((Date.now() - started) / 1000).toFixed(1)} s)\n${r.status === 0 ? '' : r.out}`);
      outcomes.set(s.name, r);
    }
  };
  await Promise.all(Array.from({ length: Math.min(availableParallelism(), steps.length) }, lane));
  for (const s of steps) step(s.name, outcomes.get(s.name).status === 0);
  return outcomes;
}

const TEST_PROGRAMS = 'build (the CLI and child scripts the tests spawn)';
const prepared = await runSideBySide([
  { name: 'type-check (main, shared, tests)', cmd: bin('tsc'), args: ['-p', 'tsconfig.json'] },
  { name: 'build (electron-vite: main, preload, renderer)', cmd: bin('electron-vite'), args: ['build'] },
  { name: 'type-check (renderer)', cmd: bin('tsc'), args: ['-p', 'tsconfig.web.json'] },
  { name: TEST_PROGRAMS, cmd: bin('tsx'), args: ['tests/support/test-build.ts'] },
  { name: 'type-check (e2e)', cmd: bin('tsc'), args: ['-p', 'tsconfig.e2e.json'] },
]);
// Both runners use this one build (their global setups build their own when run alone).
const testPrograms = prepared.get(TEST_PROGRAMS).stdout.trim().split('\n').pop();
const builtHere = Boolean(testPrograms && existsSync(testPrograms));
if (builtHere) env.KARA_TEST_BUILD = testPrograms;

const vitestJson = join(results, 'vitest.json');
rmSync(vitestJson, { force: true });
const vitestStatus = run(bin('vitest'), ['run', '--reporter=default', '--reporter=json', `--outputFile.json=${vitestJson}`]);
if (existsSync(vitestJson)) {
  const report = JSON.parse(readFileSync(vitestJson, 'utf8'));
  passed += report.numPassedTests;
  const counted = report.numFailedTests + (report.numFailedTestSuites ?? 0);
  failed += counted;
  // An error outside any test (an unhandled rejection) fails the run but no test in the report.
  if (vitestStatus !== 0 && counted === 0) step(`vitest exited with ${vitestStatus}`, false);
} else step('vitest produced no report', false);

const e2eJson = join(results, 'e2e-report.json');
rmSync(e2eJson, { force: true });
const e2eStatus = run(bin('playwright'), ['test']);
if (existsSync(e2eJson)) {
  const stats = JSON.parse(readFileSync(e2eJson, 'utf8')).stats;
  passed += stats.expected + stats.flaky;
  failed += stats.unexpected;
  if (stats.expected + stats.unexpected + stats.flaky === 0) step('e2e ran no test', false);
  // A global setup or teardown that failed fails the run, not a test.
  else if (e2eStatus !== 0 && stats.unexpected === 0) step(`playwright exited with ${e2eStatus}`, false);
} else step('playwright produced no report', false);

if (builtHere) rmSync(testPrograms, { recursive: true, force: true });

console.log(`\n${passed} passed, ${failed} failed`);
process.exit(failed === 0 ? 0 : 1);
