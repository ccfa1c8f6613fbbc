import BetterSqlite3 from 'better-sqlite3';
import { Kysely, SqliteDialect } from 'kysely';
import type { DB } from './schema.generated';
import { runMigrations } from './migrations';
import { applySqlitePragmas } from './sqlite-specific';
import { registerQueueSearchFunctions } from './sqlite/queue-search';
import { withStatementCache } from './sqlite/statement-cache';

export type KaraDb = Kysely<DB>;

export interface OpenOptions {
  /** Path to the database file (created when missing). */
  path: string;
  /**
   * Path to a better-sqlite3 `.node` addon built for the running runtime. Electron passes
   * its own build here so the Node build under node_modules stays the one the tests load.
   */
  nativeBinding?: string;
  /** Run pending migrations on open (default true). */
  migrate?: boolean;
  readonly?: boolean;
  /** Runs before migrations, e.g. to back the file up when an upgrade is about to change it. */
  beforeMigrate?: (db: KaraDb, sqlite: BetterSqlite3.Database) => Promise<void>;
  /** Sees every statement kysely runs, with its parameters (the bench collects query plans with it). */
  onQuery?: (sql: string, parameters: readonly unknown[]) => void;
}

export interface Database {
  readonly path: string;
  readonly sqlite: BetterSqlite3.Database;
  readonly db: KaraDb;
  close(): Promise<void>;
}

export async function openDatabase(options: OpenOptions): Promise<Database> {
  const sqlite = new BetterSqlite3(options.path, {
    ...(options.nativeBinding ? { nativeBinding: options.nativeBinding } : {}),
    ...(options.readonly ? { readonly: true } : {}),
  });
  applySqlitePragmas(sqlite, { readonly: options.readonly ?? false });
  registerQueueSearchFunctions(sqlite);
  const onQuery = options.onQuery;
  const db = new Kysely<DB>({
    dialect: new SqliteDialect({ database: withStatementCache(sqlite) }),
    ...(onQuery ? { log: (event) => onQuery(event.query.sql, event.query.parameters) } : {}),
  });
  if (options.migrate !== false && !options.readonly) {
    await options.beforeMigrate?.(db, sqlite);
    await runMigrations(db);
  }
  return {
    path: options.path,
    sqlite,
    db,
    async close() {
      await db.destroy();
    },
  };
}
