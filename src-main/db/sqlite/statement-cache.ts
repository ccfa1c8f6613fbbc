// SQLite-only: kysely's SQLite driver prepares every statement anew on each call. Preparing is
// a real cost — a multi-row insert of an import is parsed and planned in about a millisecond —
// and an office runs the same few hundred statements all day, so the connection keeps its
// most recently used prepared statements. A kysely instance serialises its queries, so a
// cached statement is never run while another run of it is still open.
import type BetterSqlite3 from 'better-sqlite3';
import type { SqliteDatabase, SqliteStatement } from 'kysely';

/** Enough for every statement of the services, and the chunk shapes of the sync batches. */
export const STATEMENT_CACHE_SIZE = 500;

export function withStatementCache(sqlite: BetterSqlite3.Database, size = STATEMENT_CACHE_SIZE): SqliteDatabase {
  const cache = new Map<string, BetterSqlite3.Statement>();
  return {
    close: () => sqlite.close(),
    prepare(sql: string): SqliteStatement {
      let stmt = cache.get(sql);
      if (stmt) {
        // Map keeps insertion order: re-inserting marks it most recently used.
        cache.delete(sql);
      } else {
        stmt = sqlite.prepare(sql);
        if (cache.size >= size) cache.delete(cache.keys().next().value!);
      }
      cache.set(sql, stmt);
      return stmt as unknown as SqliteStatement;
    },
  };
}
