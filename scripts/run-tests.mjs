// `npm test`: type-check, build, then unit + integration (vitest) and e2e (Playwright in
// Chromium against the browser host). Ends with one line `N passed, N failed` for CI.
import { spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, readFileSync, rmSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const bin = (name) => join(root, 'node_modules', '.bin', name);
const run = (cmd, args) => spawnSync(cmd, args, { cwd: root, stdio: 'inherit', env: { ...process.env, FORCE_COLOR: '0' } }).status ?? 1;
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

step('type-check (main, shared, tests)', run(bin('tsc'), ['-p', 'tsconfig.json']) === 0);
step('type-check (renderer)', run(bin('tsc'), ['-p', 'tsconfig.web.json']) === 0);
step('type-check (e2e)', run(bin('tsc'), ['-p', 'tsconfig.e2e.json']) === 0);
step('build (electron-vite: main, preload, renderer)', run(bin('electron-vite'), ['build']) === 0);

const vitestJson = join(results, 'vitest.json');
rmSync(vitestJson, { force: true });
run(bin('vitest'), ['run', '--reporter=default', '--reporter=json', `--outputFile.json=${vitestJson}`]);
if (existsSync(vitestJson)) {
  const report = JSON.parse(readFileSync(vitestJson, 'utf8'));
  passed += report.numPassedTests;
  failed += report.numFailedTests + (report.numFailedTestSuites ?? 0);
} else step('vitest produced no report', false);

const e2eJson = join(results, 'e2e-report.json');
rmSync(e2eJson, { force: true });
run(bin('playwright'), ['test']);
if (existsSync(e2eJson)) {
  const stats = JSON.parse(readFileSync(e2eJson, 'utf8')).stats;
  passed += stats.expected + stats.flaky;
  failed += stats.unexpected;
  if (stats.expected + stats.unexpected + stats.flaky === 0) step('e2e ran no test', false);
} else step('playwright produced no report', false);

console.log(`\n${passed} passed, ${failed} failed`);
process.exit(failed === 0 ? 0 : 1);
