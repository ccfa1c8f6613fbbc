import { sql, type Kysely, type Migration } from 'kysely';
import { foldForSearch } from '../../../src-shared/domain/text';
import { QUEUE_INDEXES, QUEUE_TRIGGERS_AT_004 } from '../sqlite/queue-schema';

// The review queue's read side: one row per case with what the queue shows, filters and sorts
// by, kept in step with cases / applicants / workshops by triggers (so every writer — the engine,
// intake, an import — keeps it right without knowing it exists). Folded search text comes from
// kara_fold(), registered on every connection by registerQueueSearchFunctions
// (src-main/db/sqlite/queue-search.ts). Names are folded with the same foldForSearch the
// queries use, and indexed by an external-content FTS5 table.
export const m004Queue: Migration = {
  async up(db: Kysely<any>) {
    await db.schema
      .createTable('queue_items')
      .addColumn('item_id', 'integer', (c) => c.primaryKey())
      .addColumn('case_id', 'text', (c) => c.notNull().unique())
      .addColumn('tracking_code', 'text')
      .addColumn('applicant_id', 'text', (c) => c.notNull())
      .addColumn('applicant_name', 'text')
      .addColumn('workshop_name', 'text')
      .addColumn('county_code', 'text')
      .addColumn('activity_code', 'text')
      .addColumn('agency_code', 'text')
      .addColumn('institution_code', 'text')
      .addColumn('branch_code', 'text')
      .addColumn('created_office_id', 'text', (c) => c.notNull())
      .addColumn('amount', 'integer')
      .addColumn('stage', 'text', (c) => c.notNull())
      .addColumn('stage_entered_at', 'text', (c) => c.notNull())
      .addColumn('assignee_staff_id', 'integer')
      .addColumn('pending_action', 'text')
      .addColumn('version', 'integer', (c) => c.notNull())
      .addColumn('search_text', 'text', (c) => c.notNull().defaultTo(''))
      .execute();
    for (const index of QUEUE_INDEXES) await sql.raw(index).execute(db);

    await sql`create virtual table queue_fts using fts5(search_text, content='queue_items', content_rowid='item_id', tokenize='unicode61 remove_diacritics 2', prefix='2 3')`.execute(db);

    // Cases per (scope, stage): the tabs' counts at any size. Scope: '*', 'ag:<agency>', 'br:<branch>', 'of:<office>'.
    await sql`create table queue_counts (scope text not null, stage text not null, n integer not null, primary key (scope, stage)) without rowid`.execute(db);
    // Inflow (submissions) and decisions per Tehran day and scope, for the dashboard.
    await sql`create table queue_daily (scope text not null, day text not null, inflow integer not null default 0, decisions integer not null default 0, primary key (scope, day)) without rowid`.execute(db);

    await db.schema
      .createTable('canned_reasons')
      .addColumn('id', 'integer', (c) => c.primaryKey().autoIncrement())
      .addColumn('office_id', 'text') // null: offered to every office
      .addColumn('action', 'text', (c) => c.notNull())
      .addColumn('text_fa', 'text', (c) => c.notNull())
      .addColumn('text_en', 'text', (c) => c.notNull())
      .addColumn('sort', 'integer', (c) => c.notNull().defaultTo(0))
      .execute();
    await db.schema.createIndex('canned_reasons_office').on('canned_reasons').columns(['office_id', 'action', 'sort']).execute();

    await db.schema
      .createTable('saved_filters')
      .addColumn('id', 'integer', (c) => c.primaryKey().autoIncrement())
      .addColumn('staff_id', 'integer', (c) => c.notNull().references('staff.id'))
      .addColumn('name', 'text', (c) => c.notNull())
      .addColumn('filter', 'text', (c) => c.notNull())
      .addColumn('created_at', 'text', (c) => c.notNull())
      .execute();
    await db.schema.createIndex('saved_filters_staff').on('saved_filters').columns(['staff_id', 'name']).unique().execute();

    for (const trigger of QUEUE_TRIGGERS_AT_004) await sql.raw(trigger).execute(db);

    // ---- canned reasons offered to every office -------------------------------------------
    const canned: Array<[string, string, string]> = [
      ['agency_return', 'کد فعالیت با مجوز هم‌خوانی ندارد؛ اصلاح شود.', 'The activity code does not match the permit; please correct it.'],
      ['agency_return', 'نشانی یا کد پستی کارگاه ناقص است.', 'The workshop address or postal code is incomplete.'],
      ['agency_return', 'تعداد کارکنان فاقد بیمه با مدارک هم‌خوانی ندارد.', 'The number of uninsured workers does not match the documents.'],
      ['agency_reject', 'فعالیت کارگاه در فهرست مشاغل آسیب‌دیده نیست.', 'The workshop\'s activity is not on the list of affected businesses.'],
      ['agency_reject', 'کارگاه پیش از شیوع کرونا فعال نبوده است.', 'The workshop was not active before the outbreak.'],
      ['bank_reject', 'سابقهٔ چک برگشتی.', 'A record of bounced cheques.'],
      ['bank_reject', 'ضامن معتبر معرفی نشد.', 'No acceptable guarantor was presented.'],
      ['request_documents', 'تصویر مجوز کسب خوانا نیست.', 'The image of the business permit is not legible.'],
      ['request_documents', 'فهرست کارکنان کارگاه ارائه شود.', 'Please provide the workshop\'s list of workers.'],
      ['withdraw', 'انصراف متقاضی.', 'The applicant withdrew.'],
    ];
    let sort = 0;
    for (const [action, textFa, textEn] of canned) {
      sort += 1;
      await db.insertInto('canned_reasons').values({ office_id: null, action, text_fa: textFa, text_en: textEn, sort }).execute();
    }

    // ---- cases that existed before this migration ------------------------------------------
    const existing = await sql<{ id: string; first_name: string | null; last_name: string | null; workshop_name: string | null }>`
      select c.id, a.first_name, a.last_name, w.name as workshop_name
      from cases c join applicants a on a.id = c.applicant_id left join workshops w on w.id = c.workshop_id order by c.rowid`.execute(db);
    for (const row of existing.rows) {
      await sql`insert into queue_items (case_id, tracking_code, applicant_id, applicant_name, workshop_name, county_code, activity_code, agency_code,
          institution_code, branch_code, created_office_id, amount, stage, stage_entered_at, assignee_staff_id, pending_action, version, search_text)
        select c.id, c.tracking_code, c.applicant_id, trim(a.first_name || ' ' || a.last_name), w.name, w.county_code, c.activity_code, c.agency_code,
          c.institution_code, c.branch_code, c.created_office_id, c.requested_amount_rials, c.stage, c.stage_entered_at, c.assignee_staff_id, c.pending_action, c.version,
          ${foldForSearch(`${row.first_name ?? ''} ${row.last_name ?? ''} ${row.workshop_name ?? ''}`)}
        from cases c join applicants a on a.id = c.applicant_id left join workshops w on w.id = c.workshop_id where c.id = ${row.id}`.execute(db);
    }
  },
};
