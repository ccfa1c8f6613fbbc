// Applicants, workshops and eligibility of an import, a batch at a time: what is here is read
// with one query per batch, each record is decided in order exactly as the one-by-one upserts
// decided it (newer wins; an applicant may not take another's national code), and the writes go
// in that order, consecutive inserts many rows per statement.
import type { z } from 'zod';
import type { KaraDb } from '../../db/connection';
import type { syncApplicantRecord, syncEligibilityRecord, syncWorkshopRecord } from '../../../src-shared/api/sync';
import { applicantsTouched, eligibilityTouched, insertMany, workshopsTouched } from '../../db/queries/sync-batch';
import { BundleRefused } from '../../sync/bundle';

type Applicant = z.infer<typeof syncApplicantRecord>;
type Workshop = z.infer<typeof syncWorkshopRecord>;
type Eligibility = z.infer<typeof syncEligibilityRecord>;

const APPLICANT_COLUMNS = [
  'id', 'national_code', 'mobile', 'first_name', 'last_name', 'father_name', 'birth_date', 'gender', 'registry_filled', 'registry_verified_at',
  'mobile_confirmed_at', 'mobile_confirm_method', 'rules_acknowledged_at', 'home_address', 'created_office_id', 'created_at', 'updated_at',
] as const satisfies ReadonlyArray<keyof Applicant>;

const WORKSHOP_COLUMNS = [
  'id', 'applicant_id', 'workshop_code', 'identifier', 'name', 'address', 'province_code', 'county_code', 'postal_code', 'uninsured_workers',
  'activity_description', 'created_at', 'updated_at',
] as const satisfies ReadonlyArray<keyof Workshop>;

/** Runs inserts and updates in their order, the inserts between two updates as multi-row statements. */
async function inOrder<R extends Record<string, unknown>>(ops: Array<{ insert: R } | { update: () => Promise<void> }>, insert: (rows: R[]) => Promise<void>): Promise<void> {
  let rows: R[] = [];
  for (const op of ops) {
    if ('insert' in op) rows.push(op.insert);
    else {
      if (rows.length) await insert(rows);
      rows = [];
      await op.update();
    }
  }
  if (rows.length) await insert(rows);
}

/** Returns how many applicants were added or updated. */
export async function applyApplicants(db: KaraDb, batch: readonly Applicant[]): Promise<number> {
  const byId = new Map<string, { national_code: string; updated_at: string }>();
  const byCode = new Map<string, string>();
  for (const r of await applicantsTouched(db, batch.map((a) => a.id), batch.map((a) => a.national_code))) {
    byId.set(r.id, { national_code: r.national_code, updated_at: r.updated_at });
    byCode.set(r.national_code, r.id);
  }
  const ops: Array<{ insert: Applicant } | { update: () => Promise<void> }> = [];
  for (const a of batch) {
    const holder = byCode.get(a.national_code);
    if (holder !== undefined && holder !== a.id) throw new BundleRefused(`applicant ${a.id} has the national code of another applicant here (${holder}); the offices must merge them first`, 'invalidRecord');
    const local = byId.get(a.id);
    if (local && a.updated_at <= local.updated_at) continue;
    if (local) {
      if (byCode.get(local.national_code) === a.id) byCode.delete(local.national_code);
      const { id: _id, created_office_id: _o, created_at: _c, ...changes } = a;
      ops.push({ update: async () => void (await db.updateTable('applicants').set(changes).where('id', '=', a.id).execute()) });
    } else ops.push({ insert: a });
    byId.set(a.id, { national_code: a.national_code, updated_at: a.updated_at });
    byCode.set(a.national_code, a.id);
  }
  await inOrder(ops, (rows) => insertMany(db, 'applicants', APPLICANT_COLUMNS, rows));
  return ops.length;
}

export async function applyWorkshops(db: KaraDb, batch: readonly Workshop[]): Promise<number> {
  const updatedAt = await workshopsTouched(db, batch.map((w) => w.id));
  const ops: Array<{ insert: Workshop } | { update: () => Promise<void> }> = [];
  for (const w of batch) {
    const local = updatedAt.get(w.id);
    if (local !== undefined && w.updated_at <= local) continue;
    if (local !== undefined) {
      const { id: _id, created_at: _c, ...changes } = w;
      ops.push({ update: async () => void (await db.updateTable('workshops').set(changes).where('id', '=', w.id).execute()) });
    } else ops.push({ insert: w });
    updatedAt.set(w.id, w.updated_at);
  }
  await inOrder(ops, (rows) => insertMany(db, 'workshops', WORKSHOP_COLUMNS, rows));
  return ops.length;
}

/** Central's eligibility list: a record that differs from the row here replaces it. */
export async function applyEligibility(db: KaraDb, batch: readonly Eligibility[]): Promise<number> {
  const local = await eligibilityTouched(db, batch.map((e) => e.workshop_identifier));
  const changed: Eligibility[] = [];
  for (const e of batch) {
    const l = local.get(e.workshop_identifier);
    if (l && l.status === e.status && l.source === e.source && l.updated_at === e.updated_at) continue;
    changed.push(e);
    local.set(e.workshop_identifier, e);
  }
  await insertMany(db, 'eligibility_list', ['workshop_identifier', 'status', 'source', 'updated_at'], changed, { on: ['workshop_identifier'], update: ['status', 'source', 'updated_at'] });
  return changed.length;
}
