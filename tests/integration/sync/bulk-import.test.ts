// A big import's shortcut leaves exactly what the plain path leaves: the same bundle imported
// into two copies of one office — once with every index kept, once with the screens' indexes
// dropped and built again before the commit — gives the same rows, the same schema, and
// indexes the queue pages still use.
import { copyFileSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { sql } from 'kysely';
import { openDatabase, type Database as KaraDatabase, type KaraDb } from '../../../src-main/db/connection';
import { deferScreenIndexes, DEFER_SCREEN_INDEXES_FROM } from '../../../src-main/db/sqlite/screen-indexes';
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

async function importCopy(name: string, options: Partial<ImportOptions>): Promise<KaraDatabase> {
  const path = join(dir, name);
  copyFileSync(receiver, path);
  const database = await openDatabase({ path });
  const r = await importBundle(database.db, bundle, { now: NOW, ...options });
  expect(r.summary.newCases).toBe(400);
  return database;
}

function schemaOf(database: KaraDatabase): unknown[] {
  return database.sqlite.prepare("select type, name, tbl_name, sql from sqlite_master order by type, name").all();
}

describe('bulk import', () => {
  it('building the screen indexes again at the end changes nothing in the result', async () => {
    const plain = await importCopy('plain.sqlite', {});
    const bulk = await importCopy('bulk.sqlite', { deferIndexesFrom: 1 });
    try {
      expect(schemaOf(bulk)).toEqual(schemaOf(plain));
      expect(fingerprintOf(bulk.sqlite)).toBe(fingerprintOf(plain.sqlite));
      expect(checkIntegrity(bulk.sqlite).problems).toEqual([]);
      expect(() => bulk.sqlite.exec("insert into queue_fts (queue_fts) values ('integrity-check')")).not.toThrow();
      const plan = bulk.sqlite.prepare("explain query plan select item_id from queue_items where agency_code = ? and stage = ? order by stage_entered_at, item_id limit 100").all('A1', 'agency_review') as Array<{ detail: string }>;
      expect(plan.map((p) => p.detail).join('\n')).toMatch(/USING (COVERING )?INDEX queue_agency_age/);
    } finally {
      await plain.close();
      await bulk.close();
    }
  }, 120_000);

  it('drops the screen indexes only for an import at least as large as what is held, and builds the same again', async () => {
    const database = await importCopy('held.sqlite', {});
    const names = async (db: KaraDb) => (await sql<{ name: string }>`select name from sqlite_master where type = 'index' order by name`.execute(db)).rows.map((x) => x.name);
    try {
      const before = await names(database.db);
      await database.db.transaction().execute(async (trx) => {
        expect(await deferScreenIndexes(trx, 399, 1)).toBeNull();
        expect(await deferScreenIndexes(trx, DEFER_SCREEN_INDEXES_FROM - 1)).toBeNull();
        expect(await names(trx)).toEqual(before);
        const rebuild = await deferScreenIndexes(trx, 400, 1);
        expect(rebuild).not.toBeNull();
        expect(await names(trx)).not.toContain('queue_agency_age');
        expect(await names(trx)).toContain('queue_tracking');
        await rebuild!();
        expect(await names(trx)).toEqual(before);
      });
    } finally {
      await database.close();
    }
  }, 120_000);
});
