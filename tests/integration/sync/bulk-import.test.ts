// A big import's shortcut leaves exactly what the plain path leaves: the same bundle imported
// into two copies of one office — once with every index kept, once with the screens' indexes
// dropped and built again before the commit — gives the same rows, the same schema, and
// indexes the queue pages still use.
import { copyFileSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { sql } from 'kysely';
import { openDatabase, type Database as KaraDatabase, type KaraDb } from '../../../src-main/db/connection';
import { deferScreenIndexes, DEFER_SCREEN_INDEXES_FROM, SCREEN_INDEXES } from '../../../src-main/db/sqlite/screen-indexes';
import { BundleRefused } from '../../../src-main/sync/bundle';
import { prepareSyncPair } from '../../../src-main/sync/bench';
import { importBundle, type ImportOptions } from '../../../src-main/services/sync/import';
import { checkIntegrity } from '../../../src-main/db/sqlite-specific';
import { fingerprintOf } from './support';

const NOW = '2020-08-02T06:30:00.000Z';
let dir: string;
let bundle: string;
let receiver: string;

beforeAll(async () => {
  dir = mkdtempSync(join(tmpdir(), 'kara-bulk-import-'));
  ({ bundle, receiverPath: receiver } = await prepareSyncPair(dir, 400));
}, 120_000);

afterAll(() => rmSync(dir, { recursive: true, force: true }));

async function importCopy(name: string, options: Partial<ImportOptions>, bulk: boolean): Promise<KaraDatabase> {
  const path = join(dir, name);
  copyFileSync(receiver, path);
  const database = await openDatabase({ path });
  const r = await importBundle(database.db, bundle, { now: NOW, ...options });
  expect(r.summary.newCases).toBe(400);
  expect(r.rebuiltScreenIndexes).toBe(bulk);
  return database;
}

function schemaOf(database: KaraDatabase): unknown[] {
  return database.sqlite.prepare("select type, name, tbl_name, sql from sqlite_master order by type, name").all();
}

describe('bulk import', () => {
  it('building the screen indexes again at the end changes nothing in the result', async () => {
    const plain = await importCopy('plain.sqlite', {}, false);
    const bulk = await importCopy('bulk.sqlite', { deferIndexesFrom: 1 }, true);
    try {
      expect(schemaOf(bulk)).toEqual(schemaOf(plain));
      expect(fingerprintOf(bulk.sqlite)).toBe(fingerprintOf(plain.sqlite));
      expect(checkIntegrity(bulk.sqlite).problems).toEqual([]);
      expect(() => bulk.sqlite.exec("insert into queue_fts (queue_fts, rank) values ('integrity-check', 1)")).not.toThrow();
      const plan = bulk.sqlite.prepare("explain query plan select item_id from queue_items where agency_code = ? and stage = ? order by stage_entered_at, item_id limit 100").all('A1', 'agency_review') as Array<{ detail: string }>;
      expect(plan.map((p) => p.detail).join('\n')).toMatch(/USING (COVERING )?INDEX queue_agency_age/);
    } finally {
      await plain.close();
      await bulk.close();
    }
  }, 120_000);

  it('drops the screen indexes only for an import at least as large as what is held, and builds the same again', async () => {
    const database = await importCopy('held.sqlite', {}, false);
    const names = async (db: KaraDb) => (await sql<{ name: string }>`select name from sqlite_master where type = 'index' order by name`.execute(db)).rows.map((x) => x.name);
    try {
      const before = await names(database.db);
      await database.db.transaction().execute(async (trx) => {
        expect(await deferScreenIndexes(trx, 399, 1)).toBeNull();
        expect(await deferScreenIndexes(trx, DEFER_SCREEN_INDEXES_FROM - 1)).toBeNull();
        expect(await names(trx)).toEqual(before);
        const rebuild = await deferScreenIndexes(trx, 400, 1);
        expect(rebuild).not.toBeNull();
        const left = await names(trx);
        expect(before.filter((n) => !left.includes(n)).sort()).toEqual([...SCREEN_INDEXES].sort());
        expect(left).toContain('queue_tracking');
        await rebuild!();
        expect(await names(trx)).toEqual(before);
      });
    } finally {
      await database.close();
    }
  }, 120_000);

  it('gives the indexes back when a bulk import is refused half-way', async () => {
    const path = join(dir, 'refused.sqlite');
    copyFileSync(receiver, path);
    const database = await openDatabase({ path });
    try {
      const before = schemaOf(database);
      // A flipped byte in a member, which is read only after the indexes were dropped.
      const bytes = readFileSync(bundle);
      const at = Math.floor(bytes.length * 0.75);
      bytes[at] = bytes[at]! ^ 0xff;
      const damaged = join(dir, 'damaged.kdb');
      writeFileSync(damaged, bytes);
      await expect(importBundle(database.db, damaged, { now: NOW, deferIndexesFrom: 1 })).rejects.toBeInstanceOf(BundleRefused);
      expect(schemaOf(database)).toEqual(before);
      expect(database.sqlite.prepare('select count(*) as n from cases').get()).toEqual({ n: 0 });
    } finally {
      await database.close();
    }
  }, 120_000);
});
