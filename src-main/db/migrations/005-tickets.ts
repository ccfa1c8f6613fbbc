import { sql, type Kysely, type Migration } from 'kysely';

// Objection tickets (issue #7): extends the minimal `tickets` and `attachments` tables of
// 002-cases with the filing fields, the decision, the history and the ticket↔blob links.
export const m005Tickets: Migration = {
  async up(db: Kysely<any>) {
    // What the guide asks the applicant to write for a "not found in the list" objection,
    // kept as fields rather than free text (null for a red-cross code picked from the list).
    await db.schema.alterTable('tickets').addColumn('claimed_workshop_code', 'text').execute();
    await db.schema.alterTable('tickets').addColumn('claimed_national_code', 'text').execute();
    await db.schema.alterTable('tickets').addColumn('claimed_mobile', 'text').execute();
    await db.schema.alterTable('tickets').addColumn('status_changed_at', 'text').execute();
    await db.schema.alterTable('tickets').addColumn('decided_by_staff_id', 'integer', (c) => c.references('staff.id')).execute();
    await db.schema.alterTable('tickets').addColumn('decided_at', 'text').execute();
    await db.schema.alterTable('tickets').addColumn('decision_reason', 'text').execute();
    await sql`update tickets set status_changed_at = updated_at where status_changed_at is null`.execute(db);
    await db.schema.createIndex('tickets_agency_queue').on('tickets').columns(['agency_code', 'status', 'status_changed_at']).execute();
    await db.schema.createIndex('tickets_office_queue').on('tickets').columns(['created_office_id', 'status', 'status_changed_at']).execute();
    await db.schema.createIndex('tickets_applicant').on('tickets').column('applicant_id').execute();

    // Who first stored a blob (a blob is shared by every ticket that links it).
    await db.schema.alterTable('attachments').addColumn('created_by_staff_id', 'integer').execute();

    await db.schema
      .createTable('ticket_attachments')
      .addColumn('ticket_id', 'text', (c) => c.notNull().references('tickets.id'))
      .addColumn('sha256', 'text', (c) => c.notNull().references('attachments.sha256'))
      .addColumn('file_name', 'text', (c) => c.notNull())
      .addColumn('added_at', 'text', (c) => c.notNull())
      .addColumn('added_by_staff_id', 'integer')
      .addPrimaryKeyConstraint('ticket_attachments_pk', ['ticket_id', 'sha256'])
      .execute();

    await db.schema
      .createTable('ticket_events')
      .addColumn('id', 'integer', (c) => c.primaryKey().autoIncrement())
      .addColumn('ticket_id', 'text', (c) => c.notNull().references('tickets.id'))
      .addColumn('at', 'text', (c) => c.notNull())
      .addColumn('staff_id', 'integer')
      .addColumn('staff_name', 'text')
      .addColumn('office_id', 'text')
      .addColumn('action', 'text', (c) => c.notNull())
      .addColumn('from_status', 'text')
      .addColumn('to_status', 'text', (c) => c.notNull())
      .addColumn('message', 'text')
      .addColumn('details', 'text', (c) => c.notNull().defaultTo('{}'))
      .execute();
    await db.schema.createIndex('ticket_events_ticket').on('ticket_events').columns(['ticket_id', 'id']).execute();
  },
};
