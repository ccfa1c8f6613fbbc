// Everything here is SQLite-only. The central hub will move to PostgreSQL through kysely's
// dialect; these named functions are the places that will need a PostgreSQL counterpart.
import type BetterSqlite3 from 'better-sqlite3';

export const BUSY_TIMEOUT_MS = 5000;

export function applySqlitePragmas(sqlite: BetterSqlite3.Database, opts: { readonly: boolean }): void {
  if (!opts.readonly) sqlite.pragma('journal_mode = WAL');
  // WAL's default in better-sqlite3 is NORMAL, which may lose the last commits on power loss;
  // decisions and disbursements move public money, so every commit is made durable.
  sqlite.pragma('synchronous = FULL');
  sqlite.pragma('foreign_keys = ON');
  sqlite.pragma(`busy_timeout = ${BUSY_TIMEOUT_MS}`);
}

export function readPragmas(sqlite: BetterSqlite3.Database): Record<string, unknown> {
  return {
    journal_mode: sqlite.pragma('journal_mode', { simple: true }),
    synchronous: sqlite.pragma('synchronous', { simple: true }),
    foreign_keys: sqlite.pragma('foreign_keys', { simple: true }),
    busy_timeout: sqlite.pragma('busy_timeout', { simple: true }),
  };
}

export interface IntegrityReport {
  ok: boolean;
  problems: string[];
}

export function checkIntegrity(sqlite: BetterSqlite3.Database): IntegrityReport {
  const problems: string[] = [];
  const integrity = sqlite.pragma('integrity_check') as Array<{ integrity_check: string }>;
  for (const row of integrity) if (row.integrity_check !== 'ok') problems.push(`integrity: ${row.integrity_check}`);
  const fk = sqlite.pragma('foreign_key_check') as Array<{ table: string; rowid: number; parent: string }>;
  for (const row of fk) problems.push(`foreign key: ${row.table} row ${row.rowid} points to a missing ${row.parent}`);
  return { ok: problems.length === 0, problems };
}

/** Online backup through SQLite's backup API (consistent while the app keeps writing). */
export async function backupTo(sqlite: BetterSqlite3.Database, destination: string): Promise<void> {
  await sqlite.backup(destination);
}

export interface QueryPlan {
  /** The plan's steps, indented by depth, as `EXPLAIN QUERY PLAN` gives them. */
  steps: string[];
  /** Steps that read a whole table: `SCAN t` without an index (an FTS5 or covering-index scan is not one). */
  fullScans: string[];
}

/** The query planner's plan for one statement with its parameters. */
export function explainQueryPlan(sqlite: BetterSqlite3.Database, sql: string, parameters: readonly unknown[]): QueryPlan {
  const rows = sqlite.prepare(`explain query plan ${sql}`).all(...parameters) as Array<{ id: number; parent: number; detail: string }>;
  const depth = new Map<number, number>([[0, -1]]);
  const steps = rows.map((r) => {
    const d = (depth.get(r.parent) ?? -1) + 1;
    depth.set(r.id, d);
    return `${'  '.repeat(d)}${r.detail}`;
  });
  const fullScans = rows.map((r) => r.detail).filter((d) => /^SCAN \w+/.test(d) && !/USING (COVERING )?INDEX|VIRTUAL TABLE|CONSTANT ROW/.test(d) && !/^SCAN (json_each|CONSTANT)/.test(d));
  return { steps, fullScans };
}
