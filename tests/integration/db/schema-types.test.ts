import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { generateSchemaTypes, GENERATED_PATH } from '../../../scripts/gen-db-types';
import { openDatabase } from '../../../src-main/db/connection';
import { readPragmas } from '../../../src-main/db/sqlite-specific';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

describe('the database', () => {
  it('has table types generated from the current migrations (npx tsx scripts/gen-db-types.ts)', async () => {
    expect(readFileSync(GENERATED_PATH, 'utf8')).toBe(await generateSchemaTypes());
  });

  it('opens in WAL mode, with synchronous=FULL, foreign keys and a busy timeout', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'kara-db-'));
    const database = await openDatabase({ path: join(dir, 'x.sqlite') });
    try {
      expect(readPragmas(database.sqlite)).toEqual({ journal_mode: 'wal', synchronous: 2, foreign_keys: 1, busy_timeout: 5000 });
    } finally {
      await database.close();
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
