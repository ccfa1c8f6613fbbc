import { sql, type Kysely, type Migration } from 'kysely';
import { QUEUE_PAUSE_TABLE, QUEUE_TRIGGER_NAMES, QUEUE_TRIGGERS } from '../sqlite/queue-schema';

// The queue's triggers learn to stand still while an import's window writes a thousand cases
// and refreshes the read side set-wise (src-main/db/sqlite/queue-refresh.ts): per-row upkeep
// was a quarter of an import's time.
export const m010QueuePause: Migration = {
  async up(db: Kysely<any>) {
    await sql.raw(`create table ${QUEUE_PAUSE_TABLE} (id integer primary key check (id = 1))`).execute(db);
    for (const name of QUEUE_TRIGGER_NAMES) await sql.raw(`drop trigger ${name}`).execute(db);
    for (const trigger of QUEUE_TRIGGERS) await sql.raw(trigger).execute(db);
  },
};
