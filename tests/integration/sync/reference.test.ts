// Reference data flows from central to the offices in its bundles and replaces their demo data:
// institutions, agencies, activity categories and codes, real branches (and central's queue
// sizes), credit totals. An office's own credit bookkeeping survives central's totals; only
// central's bundles change reference data; a late older bundle never undoes a newer one; a bad
// reference record refuses the whole bundle with nothing changed.
import { randomUUID } from 'node:crypto';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { nextNationalCode } from '../../support/harness';
import { loadIdentity } from '../../../src-main/services/sync/identity';
import { importBundle } from '../../../src-main/services/sync/import';
import { writeBundle, type MemberSource } from '../../../src-main/sync/bundle';
import type { SyncEntity } from '../../../src-shared/api/sync';
import { as, createOffice, dbCheck, link, receive, send, type Office } from './support';

let central: Office, intake: Office, branch: Office;
/** The fixture's institution and county (the same demo rows in every office). */
let institution: string, county: string;
const REAL = 'real-branch-1';

beforeAll(async () => {
  central = await createOffice('central', () => ({ id: 'CENTRAL' }));
  intake = await createOffice('intake', () => ({ id: 'INT-1' }));
  branch = await createOffice('branch', (h) => ({ id: `BR-${h.fixture.branchCode}`, branchCode: h.fixture.branchCode }));
  for (const o of [intake, branch]) await link(central, o);
  institution = central.h.fixture.institutionCode;
  county = central.h.fixture.countyCode;
});

afterAll(async () => {
  for (const o of [central, intake, branch]) await o?.h.close();
});

const dbOf = (o: Office) => o.h.app.database.db;
const sqliteOf = (o: Office) => o.h.app.database.sqlite;

/** Every table reference data (and its bookkeeping) lives in, for "nothing changed" checks. */
function referenceState(o: Office): Record<string, unknown[]> {
  const tables = ['institutions', 'agencies', 'activity_categories', 'activity_codes', 'branches', 'credit_allocations', 'central_branch_queues', 'sync_reference_seen', 'sync_received', 'sync_changes'];
  return Object.fromEntries(tables.map((t) => [t, sqliteOf(o).prepare(`select * from "${t}" order by 1, 2`).all()]));
}

const creditAt = (o: Office, branchCode: string | null) => {
  let q = dbOf(o).selectFrom('credit_allocations').select(['allocated_rials', 'reserved_rials', 'consumed_rials', 'is_demo']).where('institution_code', '=', institution);
  q = branchCode === null ? q.where('branch_code', 'is', null) : q.where('branch_code', '=', branchCode);
  return q.executeTakeFirst();
};

/** Cases of another intake office waiting at `branchCode` at central (they travel to nobody here). */
async function waitingCasesAtCentral(branchCode: string, n: number): Promise<string[]> {
  const now = central.h.clock.now().toISOString();
  const ids: string[] = [];
  for (let i = 0; i < n; i += 1) {
    const applicant = randomUUID();
    await dbOf(central).insertInto('applicants').values({ id: applicant, national_code: nextNationalCode(), mobile: '09120000000', created_office_id: 'INT-2', created_at: now, updated_at: now }).execute();
    const id = randomUUID();
    await dbOf(central).insertInto('cases').values({
      id, applicant_id: applicant, stage: 'bank_review', created_office_id: 'INT-2', institution_code: institution, branch_code: branchCode,
      requested_amount_rials: 1_000_000_000, stage_entered_at: now, submitted_at: now, reached_branch_at: now, created_at: now, updated_at: now,
    }).execute();
    ids.push(id);
  }
  return ids;
}

async function queueSizeAtIntake(branchCode: string): Promise<number | undefined> {
  const clerk = await as(intake, 'clerk');
  const choices = await clerk.call('cases.branchChoices', { countyCode: county, institutionCode: institution });
  return choices.find((c) => c.code === branchCode)?.queueSize;
}

let forged = 0;
/** A bundle written by hand: signed with `from`'s own key, encrypted to `to`. */
async function forge(from: Office, to: Office, seq: number, records: Partial<Record<SyncEntity, unknown[]>>): Promise<string> {
  forged += 1;
  const out = join(from.h.dir, `forged-${forged}.kdb`);
  const sender = await loadIdentity(dbOf(from));
  const recipient = await loadIdentity(dbOf(to));
  const members: MemberSource[] = (Object.keys(records) as SyncEntity[]).map((entity) => ({ entity, records: records[entity]! }));
  await writeBundle({
    out, source: { officeId: from.id, kind: from.kind }, target: to.id, seq, createdAt: from.h.clock.now().toISOString(),
    auditHead: { entries: 0, hash: '0'.repeat(64) }, signingKeyDer: sender.ed25519PrivateDer, recipientX25519: recipient.x25519Public, members,
  });
  return out;
}

describe('reference data from central', () => {
  it("first bundles: central's seeded reference travels and changes nothing where the offices agree", async () => {
    for (const o of [intake, branch]) {
      const file = await send(central, o);
      const r = await receive(o, file);
      expect(r.status).toBe('applied');
      expect(r.summary.referenceUpdates).toBe(0);
    }
    // The seeded rows went once; demo branches and demo credit never travel.
    const counts = JSON.parse((await dbOf(central).selectFrom('sync_sent').select('counts').where('target', '=', intake.id).executeTakeFirstOrThrow()).counts) as Record<string, number>;
    expect(counts).toMatchObject({ institutions: 12, agencies: 13, categories: 14, activitycodes: 159, branchqueues: 0 });
    expect(counts.branches ?? 0).toBe(0);
    expect(counts.credit ?? 0).toBe(0);
  });

  let changeBundle: string;

  it("central changes an institution, a branch, credit and activity codes: the offices' rows and demo data are replaced", async () => {
    const c = dbOf(central);
    await c.updateTable('institutions').set({ name_en: 'Renamed by central' }).where('code', '=', institution).execute();
    await c.insertInto('branches').values({ code: REAL, institution_code: institution, county_code: county, name_fa: 'شعبهٔ واقعی', name_en: 'Real branch', address_fa: 'نشانی', phone: '021-1', is_demo: 0 }).execute();
    const supervisor = await as(central, 'supervisor');
    await supervisor.call('credit.setAllocation', { institutionCode: institution, branchCode: REAL, allocatedRials: 7_000_000_000 });
    await supervisor.call('credit.setAllocation', { institutionCode: institution, branchCode: null, allocatedRials: 50_000_000_000_000 });
    await c.insertInto('agencies').values({ code: 'new-agency', name_fa: 'دستگاه نو', name_en: 'New agency' }).execute();
    await c.insertInto('activity_categories').values({ code: '99', name_fa: 'گروه نو', name_en: 'New category', agency_code: 'new-agency', ordered_closed: 0 }).execute();
    await c.insertInto('activity_codes').values({ code: '99-001', category_code: '99', name_fa: 'فعالیت نو', name_en: 'Brand-new activity', agency_code: 'new-agency', is_driver: 0, search_key: '' }).execute();
    const activity = central.h.fixture.activityCode;
    await c.updateTable('activity_codes').set({ name_en: 'Renamed activity' }).where('code', '=', activity).execute();
    await waitingCasesAtCentral(REAL, 3);

    const demoOffered = async (o: Office) => (await dbOf(o).selectFrom('branches').select('code').where('institution_code', '=', institution).where('is_demo', '=', 1).where('offered', '=', 1).execute()).length;
    const retiring = await demoOffered(intake);
    expect(retiring).toBeGreaterThan(0);

    changeBundle = await send(central, intake);
    const r = await receive(intake, changeBundle);
    // institution 1, agency 1, category 1, activity codes 2, branch 1 + the demo ones retired, credit 2, one queue size.
    expect(r.summary.referenceUpdates).toBe(1 + 1 + 1 + 2 + 1 + retiring + 2 + 1);

    const i = dbOf(intake);
    expect((await i.selectFrom('institutions').select('name_en').where('code', '=', institution).executeTakeFirstOrThrow()).name_en).toBe('Renamed by central');
    expect(await i.selectFrom('branches').select(['is_demo', 'offered', 'county_code']).where('code', '=', REAL).executeTakeFirst()).toEqual({ is_demo: 0, offered: 1, county_code: county });
    expect(await demoOffered(intake)).toBe(0);
    // Demo rows are kept (cases and credit refer to them), only no longer offered; other institutions keep theirs.
    expect(await i.selectFrom('branches').select('offered').where('code', '=', intake.h.fixture.branchCode).executeTakeFirst()).toEqual({ offered: 0 });
    expect((await i.selectFrom('branches').select('code').where('institution_code', '!=', institution).where('is_demo', '=', 1).where('offered', '=', 1).execute()).length).toBeGreaterThan(0);
    expect(await creditAt(intake, REAL)).toEqual({ allocated_rials: 7_000_000_000, reserved_rials: 0, consumed_rials: 0, is_demo: 0 });
    expect(await creditAt(intake, null)).toMatchObject({ allocated_rials: 50_000_000_000_000, is_demo: 0 });

    // The counter offers the real branch only, with central's queue size.
    const clerk = await as(intake, 'clerk');
    const choices = await clerk.call('cases.branchChoices', { countyCode: county, institutionCode: institution });
    expect(choices.map((b) => [b.code, b.queueSize, b.isDemo])).toEqual([[REAL, 3, false]]);
    const found = await clerk.call('reference.activityCodes', { query: 'Brand-new', limit: 5 });
    expect(found.map((a) => [a.code, a.agencyCode])).toEqual([['99-001', 'new-agency']]);
    expect((await clerk.call('reference.activityCodes', { query: 'Renamed activity', limit: 5 })).map((a) => a.code)).toEqual([activity]);
    expect(await dbCheck(intake)).toEqual([]);
  });

  it('importing the same bundle twice changes nothing', async () => {
    const before = referenceState(intake);
    const again = await importBundle(dbOf(intake), changeBundle, { now: intake.h.clock.now().toISOString() });
    expect(again.status).toBe('duplicate');
    expect(again.summary.referenceUpdates).toBe(0);
    expect(referenceState(intake)).toEqual(before);
  });

  it("a branch office keeps its own reservations and consumption under central's totals", async () => {
    const own = branch.h.fixture.branchCode; // a demo branch at every office: the same code everywhere
    await dbOf(branch).updateTable('credit_allocations').set({ reserved_rials: 3_000_000_000, consumed_rials: 1_000_000_000 }).where('branch_code', '=', own).execute();
    const supervisor = await as(central, 'supervisor');
    // Below what the branch office has committed: the total is raised to that, nothing is undone.
    await supervisor.call('credit.setAllocation', { institutionCode: institution, branchCode: own, allocatedRials: 2_000_000_000 });
    let r = await receive(branch, await send(central, branch));
    expect(r.status).toBe('applied');
    expect(await creditAt(branch, own)).toEqual({ allocated_rials: 4_000_000_000, reserved_rials: 3_000_000_000, consumed_rials: 1_000_000_000, is_demo: 0 });
    // The same bundle brought the real branch: the branch office's own demo branch is no longer offered, its office row still names it.
    expect(await dbOf(branch).selectFrom('branches').select('offered').where('code', '=', own).executeTakeFirst()).toEqual({ offered: 0 });
    expect(await dbOf(branch).selectFrom('offices').select('branch_code').where('id', '=', branch.id).executeTakeFirst()).toEqual({ branch_code: own });

    await supervisor.call('credit.setAllocation', { institutionCode: institution, branchCode: own, allocatedRials: 10_000_000_000 });
    r = await receive(branch, await send(central, branch));
    expect(r.summary.referenceUpdates).toBe(1);
    expect(await creditAt(branch, own)).toEqual({ allocated_rials: 10_000_000_000, reserved_rials: 3_000_000_000, consumed_rials: 1_000_000_000, is_demo: 0 });
    // Central's own bookkeeping of the allocation is untouched by all this.
    expect(await creditAt(central, own)).toMatchObject({ allocated_rials: 10_000_000_000, reserved_rials: 0, consumed_rials: 0 });
    expect(await dbCheck(branch)).toEqual([]);
  });

  it("queue sizes follow central: a case leaving the branch's queue there shows at the intake office", async () => {
    const waiting = await dbOf(central).selectFrom('cases').select('id').where('branch_code', '=', REAL).execute();
    await dbOf(central).updateTable('cases').set({ stage: 'bank_approved' }).where('id', '=', waiting[0]!.id).execute();
    await dbOf(central).updateTable('branches').set({ phone: '021-2' }).where('code', '=', REAL).execute();
    const r = await receive(intake, await send(central, intake));
    expect(r.summary.referenceUpdates).toBe(3); // the phone, the queue size, and the branch office's credit total set since the last bundle here
    expect(await creditAt(intake, branch.h.fixture.branchCode)).toMatchObject({ allocated_rials: 10_000_000_000, is_demo: 0 });
    expect(await queueSizeAtIntake(REAL)).toBe(2);
    expect((await dbOf(intake).selectFrom('branches').select('phone').where('code', '=', REAL).executeTakeFirstOrThrow()).phone).toBe('021-2');
  });

  it('a bundle delivered late never undoes a newer one', async () => {
    await dbOf(central).updateTable('institutions').set({ name_en: 'First rename' }).where('code', '=', institution).execute();
    const older = await send(central, intake);
    await dbOf(central).updateTable('institutions').set({ name_en: 'Second rename' }).where('code', '=', institution).execute();
    await dbOf(central).updateTable('branches').set({ offered: 0 }).where('code', '=', REAL).execute();
    const newer = await send(central, intake);
    expect((await receive(intake, newer)).status).toBe('applied');
    const late = await receive(intake, older);
    expect(late.status).toBe('applied');
    expect((await dbOf(intake).selectFrom('institutions').select('name_en').where('code', '=', institution).executeTakeFirstOrThrow()).name_en).toBe('Second rename');
    // Central withdrew its branch: kept, not offered; the older snapshot of queue sizes was not taken either.
    expect(await dbOf(intake).selectFrom('branches').select('offered').where('code', '=', REAL).executeTakeFirst()).toEqual({ offered: 0 });
    expect(await queueSizeAtIntake(REAL)).toBeUndefined();
    expect(await dbOf(intake).selectFrom('central_branch_queues').select('waiting').where('branch_code', '=', REAL).executeTakeFirst()).toEqual({ waiting: 2 });
    await dbOf(central).updateTable('branches').set({ offered: 1 }).where('code', '=', REAL).execute();
    await receive(intake, await send(central, intake));
    expect(await queueSizeAtIntake(REAL)).toBe(2);
  });

  it('a non-central office cannot change reference data: its export carries none and its forged records are ignored', async () => {
    // The intake office changes an institution locally: its bundle to central does not carry it.
    await dbOf(intake).updateTable('institutions').set({ name_en: 'Changed at the intake office' }).where('code', '=', institution).execute();
    const file = await send(intake, central);
    const r = await receive(central, file);
    expect(r.status).toBe('applied');
    const counts = JSON.parse((await dbOf(intake).selectFrom('sync_sent').select('counts').orderBy('seq', 'desc').executeTakeFirstOrThrow()).counts) as Record<string, number>;
    for (const e of ['institutions', 'agencies', 'categories', 'activitycodes', 'branches', 'credit', 'branchqueues']) expect(counts[e] ?? 0).toBe(0);

    // Forged by the intake office (validly signed with its own key): applied, but its reference records are not.
    const before = referenceState(central);
    const seq = (await dbOf(intake).selectFrom('sync_peers').select('last_seq_sent').where('office_id', '=', central.id).executeTakeFirstOrThrow()).last_seq_sent + 1;
    const forgedFile = await forge(intake, central, seq, {
      institutions: [{ code: institution, name_fa: 'x', name_en: 'Forged by an office', kind: 'bank' }],
      agencies: [{ code: 'forged', name_fa: 'x', name_en: 'x' }],
      branches: [{ code: 'forged-branch', institution_code: institution, county_code: county, name_fa: 'x', name_en: 'x', address_fa: '', phone: '', offered: 1 }],
      credit: [{ institution_code: institution, branch_code: null, allocated_rials: 1, updated_at: '2020-08-01T00:00:00.000Z' }],
      branchqueues: [{ branch_code: REAL, waiting: 999 }],
      offices: [], applicants: [], workshops: [], cases: [], tickets: [], acks: [],
    });
    const f = await receive(central, forgedFile);
    expect(f.status).toBe('applied');
    expect(f.summary.referenceUpdates).toBe(0);
    const after = referenceState(central);
    for (const t of ['institutions', 'agencies', 'activity_categories', 'activity_codes', 'branches', 'credit_allocations', 'central_branch_queues', 'sync_reference_seen', 'sync_changes']) expect(after[t]).toEqual(before[t]);
    expect((await dbOf(central).selectFrom('institutions').select('name_en').where('code', '=', institution).executeTakeFirstOrThrow()).name_en).toBe('Second rename');
  });

  it('a hostile or invalid reference record from central refuses the whole bundle, nothing changed', async () => {
    const ok = { code: 'fine-branch', institution_code: institution, county_code: county, name_fa: 'x', name_en: 'x', address_fa: '', phone: '', offered: 1 };
    const cases: Array<[string, Partial<Record<SyncEntity, unknown[]>>, RegExp]> = [
      ['path-like code', { branches: [ok, { ...ok, code: '../../etc' }] }, /branches\.ndjson record 2 is invalid: code/],
      ['unknown institution kind', { institutions: [{ code: 'casino', name_fa: 'x', name_en: 'x', kind: 'casino' }] }, /record 1 is invalid: kind/],
      ['overlong name', { agencies: [{ code: 'a1', name_fa: 'x'.repeat(1001), name_en: 'x' }] }, /record 1 is invalid: name_fa/],
      ['extra field', { branches: [{ ...ok, is_demo: 1 }] }, /record 1 is invalid/],
      ['negative credit', { credit: [{ institution_code: institution, branch_code: null, allocated_rials: -1, updated_at: 'x' }] }, /record 1 is invalid: allocated_rials/],
      ['branch of an unknown institution', { branches: [ok, { ...ok, code: 'b2', institution_code: 'no-such-bank' }] }, /branch b2 names an unknown institution "no-such-bank"/],
      ['branch in an unknown county', { branches: [{ ...ok, county_code: '9999' }] }, /unknown county "9999"/],
      ['activity code of an unknown category', { activitycodes: [{ code: '98-001', category_code: '98', name_fa: 'x', name_en: 'x', agency_code: 'mimt', is_driver: 0 }] }, /unknown activity category "98"/],
      ['credit of another institution\'s branch', {
        branches: [ok], credit: [{ institution_code: institution === 'mellat' ? 'sina' : 'mellat', branch_code: 'fine-branch', allocated_rials: 5, updated_at: 'x' }],
      }, /no branch fine-branch of/],
    ];
    const before = referenceState(intake);
    let seq = 1000;
    for (const [name, records, reason] of cases) {
      seq += 1;
      const file = await forge(central, intake, seq, { ...records, offices: [], applicants: [], workshops: [], cases: [], tickets: [], acks: [] });
      await expect(importBundle(dbOf(intake), file, { now: intake.h.clock.now().toISOString() }), name).rejects.toThrow(reason);
      expect(referenceState(intake), name).toEqual(before);
    }
    expect(await dbCheck(intake)).toEqual([]);
  });
});
