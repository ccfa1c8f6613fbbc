import { sql, type Kysely, type Migration } from 'kysely';

// Sync: this office's keys, its peers, the outbox (a change log filled by triggers, so every
// writer — engine, intake, tickets, an import — is caught without touching its code), and the
// history of bundles sent, received and acknowledged.
const CASE_CHANGE = (caseIdExpr: string) =>
  `insert into sync_changes (entity, entity_id, origin) select 'case', ${caseIdExpr}, (select origin from sync_apply_context where id = 1)`;

export const m006Sync: Migration = {
  async up(db: Kysely<any>) {
    await db.schema
      .createTable('sync_identity')
      .addColumn('id', 'integer', (c) => c.primaryKey().check(sql`id = 1`))
      .addColumn('office_id', 'text', (c) => c.notNull())
      .addColumn('ed25519_public', 'text', (c) => c.notNull()) // base64 of the raw 32 bytes
      .addColumn('ed25519_private', 'blob', (c) => c.notNull()) // PKCS#8 DER, passed through the key protector
      .addColumn('x25519_public', 'text', (c) => c.notNull())
      .addColumn('x25519_private', 'blob', (c) => c.notNull())
      .addColumn('protector', 'text', (c) => c.notNull()) // 'plain' | 'safeStorage'
      .addColumn('created_at', 'text', (c) => c.notNull())
      .execute();

    await db.schema
      .createTable('sync_peers')
      .addColumn('office_id', 'text', (c) => c.primaryKey().notNull())
      .addColumn('kind', 'text', (c) => c.notNull())
      .addColumn('ed25519_public', 'text', (c) => c.notNull())
      .addColumn('x25519_public', 'text', (c) => c.notNull())
      .addColumn('trusted', 'integer', (c) => c.notNull().defaultTo(1))
      .addColumn('last_seq_sent', 'integer', (c) => c.notNull().defaultTo(0))
      .addColumn('last_change_sent', 'integer', (c) => c.notNull().defaultTo(0))
      .addColumn('trusted_at', 'text', (c) => c.notNull())
      .execute();

    // One row while an import runs in this connection's transaction: triggers stamp changes with it.
    await db.schema
      .createTable('sync_apply_context')
      .addColumn('id', 'integer', (c) => c.primaryKey().check(sql`id = 1`))
      .addColumn('origin', 'text')
      .execute();
    await db.insertInto('sync_apply_context').values({ id: 1, origin: null }).execute();

    await db.schema
      .createTable('sync_changes')
      .addColumn('seq', 'integer', (c) => c.primaryKey().autoIncrement())
      .addColumn('entity', 'text', (c) => c.notNull()) // 'case' | 'ticket' | 'attachment' | 'eligibility' | 'parameter'
      .addColumn('entity_id', 'text', (c) => c.notNull())
      .addColumn('origin', 'text') // the office whose bundle caused it; null: made here
      .execute();

    // Flow entries and staff keep the identity they were born with across offices.
    await db.schema
      .createTable('sync_flow_origin')
      .addColumn('flow_id', 'integer', (c) => c.primaryKey().notNull())
      .addColumn('uid', 'text', (c) => c.notNull().unique())
      .execute();
    await db.schema
      .createTable('sync_remote_staff')
      .addColumn('uid', 'text', (c) => c.primaryKey().notNull())
      .addColumn('staff_id', 'integer', (c) => c.notNull().unique())
      .execute();

    await db.schema
      .createTable('sync_sent')
      .addColumn('target', 'text', (c) => c.notNull())
      .addColumn('seq', 'integer', (c) => c.notNull())
      .addColumn('created_at', 'text', (c) => c.notNull())
      .addColumn('file_sha256', 'text', (c) => c.notNull())
      .addColumn('counts', 'text', (c) => c.notNull())
      .addColumn('acked_at', 'text')
      .addPrimaryKeyConstraint('sync_sent_pk', ['target', 'seq'])
      .execute();
    await db.schema
      .createTable('sync_sent_cases')
      .addColumn('target', 'text', (c) => c.notNull())
      .addColumn('seq', 'integer', (c) => c.notNull())
      .addColumn('case_id', 'text', (c) => c.notNull())
      .addColumn('version', 'integer', (c) => c.notNull())
      .addColumn('outcome', 'text') // from the peer's acknowledgement: accepted | routed | refused | conflict
      .addColumn('reason', 'text')
      .addPrimaryKeyConstraint('sync_sent_cases_pk', ['target', 'seq', 'case_id'])
      .execute();
    await db.schema.createIndex('sync_sent_cases_case').on('sync_sent_cases').column('case_id').execute();

    await db.schema
      .createTable('sync_received')
      .addColumn('source', 'text', (c) => c.notNull())
      .addColumn('seq', 'integer', (c) => c.notNull())
      .addColumn('manifest_sha256', 'text', (c) => c.notNull())
      .addColumn('created_at', 'text', (c) => c.notNull())
      .addColumn('applied_at', 'text', (c) => c.notNull())
      .addColumn('counts', 'text', (c) => c.notNull())
      .addColumn('summary', 'text', (c) => c.notNull())
      .addColumn('acked_in_seq', 'integer') // our bundle back to the source that acknowledged it
      .addPrimaryKeyConstraint('sync_received_pk', ['source', 'seq'])
      .execute();
    await db.schema
      .createTable('sync_received_cases')
      .addColumn('source', 'text', (c) => c.notNull())
      .addColumn('seq', 'integer', (c) => c.notNull())
      .addColumn('case_id', 'text', (c) => c.notNull())
      .addColumn('outcome', 'text', (c) => c.notNull())
      .addColumn('reason', 'text')
      .addPrimaryKeyConstraint('sync_received_cases_pk', ['source', 'seq', 'case_id'])
      .execute();

    // A case the engine refused (its reference data has not arrived yet, credit is short…): kept
    // and retried after every later import, so a bundle applied out of order loses nothing.
    await db.schema
      .createTable('sync_deferred')
      .addColumn('case_id', 'text', (c) => c.primaryKey().notNull())
      .addColumn('source', 'text', (c) => c.notNull())
      .addColumn('seq', 'integer', (c) => c.notNull())
      .addColumn('record', 'text', (c) => c.notNull())
      .addColumn('reason', 'text', (c) => c.notNull())
      .addColumn('at', 'text', (c) => c.notNull())
      .execute();

    await db.schema
      .createTable('sync_conflicts')
      .addColumn('id', 'integer', (c) => c.primaryKey().autoIncrement())
      .addColumn('case_id', 'text', (c) => c.notNull().references('cases.id'))
      .addColumn('source', 'text', (c) => c.notNull())
      .addColumn('seq', 'integer', (c) => c.notNull())
      .addColumn('local_version', 'text', (c) => c.notNull()) // JSON: the case file as it is here
      .addColumn('remote_version', 'text', (c) => c.notNull()) // JSON: the case file as it arrived
      .addColumn('status', 'text', (c) => c.notNull().defaultTo('open').check(sql`status in ('open', 'kept_local', 'took_remote')`))
      .addColumn('created_at', 'text', (c) => c.notNull())
      .addColumn('resolved_at', 'text')
      .addColumn('resolved_by', 'integer')
      .execute();
    await db.schema.createIndex('sync_conflicts_open').on('sync_conflicts').columns(['status', 'case_id']).execute();

    const triggers = [
      `create trigger sync_cases_ins after insert on cases begin ${CASE_CHANGE('new.id')}; end`,
      `create trigger sync_cases_upd after update on cases begin ${CASE_CHANGE('new.id')}; end`,
      `create trigger sync_tickets_ins after insert on tickets begin insert into sync_changes (entity, entity_id, origin) select 'ticket', new.id, (select origin from sync_apply_context where id = 1); end`,
      `create trigger sync_tickets_upd after update on tickets begin insert into sync_changes (entity, entity_id, origin) select 'ticket', new.id, (select origin from sync_apply_context where id = 1); end`,
      `create trigger sync_applicants_upd after update on applicants begin ${CASE_CHANGE('c.id')} from cases c where c.applicant_id = new.id; end`,
      `create trigger sync_workshops_upd after update on workshops begin ${CASE_CHANGE('c.id')} from cases c where c.workshop_id = new.id; end`,
      `create trigger sync_attachments_ins after insert on attachments begin insert into sync_changes (entity, entity_id, origin) select 'attachment', new.sha256, (select origin from sync_apply_context where id = 1); end`,
      `create trigger sync_eligibility_ins after insert on eligibility_list begin insert into sync_changes (entity, entity_id, origin) select 'eligibility', new.workshop_identifier, (select origin from sync_apply_context where id = 1); end`,
      `create trigger sync_eligibility_upd after update on eligibility_list begin insert into sync_changes (entity, entity_id, origin) select 'eligibility', new.workshop_identifier, (select origin from sync_apply_context where id = 1); end`,
      `create trigger sync_parameters_upd after update on programme_parameters begin insert into sync_changes (entity, entity_id, origin) select 'parameter', new.key, (select origin from sync_apply_context where id = 1); end`,
    ];
    for (const t of triggers) await sql.raw(t).execute(db);
  },
};
