// SQLite-only: the queue read side refreshed set-wise for a window of cases an import wrote,
// while the per-row triggers are paused (queue-schema.ts). The statements do in bulk exactly
// what the triggers do one row at a time, so either writer leaves the same queue_items,
// queue_fts, queue_counts and queue_daily (tests/integration/sync/batch-path.property.test.ts
// compares the two).
import { sql } from 'kysely';
import type { KaraDb } from '../connection';
import { addQueueDaily, ITEM_FIELDS, QUEUE_PAUSE_TABLE, SCOPES_OF_Q } from './queue-schema';

const COLUMNS = ITEM_FIELDS.map(([c]) => c).join(', ');
const VALUES = ITEM_FIELDS.map(([, e]) => e).join(', ');
const UPDATES = ITEM_FIELDS.map(([c]) => `${c} = excluded.${c}`).join(', ');

export async function pauseQueueTriggers(db: KaraDb): Promise<void> {
  await sql.raw(`insert into ${QUEUE_PAUSE_TABLE} (id) values (1)`).execute(db);
}

export async function resumeQueueTriggers(db: KaraDb): Promise<void> {
  await sql.raw(`delete from ${QUEUE_PAUSE_TABLE}`).execute(db);
}

/**
 * Brings the read side in step with `caseIds` (written while paused) and counts the flow rows
 * with ids `flowIds.first..last` on the dashboard. Cases keep their queue item (and so their
 * place among equal sort keys); new ones get items in the order given.
 */
export async function refreshQueueItems(db: KaraDb, caseIds: readonly string[], flowIds: { first: number; last: number } | null): Promise<void> {
  if (caseIds.length > 0) {
    const ids = JSON.stringify(caseIds);
    // What the old rows counted and indexed goes first...
    await sql`with q as (select * from queue_items where case_id in (select value from json_each(${ids})))
      update queue_counts set n = n - d.k from (select scope, stage, count(*) as k from (${sql.raw(SCOPES_OF_Q)}) group by scope, stage) d
      where queue_counts.scope = d.scope and queue_counts.stage = d.stage`.execute(db);
    await sql`insert into queue_fts (queue_fts, rowid, search_text)
      select 'delete', item_id, search_text from queue_items where case_id in (select value from json_each(${ids}))`.execute(db);
    // ...then the rows as the cases now are, and what they count and index.
    await sql`insert into queue_items (case_id, ${sql.raw(COLUMNS)})
      select new.id, ${sql.raw(VALUES)} from json_each(${ids}) j join cases new on new.id = j.value where true order by j.key
      on conflict (case_id) do update set ${sql.raw(UPDATES)}`.execute(db);
    await sql`insert into queue_fts (rowid, search_text)
      select item_id, search_text from queue_items where case_id in (select value from json_each(${ids}))`.execute(db);
    await sql`with q as (select * from queue_items where case_id in (select value from json_each(${ids})))
      insert into queue_counts (scope, stage, n) select scope, stage, count(*) from (${sql.raw(SCOPES_OF_Q)}) where true group by scope, stage
      on conflict (scope, stage) do update set n = n + excluded.n`.execute(db);
  }
  if (flowIds) {
    const first = Math.trunc(flowIds.first);
    const last = Math.trunc(flowIds.last);
    await sql.raw(addQueueDaily(`f.id between ${first} and ${last}`)).execute(db);
  }
}
