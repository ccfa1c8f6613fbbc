// Reads the database file once, front to back, in the background after the app opens, so that
// the operating system's file cache holds it (what PostgreSQL's pg_prewarm does for a table).
// Why: right after a reboot nothing of a 3 GB hub database is cached, and every command then
// waits on random disk reads — a submit touches a case row and its queue row's twelve index
// leaves, scattered over the file. Measured at a million cases: 52–71 submits a second on a cold
// cache, 180–190 once the file is cached. One sequential pass reads the file in seconds
// instead of page by page over hours of use.
import { open, stat } from 'node:fs/promises';
import { freemem } from 'node:os';
import { performance } from 'node:perf_hooks';
import { setTimeout as sleep } from 'node:timers/promises';

export interface PrewarmOutcome {
  /** Bytes read (of the database file and its WAL). */
  bytesRead: number;
  seconds: number;
  /** Why it read less than the whole file, if it did. */
  cutShort: 'stopped' | 'larger-than-free-memory' | null;
}

export interface Prewarm {
  readonly done: Promise<PrewarmOutcome>;
  /** Ends the pass after the chunk being read (the app is closing); `done` still resolves. */
  stop(): void;
}

export interface PrewarmOptions {
  /** Bytes per read; big enough to be sequential for the disk, small enough to stop promptly. */
  chunkBytes?: number;
  /**
   * The file is read only when it fits in this share of the memory the system has free: a file
   * that does not fit would only push other programs' pages out, and then its own.
   */
  shareOfFreeMemory?: number;
  /** The system's free memory in bytes (the tests pass their own). */
  freeMemory?: () => number;
  /**
   * The share of the time spent reading: after a chunk that took t ms it rests t·(1/share − 1).
   * Reading flat out held a core and the disk while staff opened their first screens (the
   * queue's first rows went from ≤ 500 to 600–700 ms in some starts); at a third, the pass
   * takes about three times as long and leaves them room.
   */
  busyShare?: number;
  /**
   * When staff last got an answer (a `performance.now()` time): the pass waits until that is
   * `quietMs` ago, so it reads while they look at a screen, not while one is being drawn.
   */
  lastActivityAt?: () => number;
  quietMs?: number;
}

/** Starts reading `path` (and `path`-wal when present) into the OS cache; never throws. */
export function prewarmDatabaseFile(path: string, options: PrewarmOptions = {}): Prewarm {
  let stopped = false;
  const done = readThrough([path, `${path}-wal`], options, () => stopped).catch((): PrewarmOutcome => ({ bytesRead: 0, seconds: 0, cutShort: 'stopped' }));
  return { done, stop: () => void (stopped = true) };
}

async function readThrough(paths: string[], options: PrewarmOptions, isStopped: () => boolean): Promise<PrewarmOutcome> {
  const started = performance.now();
  const sizes = await Promise.all(paths.map((p) => stat(p).then((s) => s.size, () => 0)));
  const total = sizes.reduce((a, b) => a + b, 0);
  const allowance = (options.freeMemory ?? freemem)() * (options.shareOfFreeMemory ?? 0.5);
  const outcome = (bytesRead: number, cutShort: PrewarmOutcome['cutShort']): PrewarmOutcome => ({ bytesRead, seconds: (performance.now() - started) / 1000, cutShort });
  if (total > allowance) return outcome(0, 'larger-than-free-memory');
  const buffer = Buffer.allocUnsafe(options.chunkBytes ?? 2 * 1024 * 1024);
  const restPerBusy = 1 / (options.busyShare ?? 1 / 3) - 1;
  let bytesRead = 0;
  for (const [i, path] of paths.entries()) {
    if (sizes[i] === 0) continue;
    const file = await open(path, 'r');
    try {
      for (;;) {
        await untilQuiet(options, isStopped);
        if (isStopped()) return outcome(bytesRead, 'stopped');
        const t0 = performance.now();
        const { bytesRead: n } = await file.read(buffer, 0, buffer.length, null);
        if (n === 0) break;
        bytesRead += n;
        const rest = (performance.now() - t0) * restPerBusy;
        if (rest >= 1) await sleep(rest);
      }
    } finally {
      await file.close();
    }
  }
  return outcome(bytesRead, null);
}

async function untilQuiet(options: PrewarmOptions, isStopped: () => boolean): Promise<void> {
  if (!options.lastActivityAt) return;
  const quietMs = options.quietMs ?? 300;
  for (let since = performance.now() - options.lastActivityAt(); since < quietMs && !isStopped(); since = performance.now() - options.lastActivityAt()) {
    await sleep(quietMs - since);
  }
}
