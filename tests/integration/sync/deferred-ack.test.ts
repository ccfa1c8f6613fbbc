// A case central refused (its workshop was not yet on central's eligibility list) is deferred and
// acknowledged as refused; once it is applied on a later import, central's next bundle to the
// intake office acknowledges the original bundle again, and the intake office sees the case
// confirmed instead of refused.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { completeDraft } from '../../support/harness';
import { syncStatus } from '../../../src-main/services/sync/status';
import { as, createOffice, dbCheck, eligibleWorkshop, link, receive, send, type Office } from './support';

let central: Office, intake: Office;

beforeAll(async () => {
  central = await createOffice('central', () => ({ id: 'CENTRAL' }));
  intake = await createOffice('intake', () => ({ id: 'INT-1' }));
  await link(central, intake);
});

afterAll(async () => {
  for (const o of [central, intake]) await o?.h.close();
});

const sentOutcome = (caseId: string) =>
  intake.h.app.database.db.selectFrom('sync_sent_cases').select(['seq', 'outcome', 'reason']).where('case_id', '=', caseId).orderBy('seq').execute();

describe('a deferred case applied later', () => {
  it('is acknowledged again with its new outcome', async () => {
    const db = intake.h.app.database.db;
    const clerk = await as(intake, 'clerk');
    const draft = completeDraft(intake.h);
    await eligibleWorkshop(intake.h, draft.applicant.nationalCode); // known at intake, not yet at central
    const created = await clerk.call('intake.createDraft', draft);
    await clerk.call('cases.submit', { caseId: created.id, expectedVersion: created.version });

    const first = await receive(central, await send(intake, central));
    expect(first.outcomes).toEqual([{ caseId: created.id, outcome: 'refused', reason: expect.stringMatching(/eligib|not found|list/i) }]);
    await receive(intake, await send(central, intake));
    expect(await sentOutcome(created.id)).toEqual([{ seq: 1, outcome: 'refused', reason: first.outcomes[0]!.reason }]);
    expect((await syncStatus(db)).peers.find((p) => p.officeId === 'CENTRAL')!.unconfirmedCases).toBe(1);

    // Central learns the workshop is eligible; the next import retries what it deferred.
    await eligibleWorkshop(central.h, draft.applicant.nationalCode);
    const second = await receive(central, await send(intake, central));
    expect(second.summary.newCases).toBe(1);
    expect(await central.h.app.database.db.selectFrom('sync_deferred').select('case_id').execute()).toEqual([]);
    const received = await central.h.app.database.db.selectFrom('sync_received_cases').select(['seq', 'outcome']).where('case_id', '=', created.id).execute();
    expect(received).toEqual([{ seq: 1, outcome: 'routed' }]);

    // Central's next bundle carries the acknowledgement of intake's bundle #1 again.
    const back = await receive(intake, await send(central, intake));
    expect(back.summary.acks).toBe(1); // bundle #2's first acknowledgement; #1's again is not counted twice
    expect(await sentOutcome(created.id)).toEqual([{ seq: 1, outcome: 'routed', reason: null }]);
    expect((await syncStatus(db)).peers.find((p) => p.officeId === 'CENTRAL')!.unconfirmedCases).toBe(0);
    for (const o of [central, intake]) expect(await dbCheck(o), o.id).toEqual([]);
  });
});
