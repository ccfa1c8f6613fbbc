import { sql, type Kysely, type Migration } from 'kysely';

// Reference data flows from central to the offices (docs/sync-format.md): institutions,
// agencies, activity categories and codes, real (not demo) branches and credit allocations.
// Triggers put a changed row in the outbox, as 006-sync does for eligibility and parameters,
// but only a change made here (no import running): what an import wrote is never sent back,
// and an office's outbox does not fill with central's rows. Demo rows never travel: every
// office seeds the same ones.

const LOCAL_ONLY = '(select origin from sync_apply_context where id = 1) is null';
const enqueue = (entity: string, idExpr: string) => `insert into sync_changes (entity, entity_id, origin) values ('${entity}', ${idExpr}, null)`;

/** Insert and update triggers of one table; an update counts only when one of `columns` changed. */
function changeTriggers(table: string, entity: string, idExpr: string, columns: readonly string[], onlyWhen = 'true'): string[] {
  const changed = `(${columns.map((c) => `old.${c}`).join(', ')}) is not (${columns.map((c) => `new.${c}`).join(', ')})`;
  return [
    `create trigger sync_ref_${table}_ins after insert on ${table} when ${LOCAL_ONLY} and ${onlyWhen} begin ${enqueue(entity, idExpr)}; end`,
    `create trigger sync_ref_${table}_upd after update of ${columns.join(', ')} on ${table} when ${LOCAL_ONLY} and ${onlyWhen} and ${changed} begin ${enqueue(entity, idExpr)}; end`,
  ];
}

export const REFERENCE_TRIGGERS = [
  ...changeTriggers('institutions', 'institution', 'new.code', ['name_fa', 'name_en', 'kind']),
  ...changeTriggers('agencies', 'agency', 'new.code', ['name_fa', 'name_en']),
  ...changeTriggers('activity_categories', 'category', 'new.code', ['name_fa', 'name_en', 'agency_code', 'ordered_closed']),
  ...changeTriggers('activity_codes', 'activity', 'new.code', ['category_code', 'name_fa', 'name_en', 'agency_code', 'is_driver']),
  ...changeTriggers('branches', 'branch', 'new.code', ['institution_code', 'county_code', 'name_fa', 'name_en', 'address_fa', 'phone', 'offered', 'is_demo'], 'new.is_demo = 0'),
  // Reservations and consumption are each office's own: only the allocated total travels.
  ...changeTriggers('credit_allocations', 'credit', 'new.id', ['allocated_rials', 'is_demo'], 'new.is_demo = 0'),
];

export const m009ReferenceSync: Migration = {
  async up(db: Kysely<any>) {
    // A branch central no longer offers, or a demo branch central's real ones replaced: kept
    // (cases and credit rows refer to it) but no longer offered when a branch is chosen.
    await db.schema.alterTable('branches').addColumn('offered', 'integer', (c) => c.notNull().defaultTo(1)).execute();

    // Central's count of cases waiting at each branch (every office's), as of its latest bundle.
    await db.schema
      .createTable('central_branch_queues')
      .addColumn('branch_code', 'text', (c) => c.primaryKey().notNull())
      .addColumn('waiting', 'integer', (c) => c.notNull())
      .execute();

    // The central bundle whose version of a reference row is applied here: an older bundle
    // arriving late never undoes a newer one.
    await db.schema
      .createTable('sync_reference_seen')
      .addColumn('entity', 'text', (c) => c.notNull())
      .addColumn('key', 'text', (c) => c.notNull())
      .addColumn('seq', 'integer', (c) => c.notNull())
      .addPrimaryKeyConstraint('sync_reference_seen_pk', ['entity', 'key'])
      .execute();

    for (const t of REFERENCE_TRIGGERS) await sql.raw(t).execute(db);

    // A database that already holds reference data (a central upgraded in place) sends it in
    // its next bundle to each office.
    const backfill: Array<[entity: string, table: string, id: string, where: string]> = [
      ['institution', 'institutions', 'code', 'true'],
      ['agency', 'agencies', 'code', 'true'],
      ['category', 'activity_categories', 'code', 'true'],
      ['activity', 'activity_codes', 'code', 'true'],
      ['branch', 'branches', 'code', 'is_demo = 0'],
      ['credit', 'credit_allocations', 'id', 'is_demo = 0'],
    ];
    for (const [entity, table, id, where] of backfill) {
      await sql.raw(`insert into sync_changes (entity, entity_id, origin) select '${entity}', cast(${id} as text), null from ${table} where ${where} order by ${id}`).execute(db);
    }
  },
};
