// SQLite-only: an import that brings at least as many cases as the database already holds (an
// office's first bundle from central; central's first from an office bigger than all it holds)
// drops the indexes
// that only the reading screens use and creates them again before it commits: one sorted build
// per index instead of a B-tree insert per row into each of them. In the same transaction, so a
// refused import gets them back with everything else. (In PostgreSQL the same move is an index
// build after COPY.)
import { sql } from 'kysely';
import type { KaraDb } from '../connection';
import { stageCounts } from '../queries/queue';
import { QUEUE_PAGE_INDEX_NAMES } from './queue-schema';

/**
 * Queue pages and the stage lists read these; no import statement, trigger or constraint does.
 * (cases_branch_queue stays: a credit refusal on the engine path counts each county branch's queue
 * through it.) Dropping an index also drops its sqlite_stat1 row; the app runs no ANALYZE.
 */
export const SCREEN_INDEXES: readonly string[] = [...QUEUE_PAGE_INDEX_NAMES, 'cases_agency_queue', 'cases_office_stage'];

/** Below this many incoming cases, building the indexes again costs more than the inserts it spares. */
export const DEFER_SCREEN_INDEXES_FROM = 5000;

async function casesHeld(db: KaraDb): Promise<number> {
  let n = 0;
  for (const count of (await stageCounts(db, { kind: 'all' })).values()) n += count;
  return n;
}

/**
 * Drops the screen indexes when `incomingCases` is at least `from` and at least the cases held;
 * returns what creates them again (call it inside the same transaction), or null.
 */
export async function deferScreenIndexes(db: KaraDb, incomingCases: number, from = DEFER_SCREEN_INDEXES_FROM): Promise<(() => Promise<void>) | null> {
  if (incomingCases < from || incomingCases < (await casesHeld(db))) return null;
  const { rows } = await sql<{ name: string; ddl: string }>`select name, sql as ddl from sqlite_master
    where type = 'index' and name in (${sql.join(SCREEN_INDEXES)})`.execute(db);
  for (const { name } of rows) await sql`drop index ${sql.id(name)}`.execute(db);
  return async () => {
    for (const { ddl } of rows) await sql.raw(ddl).execute(db);
  };
}
