import { sql, type Kysely, type Migration } from 'kysely';
import { QUEUE_PAUSE_TABLE, QUEUE_TRIGGER_NAMES, QUEUE_TRIGGERS, RECOMPUTE_QUEUE_DAILY, RECOUNT_QUEUE } from '../sqlite/queue-schema';

// A queue row's agency and branch become the queues that list it: set once the case was sent
// there (submitted; reached the branch), as actorMaySee has it. Before, a branch listed (and
// counted) a case withdrawn before it ever got there, which it then could not open.
export const m011QueueVisibility: Migration = {
  async up(db: Kysely<any>) {
    for (const name of QUEUE_TRIGGER_NAMES) await sql.raw(`drop trigger ${name}`).execute(db);
    for (const trigger of QUEUE_TRIGGERS) await sql.raw(trigger).execute(db);
    await sql.raw(`insert into ${QUEUE_PAUSE_TABLE} (id) values (1)`).execute(db);
    await sql`update queue_items set
        agency_code = case when c.submitted_at is not null then c.agency_code end,
        branch_code = case when c.reached_branch_at is not null then c.branch_code end
      from cases c where c.id = queue_items.case_id
        and (queue_items.agency_code is not (case when c.submitted_at is not null then c.agency_code end)
          or queue_items.branch_code is not (case when c.reached_branch_at is not null then c.branch_code end))`.execute(db);
    await sql`delete from queue_counts`.execute(db);
    await sql.raw(RECOUNT_QUEUE).execute(db);
    await sql`delete from queue_daily`.execute(db);
    await sql.raw(RECOMPUTE_QUEUE_DAILY).execute(db);
    await sql.raw(`delete from ${QUEUE_PAUSE_TABLE}`).execute(db);
  },
};
