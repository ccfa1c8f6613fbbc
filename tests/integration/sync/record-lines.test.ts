// The bundle lines the database writes for an export (db/queries/sync-records.ts): exactly the
// format's records, with the same travelling uids as the rule engine-path.ts applies in code.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { completeDraft, createHarness, eligibleWorkshop, type Harness } from '../../support/harness';
import { applicantLinesByIds, caseLinesByIds, workshopLinesByIds } from '../../../src-main/db/queries/sync-records';
import { flowsOfCases, insertRemoteStaff, mapFlowUid } from '../../../src-main/db/queries/sync';
import { staffUid } from '../../../src-main/services/sync/export';
import { syncApplicantRecord, syncCaseRecord, syncWorkshopRecord } from '../../../src-shared/api/sync';

let h: Harness;
let caseId: string;

beforeAll(async () => {
  h = await createHarness();
  const clerk = await h.signIn('clerk');
  const plain = completeDraft(h);
  // What JSON must escape, in the texts that travel.
  const draft = completeDraft(h, { workshop: { ...plain.workshop, workshopCode: null, name: 'کارگاه "نور"\\ خط\nدوم\t', address: 'خیابان ۱۲ — پلاک ۳' } as typeof plain.workshop });
  await eligibleWorkshop(h, draft.applicant.nationalCode);
  const created = await clerk.call('intake.createDraft', draft);
  caseId = (await clerk.call('cases.submit', { caseId: created.id, expectedVersion: created.version })).id;
  // One entry that came from another office, made by staff known there.
  const db = h.app.database.db;
  const [first] = await flowsOfCases(db, [caseId]);
  await mapFlowUid(db, first!.id, 'INT-9/41');
  await insertRemoteStaff(db, 'INT-9/7', first!.staff_id!);
  // An entry made by no one (staff_uid null), and one by staff whose mapped uid is empty (then
  // the local uid, as staffUid has it).
  const other = await db.selectFrom('staff').select('id').where('username', '=', 'clerk2').executeTakeFirstOrThrow();
  await insertRemoteStaff(db, '', other.id);
  const entry = { case_id: caseId, at: '2020-08-01T07:00:00.000Z', office_id: null, action: 'note', from_stage: 'submitted', to_stage: 'submitted', reason: null, details: '{}' };
  await db.insertInto('case_flow').values([{ ...entry, staff_id: null, staff_name: null }, { ...entry, staff_id: other.id, staff_name: 'clerk2' }]).execute();
});

afterAll(async () => h?.close());

describe('the lines an export writes', () => {
  it('are the format’s records, one JSON object per line, with the flow’s travelling uids', async () => {
    const db = h.app.database.db;
    const [line] = await caseLinesByIds(db, [caseId], 'OFFICE-A');
    expect(line).not.toContain('\n');
    const record = syncCaseRecord.parse(JSON.parse(line!));
    const row = await db.selectFrom('cases').selectAll().where('id', '=', caseId).executeTakeFirstOrThrow();
    for (const key of Object.keys(record).filter((k) => k !== 'flow')) expect(record[key as keyof typeof record], key).toEqual(row[key as keyof typeof row]);

    const flows = await flowsOfCases(db, [caseId]);
    expect(record.flow).toEqual(flows.map((f) => ({
      uid: f.uid ?? `OFFICE-A/${f.id}`, at: f.at, staff_uid: staffUid('OFFICE-A', f.staff_id, f.staff_uid), staff_name: f.staff_name,
      office_id: f.office_id, action: f.action, from_stage: f.from_stage, to_stage: f.to_stage, reason: f.reason, details: f.details,
    })));
    expect(record.flow.map((f) => f.uid)).toEqual(['INT-9/41', ...flows.slice(1).map((f) => `OFFICE-A/${f.id}`)]);
    expect(record.flow[0]!.staff_uid).toBe('INT-9/7');
    const [byNoOne, byUnmapped] = record.flow.slice(-2);
    expect(byNoOne!.staff_uid).toBeNull();
    expect(byUnmapped!.staff_uid).toBe(`OFFICE-A/${flows.at(-1)!.staff_id}`);
  });

  it('carry applicants and workshops as the format has them, their texts intact', async () => {
    const db = h.app.database.db;
    const row = await db.selectFrom('cases').select(['applicant_id', 'workshop_id']).where('id', '=', caseId).executeTakeFirstOrThrow();
    const [applicant] = await applicantLinesByIds(db, [row.applicant_id]);
    const person = syncApplicantRecord.parse(JSON.parse(applicant!));
    expect(await db.selectFrom('applicants').selectAll().where('id', '=', row.applicant_id).executeTakeFirstOrThrow()).toMatchObject(person);
    // The portal's password never travels (the format's strict schema has no place for it).
    expect(JSON.parse(applicant!)).not.toHaveProperty('portal_password_hash');
    const [workshop] = await workshopLinesByIds(db, [row.workshop_id!]);
    expect(workshop).not.toContain('\n');
    const parsed = syncWorkshopRecord.parse(JSON.parse(workshop!));
    expect(parsed).toEqual(await db.selectFrom('workshops').selectAll().where('id', '=', row.workshop_id!).executeTakeFirstOrThrow());
    expect(parsed.name).toContain('"نور"\\ خط\nدوم');
  });

  it('are read for the ids asked, and none for an empty page', async () => {
    expect(await caseLinesByIds(h.app.database.db, ['no-such-case'], 'OFFICE-A')).toEqual([]);
  });
});
