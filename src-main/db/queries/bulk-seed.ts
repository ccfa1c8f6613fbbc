// Prepared statements for the bulk demo generator (services/demo/bulk-seed.ts): plain inserts
// in large transactions, so a million cases load in minutes. The queue's triggers (migration
// 004) still fire for every row, so the read side and FTS are built exactly as in normal use.
import type BetterSqlite3 from 'better-sqlite3';

export interface BulkCase {
  id: string; tracking_code: string | null; applicant_id: string; workshop_id: string; stage: string; created_office_id: string;
  activity_code: string; agency_code: string; institution_code: string; branch_code: string; requested_amount_rials: number;
  credit_state: string; credit_rials: number; credit_branch_code: string | null; credit_institution_code: string | null;
  assignee_staff_id: number | null; version: number; stage_entered_at: string; submitted_at: string | null; reached_branch_at: string | null; created_at: string; updated_at: string;
}

export interface BulkFlow {
  case_id: string; at: string; staff_id: number; staff_name: string; office_id: string; action: string; from_stage: string | null; to_stage: string; reason: string | null; details: string;
}

export function bulkReference(sqlite: BetterSqlite3.Database) {
  const branches = sqlite.prepare(`
    select b.code, b.institution_code, b.county_code, c.province_code, c.name_fa as county_name_fa,
      ca.allocated_rials - ca.reserved_rials - ca.consumed_rials as remaining
    from branches b join counties c on c.code = b.county_code left join credit_allocations ca on ca.branch_code = b.code
    where b.offered = 1
    order by b.code`).all() as Array<{ code: string; institution_code: string; county_code: string; province_code: string; county_name_fa: string; remaining: number | null }>;
  const institutions = sqlite.prepare(`select institution_code as code, allocated_rials - reserved_rials - consumed_rials as remaining from credit_allocations where branch_code is null`).all() as Array<{ code: string; remaining: number }>;
  const activities = sqlite.prepare(`select code, agency_code from activity_codes where is_driver = 0 order by code`).all() as Array<{ code: string; agency_code: string }>;
  const setting = (key: string) => (sqlite.prepare(`select value from settings where key = ?`).get(key) as { value: string } | undefined)?.value;
  const maxApplicantSerial = (sqlite.prepare(`select count(*) as n from applicants`).get() as { n: number }).n;
  return { branches, institutions, activities, setting, maxApplicantSerial };
}

/** Faster, less durable settings for a one-off load into a file nobody else has open. */
export function bulkLoadPragmas(sqlite: BetterSqlite3.Database): () => void {
  const before = sqlite.pragma('synchronous', { simple: true });
  sqlite.pragma('synchronous = OFF');
  sqlite.pragma('cache_size = -262144');
  return () => {
    sqlite.pragma(`synchronous = ${before}`);
    sqlite.pragma('wal_checkpoint(TRUNCATE)');
  };
}

export function bulkWriter(sqlite: BetterSqlite3.Database) {
  const office = sqlite.prepare(`insert into offices (id, kind, name_fa, name_en, agency_code, branch_code, created_at) values (?, ?, ?, ?, ?, ?, ?)
    on conflict (id) do nothing`);
  const staffByName = sqlite.prepare(`select id from staff where username = ?`);
  const staff = sqlite.prepare(`insert into staff (username, display_name, role, office_id, password_hash, must_change_password, created_at, updated_at) values (?, ?, ?, ?, ?, 1, ?, ?)`);
  const applicant = sqlite.prepare(`insert into applicants (id, national_code, mobile, first_name, last_name, father_name, registry_filled, registry_verified_at,
    mobile_confirmed_at, mobile_confirm_method, rules_acknowledged_at, created_office_id, created_at, updated_at) values (?, ?, ?, ?, ?, ?, 1, ?, ?, 'sms_code', ?, ?, ?, ?)`);
  const workshop = sqlite.prepare(`insert into workshops (id, applicant_id, workshop_code, identifier, name, address, province_code, county_code, postal_code, uninsured_workers, created_at, updated_at)
    values (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`);
  const eligible = sqlite.prepare(`insert into eligibility_list (workshop_identifier, status, source, updated_at) values (?, 'eligible', 'demo-bulk', ?) on conflict do nothing`);
  const caseRow = sqlite.prepare(`insert into cases (id, tracking_code, applicant_id, workshop_id, stage, created_office_id, activity_code, agency_code, institution_code, branch_code,
    requested_amount_rials, permits_answered, has_permit, credit_state, credit_rials, credit_branch_code, credit_institution_code, assignee_staff_id, version,
    stage_entered_at, submitted_at, reached_branch_at, created_at, updated_at)
    values (@id, @tracking_code, @applicant_id, @workshop_id, @stage, @created_office_id, @activity_code, @agency_code, @institution_code, @branch_code,
    @requested_amount_rials, 1, 0, @credit_state, @credit_rials, @credit_branch_code, @credit_institution_code, @assignee_staff_id, @version,
    @stage_entered_at, @submitted_at, @reached_branch_at, @created_at, @updated_at)`);
  const flow = sqlite.prepare(`insert into case_flow (case_id, at, staff_id, staff_name, office_id, action, from_stage, to_stage, reason, details)
    values (@case_id, @at, @staff_id, @staff_name, @office_id, @action, @from_stage, @to_stage, @reason, @details)`);
  const credit = sqlite.prepare(`update credit_allocations set reserved_rials = reserved_rials + ?, consumed_rials = consumed_rials + ? where institution_code = ? and branch_code is ?`);
  const setting = sqlite.prepare(`insert into settings (key, value) values (?, ?) on conflict (key) do update set value = excluded.value`);
  return {
    transaction: <T>(fn: () => T): T => sqlite.transaction(fn)(),
    office: (o: { id: string; kind: string; name: string; agencyCode: string | null; branchCode: string | null; now: string }) =>
      office.run(o.id, o.kind, `${o.name} (نمونه)`, `${o.name} (demo)`, o.agencyCode, o.branchCode, o.now),
    staff(s: { username: string; role: string; officeId: string; passwordHash: string; now: string }): number {
      const known = staffByName.get(s.username) as { id: number } | undefined;
      if (known) return known.id;
      return Number(staff.run(s.username, `${s.username} (نمونه)`, s.role, s.officeId, s.passwordHash, s.now, s.now).lastInsertRowid);
    },
    applicant: (a: { id: string; nationalCode: string; mobile: string; firstName: string; lastName: string; fatherName: string; officeId: string; at: string }) =>
      applicant.run(a.id, a.nationalCode, a.mobile, a.firstName, a.lastName, a.fatherName, a.at, a.at, a.at, a.officeId, a.at, a.at),
    workshop: (w: { id: string; applicantId: string; workshopCode: string | null; identifier: string; name: string; address: string; provinceCode: string; countyCode: string; postalCode: string; workers: number; at: string }) => {
      workshop.run(w.id, w.applicantId, w.workshopCode, w.identifier, w.name, w.address, w.provinceCode, w.countyCode, w.postalCode, w.workers, w.at, w.at);
      eligible.run(w.identifier, w.at);
    },
    caseRow: (c: BulkCase) => caseRow.run(c),
    flow: (f: BulkFlow) => flow.run(f),
    credit: (institutionCode: string, branchCode: string | null, reserved: number, consumed: number) => credit.run(reserved, consumed, institutionCode, branchCode),
    setting: (key: string, value: string) => setting.run(key, value),
  };
}
