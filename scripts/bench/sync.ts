// Sync at 100,000 cases: export and import between two real databases (import in the worker
// thread), beside a raw better-sqlite3 insert of the same rows, with peak memory and the
// longest stall of the main event loop while the worker imports.
import { measureSyncThroughput } from '../../src-main/sync/bench';
import type { Figures } from './figures';

export async function measureSync(figures: Figures, cases: number, log: (l: string) => void): Promise<void> {
  log(`sync: exporting and importing ${cases} cases…`);
  const r = await measureSyncThroughput(cases);
  log(`sync: bundle ${(r.bundleBytes / 1024 / 1024).toFixed(1)} MB, export ${r.exportSeconds.toFixed(1)} s, import ${r.importSeconds.toFixed(1)} s, raw insert ${r.rawInsertSeconds.toFixed(2)} s, refused ${r.refusedCases}`);
  figures.atLeast(`sync export [${cases} cases]`, r.exportCasesPerSecond, 'cases/s', 50_000);
  figures.atLeast(`sync import [${cases} cases]`, r.importCasesPerSecond, 'cases/s', 30_000);
  figures.atMost('sync import time ÷ raw better-sqlite3 insert of the same rows', r.importToRawRatio, '×', 3);
  figures.atMost('sync export: peak resident memory of its process', r.exportPeakRssMb, 'MB', 300);
  figures.atMost('sync import: peak resident memory of its process', r.importPeakRssMb, 'MB', 300);
  figures.atMost('sync: longest main-loop stall during import', r.longestMainLoopStallMs, 'ms', 50);
}
