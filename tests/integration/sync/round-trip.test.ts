// The full round trip across five databases: intake office -> central -> agency -> central ->
// branch -> central -> intake office, plus a second intake office that must see none of it.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { completeDraft } from '../../support/harness';
import { syncStatus } from '../../../src-main/services/sync/status';
import { as, caseFile, createOffice, dbCheck, eligibleWorkshop, link, receive, send, type Office } from './support';

let intake: Office, intake2: Office, central: Office, agency: Office, branch: Office;

beforeAll(async () => {
  central = await createOffice('central', () => ({ id: 'CENTRAL' }));
  intake = await createOffice('intake', () => ({ id: 'INT-1' }));
  intake2 = await createOffice('intake', () => ({ id: 'INT-2' }));
  agency = await createOffice('agency', (h) => ({ id: `AG-${h.fixture.agencyCode}`, agencyCode: h.fixture.agencyCode }));
  branch = await createOffice('branch', (h) => ({ id: `BR-${h.fixture.branchCode}`, branchCode: h.fixture.branchCode }));
  for (const o of [intake, intake2, agency, branch]) await link(central, o);
});

afterAll(async () => {
  for (const o of [intake, intake2, central, agency, branch]) await o?.h.close();
});

describe('sync round trip across five offices', () => {
  it('brings the branch decision and the complete case flow back to the intake office', async () => {
    // Intake: a complete draft, submitted. Eligibility is known at intake and at central
    // (central's list reaches the agency and the branch in its bundles).
    const clerk = await as(intake, 'clerk');
    const draft = completeDraft(intake.h);
    const identifier = draft.applicant.nationalCode;
    await eligibleWorkshop(intake.h, identifier);
    await eligibleWorkshop(central.h, identifier);
    const created = await clerk.call('intake.createDraft', draft);
    intake.h.clock.advance(60_000);
    const submitted = await clerk.call('cases.submit', { caseId: created.id, expectedVersion: created.version });
    expect(submitted.stage).toBe('submitted');

    // -> central: routed to the agency of the activity code.
    const b1 = await receive(central, await send(intake, central));
    expect(b1.status).toBe('applied');
    expect(b1.outcomes).toEqual([{ caseId: created.id, outcome: 'routed', reason: null }]);
    expect((await caseFile(central, created.id)).case?.stage).toBe('submitted');

    // central -> agency; nothing for the second intake office.
    const toAgency = await receive(agency, await send(central, agency));
    expect(toAgency.summary.newCases).toBe(1);
    expect(toAgency.summary.referenceUpdates).toBeGreaterThan(0);
    const toIntake2 = await receive(intake2, await send(central, intake2));
    expect(toIntake2.summary.newCases).toBe(0);
    expect(await intake2.h.app.database.db.selectFrom('cases').select('id').where('id', '=', created.id).executeTakeFirst()).toBeUndefined();

    // Agency: take and approve, as a clicked decision.
    agency.h.clock.set(new Date(intake.h.clock.now().getTime() + 3_600_000));
    const reviewer = await as(agency, 'reviewer');
    let c = await reviewer.call('cases.get', { caseId: created.id });
    c = await reviewer.call('cases.take', { caseId: c.id, expectedVersion: c.version });
    c = await reviewer.call('cases.decide', { caseId: c.id, expectedVersion: c.version, decision: 'approve' });
    expect(c.stage).toBe('agency_approved');

    const b3 = await receive(central, await send(agency, central));
    expect(b3.outcomes[0]).toMatchObject({ caseId: created.id, outcome: 'routed' });
    expect(b3.summary.acks).toBe(1); // the agency acknowledges central's bundle

    // central -> branch: take, approve, disburse with a second officer (maker-checker replayed).
    await receive(branch, await send(central, branch));
    branch.h.clock.set(new Date(agency.h.clock.now().getTime() + 3_600_000));
    const officer = await as(branch, 'officer');
    const officer2 = await as(branch, 'officer2');
    c = await officer.call('cases.get', { caseId: created.id });
    c = await officer.call('cases.take', { caseId: c.id, expectedVersion: c.version });
    branch.h.clock.advance(60_000);
    c = await officer.call('cases.decide', { caseId: c.id, expectedVersion: c.version, decision: 'approve' });
    expect(c.stage).toBe('bank_approved');
    branch.h.clock.advance(60_000);
    c = await officer.call('cases.disburse', { caseId: c.id, expectedVersion: c.version });
    expect(c.pendingAction).toBe('disburse');
    branch.h.clock.advance(60_000);
    c = await officer2.call('cases.confirmPending', { caseId: c.id, expectedVersion: c.version });
    expect(c.stage).toBe('disbursed');

    await receive(central, await send(branch, central));
    const back = await receive(intake, await send(central, intake));
    expect(back.outcomes).toEqual([{ caseId: created.id, outcome: 'accepted', reason: null }]);

    // The intake office now shows the branch's decision and the whole flow, as the branch has it.
    const atBranch = await caseFile(branch, created.id);
    const atIntake = await caseFile(intake, created.id);
    const atCentral = await caseFile(central, created.id);
    expect(atIntake.case).toMatchObject({ stage: 'disbursed', version: atBranch.case!.version, tracking_code: submitted.trackingCode });
    const strip = (f: typeof atIntake.flow) => f.map(({ id: _id, uid: _uid, ...rest }) => rest);
    expect(strip(atIntake.flow)).toEqual(strip(atBranch.flow));
    expect(strip(atCentral.flow)).toEqual(strip(atBranch.flow));
    expect(atIntake.flow.map((f) => f.action)).toEqual(['create', 'submit', 'take_agency_review', 'agency_approve', 'take_bank_review', 'bank_approve', 'request:disburse', 'disburse']);
    expect(new Set(atIntake.flow.map((f) => f.office_id))).toEqual(new Set(['INT-1', agency.id, branch.id]));

    // The clerk sees it through the API, as a screen would.
    const flow = await clerk.call('cases.flow', { caseId: created.id });
    expect(flow.at(-1)).toMatchObject({ action: 'disburse', toStage: 'disbursed', officeId: branch.id });

    // Acknowledgements: intake's next bundle confirms central's; central shows no unconfirmed case.
    await receive(central, await send(intake, central));
    const status = await syncStatus(central.h.app.database.db);
    const toIntake = status.peers.find((p) => p.officeId === 'INT-1')!;
    expect(toIntake.lastSeqAcked).toBe(toIntake.lastSeqSent);
    expect(toIntake.unconfirmedCases).toBe(0);
    expect(toIntake.missing).toEqual([]);

    for (const o of [intake, intake2, central, agency, branch]) expect(await dbCheck(o), o.id).toEqual([]);
  });
});
