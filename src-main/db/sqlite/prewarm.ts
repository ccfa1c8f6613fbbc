// Reads the database file once, front to back, in the background after the app opens, so that
// the operating system's file cache holds it (what PostgreSQL's pg_prewarm does for a table).
// Why: right after a reboot nothing of a 3 GB hub database is cached, and every command then
// waits on random disk reads — a submit touches a case row and its queue row's twelve index
// leaves, scattered over the file. Measured at a million cases: 52–71 submits a second on a cold
// cache, 180–190 once the file is cached. One sequential pass reads the file in seconds
// instead of page by page over hours of use.
// Its file handle stays open until the database is closed: on Linux and macOS, closing any
// descriptor of a file drops every POSIX lock the process holds on it, SQLite's included
// (SQLite's "How To Corrupt" page, 2.2). The WAL is not read: it is small and just written.
import { open, stat, type FileHandle } from 'node:fs/promises';
import { freemem } from 'node:os';
import { performance } from 'node:perf_hooks';
import { setTimeout as sleep } from 'node:timers/promises';

export interface PrewarmOutcome {
  /** Bytes of the database file read. */
  bytesRead: number;
  seconds: number;
  /** Why it read less than the whole file, if it did. */
  cutShort: 'stopped' | 'larger-than-free-memory' | 'error' | null;
  /** The error's message, when it was one. */
  error?: string;
}

export interface Prewarm {
  readonly done: Promise<PrewarmOutcome>;
  /** Ends the pass after the chunk being read (the app is closing); `done` still resolves. */
  stop(): void;
  /** Closes the file handle: only after the database's connection is closed (see above). */
  closeFile(): Promise<void>;
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
   * When staff last had a call being answered (a `performance.now()` time; now, while one is):
   * the pass waits until that is `quietMs` ago, so it reads while they look at a screen, not
   * while one is being made.
   */
  lastActivityAt?: () => number;
  quietMs?: number;
}

/** Starts reading the database file at `path` into the OS cache; never throws. */
export function prewarmDatabaseFile(path: string, options: PrewarmOptions = {}): Prewarm {
  const stopping = new AbortController();
  let file: FileHandle | null = null;
  const opened = (f: FileHandle) => void (file = f);
  const done = readThrough(path, options, stopping.signal, opened);
  return {
    done,
    stop: () => stopping.abort(),
    async closeFile() {
      stopping.abort();
      await done;
      await file?.close();
      file = null;
    },
  };
}

async function readThrough(path: string, options: PrewarmOptions, stopping: AbortSignal, opened: (f: FileHandle) => void): Promise<PrewarmOutcome> {
  const started = performance.now();
  let bytesRead = 0;
  const outcome = (cutShort: PrewarmOutcome['cutShort'], error?: unknown): PrewarmOutcome => ({
    bytesRead, seconds: (performance.now() - started) / 1000, cutShort, ...(error ? { error: error instanceof Error ? error.message : String(error) } : {}),
  });
  try {
    const size = await stat(path).then((s) => s.size, () => 0);
    if (size === 0) return outcome(null);
    if (size > (options.freeMemory ?? freemem)() * (options.shareOfFreeMemory ?? 0.5)) return outcome('larger-than-free-memory');
    if (stopping.aborted) return outcome('stopped');
    const file = await open(path, 'r');
    opened(file);
    const buffer = Buffer.allocUnsafe(options.chunkBytes ?? 2 * 1024 * 1024);
    const restPerBusy = 1 / (options.busyShare ?? 1 / 3) - 1;
    for (;;) {
      await untilQuiet(options, stopping);
      if (stopping.aborted) return outcome('stopped');
      const t0 = performance.now();
      const { bytesRead: n } = await file.read(buffer, 0, buffer.length, null);
      if (n === 0) return outcome(null);
      bytesRead += n;
      await rest((performance.now() - t0) * restPerBusy, stopping);
    }
  } catch (error) {
    return outcome('error', error);
  }
}

/** Sleeps `ms`, or less if the pass is stopped meanwhile. */
async function rest(ms: number, stopping: AbortSignal): Promise<void> {
  if (ms < 1 || stopping.aborted) return;
  await sleep(ms, undefined, { signal: stopping }).catch(() => undefined);
}

async function untilQuiet(options: PrewarmOptions, stopping: AbortSignal): Promise<void> {
  if (!options.lastActivityAt) return;
  const quietMs = options.quietMs ?? 300;
  for (let since = performance.now() - options.lastActivityAt(); since < quietMs && !stopping.aborted; since = performance.now() - options.lastActivityAt()) {
    await rest(Math.max(1, quietMs - since), stopping);
  }
}
