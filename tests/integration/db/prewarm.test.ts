import { mkdirSync, mkdtempSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { performance } from 'node:perf_hooks';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { openApp, prewarmBetweenCalls } from '../../../src-main/app';
import { prewarmDatabaseFile } from '../../../src-main/db/sqlite/prewarm';
import { callerFor, createHarness, TEST_PASSWORD } from '../../support/harness';

describe('reading the database file into the OS cache after opening', () => {
  let dir: string;
  beforeEach(() => void (dir = mkdtempSync(join(tmpdir(), 'kara-prewarm-'))));
  afterEach(() => rmSync(dir, { recursive: true, force: true }));

  const fileOf = (name: string, bytes: number) => {
    const path = join(dir, name);
    writeFileSync(path, Buffer.alloc(bytes, 7));
    return path;
  };

  it('reads the whole file, chunk by chunk, and not the WAL', async () => {
    const path = fileOf('a.sqlite', 1_000_003);
    writeFileSync(`${path}-wal`, Buffer.alloc(5_000, 1));
    const prewarm = prewarmDatabaseFile(path, { chunkBytes: 64 * 1024 });
    const outcome = await prewarm.done;
    await prewarm.closeFile();
    expect(outcome).toMatchObject({ bytesRead: 1_000_003, cutShort: null });
    expect(outcome.seconds).toBeGreaterThanOrEqual(0);
  });

  it('reads nothing when the file would not fit in the allowed share of free memory', async () => {
    const path = fileOf('big.sqlite', 200_000);
    const outcome = await prewarmDatabaseFile(path, { freeMemory: () => 300_000, shareOfFreeMemory: 0.5 }).done;
    expect(outcome).toMatchObject({ bytesRead: 0, cutShort: 'larger-than-free-memory' });
    expect((await prewarmDatabaseFile(path, { freeMemory: () => 400_000, shareOfFreeMemory: 0.5 }).done).bytesRead).toBe(200_000);
  });

  it('rests between chunks for the share of the time it is not to read', async () => {
    const path = fileOf('c.sqlite', 12 * 1024 * 1024);
    readFileSync(path); // cached, so both passes read at the same speed
    const timed = async (busyShare: number) => (await prewarmDatabaseFile(path, { chunkBytes: 4 * 1024 * 1024, busyShare }).done).seconds;
    const flatOut = await timed(1);
    const atOnePercent = await timed(0.01);
    // Resting 99 times as long as each read: far slower, whatever this machine's speed.
    expect(atOnePercent).toBeGreaterThan(10 * flatOut);
  });

  it('stops after the chunk being read when asked, and when asked while resting', async () => {
    const path = fileOf('b.sqlite', 4_000_000);
    const prewarm = prewarmDatabaseFile(path, { chunkBytes: 1024 });
    await new Promise((resolve) => setImmediate(resolve));
    prewarm.stop();
    const outcome = await prewarm.done;
    expect(outcome.cutShort).toBe('stopped');
    expect(outcome.bytesRead).toBeLessThan(4_000_000);

    const resting = prewarmDatabaseFile(path, { chunkBytes: 1024 * 1024, busyShare: 0.0001 });
    await new Promise((resolve) => setTimeout(resolve, 50));
    const t0 = performance.now();
    resting.stop();
    expect(await resting.done).toMatchObject({ cutShort: 'stopped' });
    expect(performance.now() - t0).toBeLessThan(1000); // not the minutes of rest it was in
  });

  it('waits while staff are busy, and is stopped while waiting', async () => {
    const path = fileOf('d.sqlite', 64 * 1024);
    let lastActivity = performance.now();
    const busy = setInterval(() => void (lastActivity = performance.now()), 10);
    const prewarm = prewarmDatabaseFile(path, { chunkBytes: 16 * 1024, lastActivityAt: () => lastActivity, quietMs: 100 });
    await new Promise((resolve) => setTimeout(resolve, 250));
    clearInterval(busy);
    const outcome = await prewarm.done;
    // Nothing was read while the activity went on (a 64 KiB file reads in well under 250 ms).
    expect(outcome).toMatchObject({ bytesRead: 64 * 1024, cutShort: null });
    expect(outcome.seconds).toBeGreaterThanOrEqual(0.3);

    const waiting = prewarmDatabaseFile(path, { lastActivityAt: () => performance.now(), quietMs: 60_000 });
    await new Promise((resolve) => setTimeout(resolve, 50));
    const t0 = performance.now();
    waiting.stop();
    expect(await waiting.done).toMatchObject({ bytesRead: 0, cutShort: 'stopped' });
    expect(performance.now() - t0).toBeLessThan(1000);
  });

  it('never throws: a missing file reads as empty, an unreadable one as an error', async () => {
    await expect(prewarmDatabaseFile(join(dir, 'missing.sqlite')).done).resolves.toMatchObject({ bytesRead: 0, cutShort: null });
    const folder = join(dir, 'a-folder.sqlite');
    mkdirSync(folder);
    writeFileSync(join(folder, 'x'), 'x');
    const outcome = await prewarmDatabaseFile(folder, { freeMemory: () => Number.MAX_SAFE_INTEGER }).done;
    expect(outcome.cutShort).toBe('error');
    expect(outcome.error).toMatch(/EISDIR|illegal operation/i);
  });

  it('is started by openApp when asked for, and stopped by close', async () => {
    const path = join(dir, 'app.sqlite');
    const plain = await openApp({ dbPath: path });
    expect(plain.prewarmed).toBeNull();
    await plain.close();

    const app = await openApp({ dbPath: path, prewarm: true });
    const outcome = await app.prewarmed!;
    expect(outcome.cutShort).toBeNull();
    expect(outcome.bytesRead).toBe(statSync(path).size);
    await app.close();
  });

  it('reads between the router’s calls: not while one is being answered', async () => {
    // A sign-in at the real scrypt cost takes the better part of a second here: long enough to
    // see that the pass waits for a call in progress, not only after one.
    const h = await createHarness({ realPasswordCost: true });
    try {
      const { router, prewarm } = prewarmBetweenCalls(h.app.router, h.app.database.path, { quietMs: 100, busyShare: 1 });
      const caller = callerFor({ ...h.app, router });
      const t0 = performance.now();
      await caller.call('auth.login', { username: 'clerk', password: TEST_PASSWORD });
      const answeredAfter = (performance.now() - t0) / 1000;
      const outcome = await prewarm.done;
      await prewarm.closeFile();
      expect(outcome.cutShort).toBeNull();
      expect(outcome.seconds).toBeGreaterThanOrEqual(answeredAfter + 0.09);
    } finally {
      await h.close();
    }
  });
});
