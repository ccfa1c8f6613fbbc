import BetterSqlite3 from 'better-sqlite3';
import { Kysely, SqliteDialect, sql } from 'kysely';
import { describe, expect, it } from 'vitest';
import { withStatementCache } from '../../../src-main/db/sqlite/statement-cache';

describe('the prepared-statement cache under kysely', () => {
  it('prepares a statement once, keeps the most recently used, and still sees schema changes', async () => {
    const sqlite = new BetterSqlite3(':memory:');
    const prepared: string[] = [];
    const prepare = sqlite.prepare.bind(sqlite);
    sqlite.prepare = ((text: string) => {
      prepared.push(text);
      return prepare(text);
    }) as typeof sqlite.prepare;
    const db = new Kysely<any>({ dialect: new SqliteDialect({ database: withStatementCache(sqlite, 2) }) });
    await sql`create table t (a integer)`.execute(db);
    for (let i = 0; i < 5; i += 1) await db.insertInto('t').values({ a: i }).execute();
    expect(prepared.filter((p) => p.startsWith('insert')).length).toBe(1);

    // Two other statements push the insert out of a two-statement cache: it is prepared again.
    await db.selectFrom('t').selectAll().execute();
    await db.selectFrom('t').select('a').where('a', '>', 2).execute();
    await db.insertInto('t').values({ a: 9 }).execute();
    expect(prepared.filter((p) => p.startsWith('insert')).length).toBe(2);

    // A cached select after a column is added returns the new column (SQLite re-prepares it).
    const select = () => db.selectFrom('t').selectAll().where('a', '=', 9).execute();
    expect(await select()).toEqual([{ a: 9 }]);
    await sql`alter table t add column b text default 'x'`.execute(db);
    expect(await select()).toEqual([{ a: 9, b: 'x' }]);
    await db.destroy();
  });
});
