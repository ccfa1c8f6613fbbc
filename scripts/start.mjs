// `npm start`: builds the app and launches it in Electron. Where Electron's binary cannot be
// had (an offline machine: it downloads on first launch), says so plainly and serves the same
// app from the loopback browser host instead, printing the URL to open.
import { spawn, spawnSync } from 'node:child_process';
import { copyFileSync, cpSync, existsSync, mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const require = createRequire(import.meta.url);
const bin = (name) => join(root, 'node_modules', '.bin', process.platform === 'win32' ? `${name}.cmd` : name);
const run = (cmd, args, opts = {}) => spawnSync(cmd, args, { cwd: root, stdio: 'inherit', shell: process.platform === 'win32', ...opts });

console.log('Building Kara Desk (main, preload, renderer)…');
if (run(bin('electron-vite'), ['build']).status !== 0) process.exit(1);

const electronVersion = JSON.parse(readFileSync(join(root, 'node_modules/electron/package.json'), 'utf8')).version;
const probe = spawnSync(process.execPath, ['-e', "process.stdout.write(require('electron'))"], { cwd: root, encoding: 'utf8', timeout: 300_000 });
const electronPath = probe.status === 0 ? probe.stdout.trim() : null;

if (electronPath && existsSync(electronPath) && ensureElectronSqlite()) {
  const child = spawn(electronPath, ['.'], { cwd: root, stdio: 'inherit' });
  child.on('exit', (code) => process.exit(code ?? 0));
} else {
  const reason = `${probe.stderr ?? ''}`.split('\n').map((l) => l.trim()).filter(Boolean).find((l) => /error/i.test(l));
  console.log('');
  if (reason) console.log(`Why: ${reason}`);
  console.log(`Electron ${electronVersion} could not be started on this machine (its binary could not be downloaded, or`);
  console.log('better-sqlite3 could not be built for it). Kara Desk runs in the browser host instead:');
  console.log('the same screens and database, served on 127.0.0.1 only. Open the URL below in Chromium.');
  console.log('');
  const child = spawn(bin('tsx'), ['src-main/hosts/cli/index.ts', 'serve', ...process.argv.slice(2)], { cwd: root, stdio: 'inherit', shell: process.platform === 'win32' });
  child.on('exit', (code) => process.exit(code ?? 0));
}

/**
 * better-sqlite3 for Electron's ABI, built in a copy under .cache/ so the copy in node_modules
 * stays built for Node (the tests load it). Never electron-rebuild in place.
 */
function ensureElectronSqlite() {
  const target = join(root, '.cache/electron-native/better_sqlite3.node');
  const stamp = join(root, '.cache/electron-native/electron-version');
  if (existsSync(target) && existsSync(stamp) && readFileSync(stamp, 'utf8') === electronVersion) return true;
  const work = join(root, '.cache/electron-native/build');
  rmSync(work, { recursive: true, force: true });
  mkdirSync(work, { recursive: true });
  cpSync(dirname(require.resolve('better-sqlite3/package.json')), work, { recursive: true, filter: (p) => !p.includes(`${join('build', 'Release')}`) });
  const env = { ...process.env, npm_config_runtime: 'electron', npm_config_target: electronVersion, npm_config_disturl: 'https://electronjs.org/headers' };
  const prebuilt = run(bin('prebuild-install'), ['--runtime', 'electron', '--target', electronVersion], { cwd: work, env });
  if (prebuilt.status !== 0 && run('npm', ['exec', '--yes', '--', 'node-gyp', 'rebuild', '--release'], { cwd: work, env }).status !== 0) return false;
  copyFileSync(join(work, 'build/Release/better_sqlite3.node'), target);
  writeFileSync(stamp, electronVersion);
  return true;
}
