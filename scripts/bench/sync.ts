// Sync at 100,000 cases: export and import between two real databases (import in the worker
// thread), beside a raw better-sqlite3 insert of the same rows, with peak memory and the
// longest stall of the main event loop while the worker imports. It runs in a process of its
// own: this one still holds the memory of the million-case session, which is not the import's.
// What runs is the bundled code, as the app ships it (bench.js beside sync-worker.js, the name
// the sync jobs start a built worker by), not the sources under tsx.
import { spawn } from 'node:child_process';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { SyncThroughput } from '../../src-main/sync/bench';
import { bundleForNode } from '../build/node-bundle';
import type { Figures } from './figures';

const ROOT = fileURLToPath(new URL('../..', import.meta.url));

/** Built into a folder named sync: bench.ts runs its own entry only from a path ending in sync/bench.*. */
async function buildSyncBench(): Promise<string> {
  const outDir = join(ROOT, '.bench', 'build', 'sync');
  await bundleForNode({ bench: join(ROOT, 'src-main/sync/bench.ts'), 'sync-worker': join(ROOT, 'src-main/sync/worker.ts') }, outDir, '[name].js');
  return join(outDir, 'bench.js');
}

function measureInChild(bench: string, cases: number): Promise<SyncThroughput> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [bench, String(cases)], { stdio: ['ignore', 'pipe', 'inherit'] });
    let out = '';
    child.stdout.on('data', (c: Buffer) => void (out += c.toString()));
    child.on('error', reject);
    child.on('exit', (code) => (code === 0 ? resolve(JSON.parse(out) as SyncThroughput) : reject(new Error(`sync bench failed (exit ${code})`))));
  });
}

export async function measureSync(figures: Figures, cases: number, log: (l: string) => void): Promise<void> {
  log(`sync: exporting and importing ${cases} cases…`);
  const r = await measureInChild(await buildSyncBench(), cases);
  log(`sync: bundle ${(r.bundleBytes / 1024 / 1024).toFixed(1)} MB, export ${r.exportSeconds.toFixed(1)} s, import ${r.importSeconds.toFixed(1)} s, raw insert ${r.rawInsertSeconds.toFixed(2)} s, refused ${r.refusedCases}`);
  figures.atLeast(`sync export [${cases} cases]`, r.exportCasesPerSecond, 'cases/s', 50_000);
  figures.atLeast(`sync import [${cases} cases]`, r.importCasesPerSecond, 'cases/s', 30_000);
  figures.atMost('sync import time ÷ raw better-sqlite3 insert of the same rows', r.importToRawRatio, '×', 3);
  figures.atMost('sync export: peak resident memory of its process', r.exportPeakRssMb, 'MB', 300);
  figures.atMost('sync import: peak resident memory of its process', r.importPeakRssMb, 'MB', 300);
  figures.atMost('sync: longest main-loop stall during import', r.longestMainLoopStallMs, 'ms', 50);
}
