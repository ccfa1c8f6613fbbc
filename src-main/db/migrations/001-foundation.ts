import { sql, type Kysely, type Migration } from 'kysely';

// Timestamps are ISO-8601 UTC text; money is integer rials; ids of records that travel
// between offices are UUIDs, local-only rows use integers.
export const m001Foundation: Migration = {
  async up(db: Kysely<any>) {
    await db.schema
      .createTable('settings')
      .addColumn('key', 'text', (c) => c.primaryKey().notNull())
      .addColumn('value', 'text', (c) => c.notNull())
      .execute();

    await db.schema
      .createTable('provinces')
      .addColumn('code', 'text', (c) => c.primaryKey().notNull())
      .addColumn('name_fa', 'text', (c) => c.notNull())
      .addColumn('name_en', 'text', (c) => c.notNull())
      .execute();
    await db.schema
      .createTable('counties')
      .addColumn('code', 'text', (c) => c.primaryKey().notNull())
      .addColumn('province_code', 'text', (c) => c.notNull().references('provinces.code'))
      .addColumn('name_fa', 'text', (c) => c.notNull())
      .addColumn('name_en', 'text', (c) => c.notNull())
      .execute();
    await db.schema.createIndex('counties_province').on('counties').column('province_code').execute();

    await db.schema
      .createTable('institutions')
      .addColumn('code', 'text', (c) => c.primaryKey().notNull())
      .addColumn('name_fa', 'text', (c) => c.notNull())
      .addColumn('name_en', 'text', (c) => c.notNull())
      .addColumn('kind', 'text', (c) => c.notNull().check(sql`kind in ('bank', 'credit_institution')`))
      .execute();
    await db.schema
      .createTable('branches')
      .addColumn('code', 'text', (c) => c.primaryKey().notNull())
      .addColumn('institution_code', 'text', (c) => c.notNull().references('institutions.code'))
      .addColumn('county_code', 'text', (c) => c.notNull().references('counties.code'))
      .addColumn('name_fa', 'text', (c) => c.notNull())
      .addColumn('name_en', 'text', (c) => c.notNull())
      .addColumn('address_fa', 'text', (c) => c.notNull().defaultTo(''))
      .addColumn('phone', 'text', (c) => c.notNull().defaultTo(''))
      .addColumn('is_demo', 'integer', (c) => c.notNull().defaultTo(0))
      .execute();
    await db.schema
      .createIndex('branches_county_institution')
      .on('branches')
      .columns(['county_code', 'institution_code'])
      .execute();

    await db.schema
      .createTable('agencies')
      .addColumn('code', 'text', (c) => c.primaryKey().notNull())
      .addColumn('name_fa', 'text', (c) => c.notNull())
      .addColumn('name_en', 'text', (c) => c.notNull())
      .execute();
    await db.schema
      .createTable('activity_categories')
      .addColumn('code', 'text', (c) => c.primaryKey().notNull())
      .addColumn('name_fa', 'text', (c) => c.notNull())
      .addColumn('name_en', 'text', (c) => c.notNull())
      .addColumn('agency_code', 'text', (c) => c.notNull().references('agencies.code'))
      .addColumn('ordered_closed', 'integer', (c) => c.notNull().defaultTo(0))
      .execute();
    await db.schema
      .createTable('activity_codes')
      .addColumn('code', 'text', (c) => c.primaryKey().notNull())
      .addColumn('category_code', 'text', (c) => c.notNull().references('activity_categories.code'))
      .addColumn('name_fa', 'text', (c) => c.notNull())
      .addColumn('name_en', 'text', (c) => c.notNull())
      .addColumn('agency_code', 'text', (c) => c.notNull().references('agencies.code'))
      .addColumn('is_driver', 'integer', (c) => c.notNull().defaultTo(0))
      .addColumn('search_key', 'text', (c) => c.notNull().defaultTo(''))
      .execute();
    await db.schema
      .createTable('programme_parameters')
      .addColumn('key', 'text', (c) => c.primaryKey().notNull())
      .addColumn('value', 'integer', (c) => c.notNull())
      .addColumn('unit', 'text', (c) => c.notNull())
      .addColumn('description_fa', 'text', (c) => c.notNull())
      .addColumn('description_en', 'text', (c) => c.notNull())
      .addColumn('source', 'text', (c) => c.notNull())
      .addColumn('published', 'integer', (c) => c.notNull())
      .addColumn('updated_at', 'text', (c) => c.notNull())
      .addColumn('updated_by', 'integer')
      .execute();

    await db.schema
      .createTable('offices')
      .addColumn('id', 'text', (c) => c.primaryKey().notNull())
      .addColumn('kind', 'text', (c) => c.notNull().check(sql`kind in ('intake', 'agency', 'branch', 'central')`))
      .addColumn('name_fa', 'text', (c) => c.notNull())
      .addColumn('name_en', 'text', (c) => c.notNull())
      .addColumn('agency_code', 'text', (c) => c.references('agencies.code'))
      .addColumn('branch_code', 'text', (c) => c.references('branches.code'))
      .addColumn('county_code', 'text', (c) => c.references('counties.code'))
      .addColumn('created_at', 'text', (c) => c.notNull())
      .execute();

    await db.schema
      .createTable('staff')
      .addColumn('id', 'integer', (c) => c.primaryKey().autoIncrement())
      .addColumn('username', 'text', (c) => c.notNull().unique())
      .addColumn('display_name', 'text', (c) => c.notNull())
      .addColumn('role', 'text', (c) => c.notNull())
      .addColumn('office_id', 'text', (c) => c.notNull().references('offices.id'))
      .addColumn('password_hash', 'text', (c) => c.notNull())
      .addColumn('must_change_password', 'integer', (c) => c.notNull().defaultTo(0))
      .addColumn('failed_logins', 'integer', (c) => c.notNull().defaultTo(0))
      .addColumn('locked_until', 'text')
      .addColumn('disabled', 'integer', (c) => c.notNull().defaultTo(0))
      .addColumn('created_at', 'text', (c) => c.notNull())
      .addColumn('updated_at', 'text', (c) => c.notNull())
      .execute();
    await db.schema
      .createTable('sessions')
      .addColumn('id', 'text', (c) => c.primaryKey().notNull()) // SHA-256 of the token: a stolen file yields no live token
      .addColumn('staff_id', 'integer', (c) => c.notNull().references('staff.id'))
      .addColumn('created_at', 'text', (c) => c.notNull())
      .addColumn('last_active_at', 'text', (c) => c.notNull())
      .addColumn('ended_at', 'text')
      .execute();

    await db.schema
      .createTable('applicants')
      .addColumn('id', 'text', (c) => c.primaryKey().notNull())
      .addColumn('national_code', 'text', (c) => c.notNull().unique())
      .addColumn('mobile', 'text', (c) => c.notNull())
      .addColumn('first_name', 'text', (c) => c.notNull().defaultTo(''))
      .addColumn('last_name', 'text', (c) => c.notNull().defaultTo(''))
      .addColumn('father_name', 'text', (c) => c.notNull().defaultTo(''))
      .addColumn('birth_date', 'text')
      .addColumn('gender', 'text')
      .addColumn('registry_filled', 'integer', (c) => c.notNull().defaultTo(0))
      .addColumn('registry_verified_at', 'text')
      .addColumn('mobile_confirmed_at', 'text')
      .addColumn('mobile_confirm_method', 'text')
      .addColumn('rules_acknowledged_at', 'text')
      .addColumn('portal_password_hash', 'text')
      .addColumn('created_office_id', 'text', (c) => c.notNull().references('offices.id'))
      .addColumn('created_at', 'text', (c) => c.notNull())
      .addColumn('updated_at', 'text', (c) => c.notNull())
      .execute();
    await db.schema.createIndex('applicants_mobile').on('applicants').column('mobile').execute();

    await db.schema
      .createTable('eligibility_list')
      .addColumn('workshop_identifier', 'text', (c) => c.primaryKey().notNull())
      .addColumn('status', 'text', (c) => c.notNull().check(sql`status in ('eligible', 'ineligible')`))
      .addColumn('source', 'text', (c) => c.notNull())
      .addColumn('updated_at', 'text', (c) => c.notNull())
      .execute();

    await db.schema
      .createTable('workshops')
      .addColumn('id', 'text', (c) => c.primaryKey().notNull())
      .addColumn('applicant_id', 'text', (c) => c.notNull().references('applicants.id'))
      .addColumn('workshop_code', 'text') // social-security workshop code, when it has one
      .addColumn('identifier', 'text', (c) => c.notNull()) // the code, or the owner's national code
      .addColumn('name', 'text', (c) => c.notNull().defaultTo(''))
      .addColumn('address', 'text', (c) => c.notNull().defaultTo(''))
      .addColumn('province_code', 'text', (c) => c.references('provinces.code'))
      .addColumn('county_code', 'text', (c) => c.references('counties.code'))
      .addColumn('postal_code', 'text')
      .addColumn('uninsured_workers', 'integer')
      .addColumn('created_at', 'text', (c) => c.notNull())
      .addColumn('updated_at', 'text', (c) => c.notNull())
      .execute();
    await db.schema.createIndex('workshops_identifier').on('workshops').column('identifier').execute();
    await db.schema.createIndex('workshops_applicant').on('workshops').column('applicant_id').execute();

    await db.schema
      .createTable('audit_events')
      .addColumn('id', 'integer', (c) => c.primaryKey().autoIncrement())
      .addColumn('at', 'text', (c) => c.notNull())
      .addColumn('staff_id', 'integer')
      .addColumn('office_id', 'text')
      .addColumn('action', 'text', (c) => c.notNull())
      .addColumn('entity', 'text', (c) => c.notNull())
      .addColumn('entity_id', 'text')
      .addColumn('outcome', 'text', (c) => c.notNull().defaultTo('ok'))
      .addColumn('payload', 'text', (c) => c.notNull().defaultTo('{}')) // ids and hashes only, never personal data
      .addColumn('prev_hash', 'text', (c) => c.notNull())
      .addColumn('hash', 'text', (c) => c.notNull())
      .execute();
    await db.schema.createIndex('audit_events_at').on('audit_events').column('at').execute();
  },
};
