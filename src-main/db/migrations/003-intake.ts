import { sql, type Kysely, type Migration } from 'kysely';

// Assisted registration (intake): registry reference data, the mobile-ownership check, the
// local SMS outbox, central's index of known cases (for duplicate warnings), and the personal
// and workshop fields the intake screens collect.
export const m003Intake: Migration = {
  async up(db: Kysely<any>) {
    // Civil-registry reference data an office holds (filled by import, `seed demo` or tests).
    await db.schema
      .createTable('registry_records')
      .addColumn('national_code', 'text', (c) => c.primaryKey().notNull())
      .addColumn('first_name', 'text', (c) => c.notNull())
      .addColumn('last_name', 'text', (c) => c.notNull())
      .addColumn('father_name', 'text', (c) => c.notNull().defaultTo(''))
      .addColumn('birth_date', 'text') // ISO date
      .addColumn('gender', 'text', (c) => c.check(sql`gender in ('male', 'female')`))
      .addColumn('source', 'text', (c) => c.notNull())
      .addColumn('updated_at', 'text', (c) => c.notNull())
      .execute();

    // What the default SMS adapter "sends": a local outbox the supervisor (and tests) can read.
    await db.schema
      .createTable('sms_outbox')
      .addColumn('id', 'integer', (c) => c.primaryKey().autoIncrement())
      .addColumn('at', 'text', (c) => c.notNull())
      .addColumn('mobile', 'text', (c) => c.notNull())
      .addColumn('body', 'text', (c) => c.notNull())
      .addColumn('purpose', 'text', (c) => c.notNull())
      .addColumn('case_id', 'text', (c) => c.references('cases.id'))
      .addColumn('staff_id', 'integer')
      .execute();
    await db.schema.createIndex('sms_outbox_mobile').on('sms_outbox').columns(['mobile', 'id']).execute();

    // One row per code sent; the code itself is never stored, only its salted hash.
    await db.schema
      .createTable('mobile_verifications')
      .addColumn('id', 'integer', (c) => c.primaryKey().autoIncrement())
      .addColumn('case_id', 'text', (c) => c.notNull().references('cases.id'))
      .addColumn('mobile', 'text', (c) => c.notNull())
      .addColumn('code_hash', 'text', (c) => c.notNull())
      .addColumn('salt', 'text', (c) => c.notNull())
      .addColumn('sent_at', 'text', (c) => c.notNull())
      .addColumn('expires_at', 'text', (c) => c.notNull())
      .addColumn('attempts', 'integer', (c) => c.notNull().defaultTo(0))
      .addColumn('confirmed_at', 'text')
      .addColumn('staff_id', 'integer')
      .execute();
    await db.schema.createIndex('mobile_verifications_case').on('mobile_verifications').columns(['case_id', 'id']).execute();

    // Cases known from central's data (other offices), for the duplicate warning at the counter.
    await db.schema
      .createTable('central_case_index')
      .addColumn('id', 'integer', (c) => c.primaryKey().autoIncrement())
      .addColumn('tracking_code', 'text')
      .addColumn('national_code', 'text')
      .addColumn('mobile', 'text')
      .addColumn('workshop_identifier', 'text')
      .addColumn('office_id', 'text')
      .addColumn('stage', 'text')
      .addColumn('source', 'text', (c) => c.notNull())
      .addColumn('updated_at', 'text', (c) => c.notNull())
      .execute();
    await db.schema.createIndex('central_case_index_nc').on('central_case_index').column('national_code').execute();
    await db.schema.createIndex('central_case_index_mobile').on('central_case_index').column('mobile').execute();
    await db.schema.createIndex('central_case_index_workshop').on('central_case_index').column('workshop_identifier').execute();

    await db.schema.alterTable('applicants').addColumn('home_address', 'text', (c) => c.notNull().defaultTo('')).execute();
    await db.schema.alterTable('applicants').addColumn('portal_access', 'integer', (c) => c.notNull().defaultTo(0)).execute();
    await db.schema.alterTable('workshops').addColumn('activity_description', 'text', (c) => c.notNull().defaultTo('')).execute();
  },
};
