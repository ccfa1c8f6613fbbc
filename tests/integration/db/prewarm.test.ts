import { mkdtempSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { performance } from 'node:perf_hooks';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { openApp } from '../../../src-main/app';
import { prewarmDatabaseFile } from '../../../src-main/db/sqlite/prewarm';

describe('reading the database file into the OS cache after opening', () => {
  let dir: string;
  beforeEach(() => void (dir = mkdtempSync(join(tmpdir(), 'kara-prewarm-'))));
  afterEach(() => rmSync(dir, { recursive: true, force: true }));

  const fileOf = (name: string, bytes: number) => {
    const path = join(dir, name);
    writeFileSync(path, Buffer.alloc(bytes, 7));
    return path;
  };

  it('reads the whole file and its WAL, chunk by chunk', async () => {
    const path = fileOf('a.sqlite', 1_000_003);
    writeFileSync(`${path}-wal`, Buffer.alloc(5_000, 1));
    const outcome = await prewarmDatabaseFile(path, { chunkBytes: 64 * 1024 }).done;
    expect(outcome).toMatchObject({ bytesRead: 1_005_003, cutShort: null });
    expect(outcome.seconds).toBeGreaterThanOrEqual(0);
  });

  it('reads nothing when the file would not fit in the allowed share of free memory', async () => {
    const path = fileOf('big.sqlite', 200_000);
    const outcome = await prewarmDatabaseFile(path, { freeMemory: () => 300_000, shareOfFreeMemory: 0.5 }).done;
    expect(outcome).toMatchObject({ bytesRead: 0, cutShort: 'larger-than-free-memory' });
    expect((await prewarmDatabaseFile(path, { freeMemory: () => 400_000, shareOfFreeMemory: 0.5 }).done).bytesRead).toBe(200_000);
  });

  it('stops after the chunk being read when asked', async () => {
    const path = fileOf('b.sqlite', 4_000_000);
    const prewarm = prewarmDatabaseFile(path, { chunkBytes: 1024 });
    await new Promise((resolve) => setImmediate(resolve));
    prewarm.stop();
    const outcome = await prewarm.done;
    expect(outcome.cutShort).toBe('stopped');
    expect(outcome.bytesRead).toBeLessThan(4_000_000);
  });

  it('reads only once staff have been quiet for a while, and rests between chunks', async () => {
    const path = fileOf('c.sqlite', 64 * 1024);
    let lastActivity = performance.now();
    const busy = setInterval(() => void (lastActivity = performance.now()), 10);
    const prewarm = prewarmDatabaseFile(path, { chunkBytes: 16 * 1024, lastActivityAt: () => lastActivity, quietMs: 100 });
    await new Promise((resolve) => setTimeout(resolve, 250));
    clearInterval(busy);
    const started = performance.now();
    const outcome = await prewarm.done;
    // Nothing was read while calls kept coming; all of it once they stopped.
    expect(outcome).toMatchObject({ bytesRead: 64 * 1024, cutShort: null });
    expect(outcome.seconds).toBeGreaterThanOrEqual(0.3);
    expect(performance.now() - started).toBeGreaterThanOrEqual(50);
  });

  it('a pass kept waiting by busy staff still stops when the app closes', async () => {
    const prewarm = prewarmDatabaseFile(fileOf('d.sqlite', 10_000), { lastActivityAt: () => performance.now(), quietMs: 100 });
    await new Promise((resolve) => setTimeout(resolve, 50));
    prewarm.stop();
    expect(await prewarm.done).toMatchObject({ bytesRead: 0, cutShort: 'stopped' });
  });

  it('never throws: a missing file reads as empty', async () => {
    await expect(prewarmDatabaseFile(join(dir, 'missing.sqlite')).done).resolves.toMatchObject({ bytesRead: 0, cutShort: null });
  });

  it('is started by openApp when asked for, and stopped by close', async () => {
    const path = join(dir, 'app.sqlite');
    const plain = await openApp({ dbPath: path });
    expect(plain.prewarmed).toBeNull();
    await plain.close();

    const app = await openApp({ dbPath: path, prewarm: true });
    const outcome = await app.prewarmed!;
    expect(outcome.cutShort).toBeNull();
    expect(outcome.bytesRead).toBeGreaterThanOrEqual(statSync(path).size);
    await app.close();

    const closing = await openApp({ dbPath: path, prewarm: true });
    await closing.close();
    expect(['stopped', null]).toContain((await closing.prewarmed!).cutShort);
  });
});
