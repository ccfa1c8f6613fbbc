import { sql, type Kysely, type Migration } from 'kysely';

export const m002Cases: Migration = {
  async up(db: Kysely<any>) {
    await db.schema
      .createTable('credit_allocations')
      .addColumn('id', 'integer', (c) => c.primaryKey().autoIncrement())
      .addColumn('institution_code', 'text', (c) => c.notNull().references('institutions.code'))
      .addColumn('branch_code', 'text', (c) => c.references('branches.code')) // null: the institution's whole allocation
      .addColumn('allocated_rials', 'integer', (c) => c.notNull())
      .addColumn('reserved_rials', 'integer', (c) => c.notNull().defaultTo(0))
      .addColumn('consumed_rials', 'integer', (c) => c.notNull().defaultTo(0))
      .addColumn('is_demo', 'integer', (c) => c.notNull().defaultTo(0))
      .addColumn('updated_at', 'text', (c) => c.notNull())
      // The database itself refuses over-commitment, whatever the interleaving of commands.
      .addCheckConstraint('credit_never_overcommitted', sql`reserved_rials >= 0 and consumed_rials >= 0 and reserved_rials + consumed_rials <= allocated_rials`)
      .execute();
    await db.schema.createIndex('credit_institution_level').unique().on('credit_allocations').column('institution_code').where(sql.ref('branch_code'), 'is', null).execute();
    await db.schema.createIndex('credit_branch_level').unique().on('credit_allocations').column('branch_code').where(sql.ref('branch_code'), 'is not', null).execute();

    await db.schema
      .createTable('cases')
      .addColumn('id', 'text', (c) => c.primaryKey().notNull())
      .addColumn('tracking_code', 'text', (c) => c.unique())
      .addColumn('applicant_id', 'text', (c) => c.notNull().references('applicants.id'))
      .addColumn('workshop_id', 'text', (c) => c.references('workshops.id'))
      .addColumn('stage', 'text', (c) => c.notNull().defaultTo('draft'))
      .addColumn('created_office_id', 'text', (c) => c.notNull().references('offices.id'))
      .addColumn('activity_code', 'text', (c) => c.references('activity_codes.code'))
      .addColumn('agency_code', 'text', (c) => c.references('agencies.code'))
      .addColumn('institution_code', 'text', (c) => c.references('institutions.code'))
      .addColumn('branch_code', 'text', (c) => c.references('branches.code'))
      .addColumn('requested_amount_rials', 'integer')
      .addColumn('permits_answered', 'integer', (c) => c.notNull().defaultTo(0))
      .addColumn('has_permit', 'integer')
      .addColumn('permit_type', 'text')
      .addColumn('permit_number', 'text')
      .addColumn('permit_issuer', 'text')
      .addColumn('permit_issued_on', 'text')
      .addColumn('credit_state', 'text', (c) => c.notNull().defaultTo('none').check(sql`credit_state in ('none', 'reserved', 'consumed', 'released')`))
      .addColumn('credit_rials', 'integer', (c) => c.notNull().defaultTo(0))
      .addColumn('credit_branch_code', 'text', (c) => c.references('branches.code'))
      .addColumn('credit_institution_code', 'text', (c) => c.references('institutions.code'))
      .addColumn('assignee_staff_id', 'integer', (c) => c.references('staff.id'))
      .addColumn('pending_action', 'text') // maker-checker: an action waiting for a second officer
      .addColumn('pending_by_staff_id', 'integer', (c) => c.references('staff.id'))
      .addColumn('pending_reason', 'text')
      .addColumn('pending_at', 'text')
      .addColumn('duplicate_reason', 'text')
      .addColumn('version', 'integer', (c) => c.notNull().defaultTo(1))
      .addColumn('stage_entered_at', 'text', (c) => c.notNull())
      .addColumn('submitted_at', 'text')
      .addColumn('created_at', 'text', (c) => c.notNull())
      .addColumn('updated_at', 'text', (c) => c.notNull())
      .execute();
    await db.schema.createIndex('cases_agency_queue').on('cases').columns(['agency_code', 'stage', 'stage_entered_at']).execute();
    await db.schema.createIndex('cases_branch_queue').on('cases').columns(['branch_code', 'stage', 'stage_entered_at']).execute();
    await db.schema.createIndex('cases_office_stage').on('cases').columns(['created_office_id', 'stage', 'stage_entered_at']).execute();
    await db.schema.createIndex('cases_applicant').on('cases').column('applicant_id').execute();
    await db.schema.createIndex('cases_workshop').on('cases').column('workshop_id').execute();
    await db.schema.createIndex('cases_pending').on('cases').columns(['pending_action', 'stage']).where(sql.ref('pending_action'), 'is not', null).execute();

    await db.schema
      .createTable('case_flow')
      .addColumn('id', 'integer', (c) => c.primaryKey().autoIncrement())
      .addColumn('case_id', 'text', (c) => c.notNull().references('cases.id'))
      .addColumn('at', 'text', (c) => c.notNull())
      .addColumn('staff_id', 'integer')
      .addColumn('staff_name', 'text')
      .addColumn('office_id', 'text')
      .addColumn('action', 'text', (c) => c.notNull())
      .addColumn('from_stage', 'text')
      .addColumn('to_stage', 'text', (c) => c.notNull())
      .addColumn('reason', 'text')
      .addColumn('details', 'text', (c) => c.notNull().defaultTo('{}'))
      .execute();
    await db.schema.createIndex('case_flow_case').on('case_flow').columns(['case_id', 'id']).execute();

    await db.schema
      .createTable('eligibility_overrides')
      .addColumn('workshop_identifier', 'text', (c) => c.primaryKey().notNull())
      .addColumn('ticket_id', 'text')
      .addColumn('staff_id', 'integer')
      .addColumn('reason', 'text', (c) => c.notNull())
      .addColumn('at', 'text', (c) => c.notNull())
      .execute();

    await db.schema
      .createTable('tickets')
      .addColumn('id', 'text', (c) => c.primaryKey().notNull())
      .addColumn('tracking_number', 'text', (c) => c.notNull().unique())
      .addColumn('applicant_id', 'text', (c) => c.notNull().references('applicants.id'))
      .addColumn('case_id', 'text', (c) => c.references('cases.id'))
      .addColumn('workshop_identifier', 'text', (c) => c.notNull())
      .addColumn('kind', 'text', (c) => c.notNull().check(sql`kind in ('not_found', 'ineligible')`))
      .addColumn('status', 'text', (c) => c.notNull().defaultTo('open'))
      .addColumn('description', 'text', (c) => c.notNull())
      .addColumn('agency_code', 'text', (c) => c.references('agencies.code'))
      .addColumn('assignee_staff_id', 'integer', (c) => c.references('staff.id'))
      .addColumn('created_office_id', 'text', (c) => c.notNull().references('offices.id'))
      .addColumn('version', 'integer', (c) => c.notNull().defaultTo(1))
      .addColumn('created_at', 'text', (c) => c.notNull())
      .addColumn('updated_at', 'text', (c) => c.notNull())
      .execute();
    await db.schema.createIndex('tickets_case').on('tickets').columns(['case_id', 'status']).execute();

    await db.schema
      .createTable('attachments')
      .addColumn('sha256', 'text', (c) => c.primaryKey().notNull())
      .addColumn('mime', 'text', (c) => c.notNull())
      .addColumn('size', 'integer', (c) => c.notNull())
      .addColumn('bytes', 'blob', (c) => c.notNull())
      .addColumn('thumbnail', 'blob')
      .addColumn('created_at', 'text', (c) => c.notNull())
      .execute();
  },
};
