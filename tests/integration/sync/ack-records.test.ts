// A bundle's acknowledgement is split into records of a bounded number of cases (a 100,000-case
// bundle's outcomes on one line would pass the readers' line limit); every part counts.
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { exportBundle } from '../../../src-main/services/sync/export';
import { syncStatus } from '../../../src-main/services/sync/status';
import { openBundle } from '../../../src-main/sync/bundle';
import { loadIdentity, readKeysFor } from '../../../src-main/services/sync/identity';
import { as, createOffice, dbCheck, link, receive, send, submittedCase, type Office } from './support';

let central: Office, intake: Office;

beforeAll(async () => {
  central = await createOffice('central', () => ({ id: 'CENTRAL' }));
  intake = await createOffice('intake', () => ({ id: 'INT-1' }));
  await link(central, intake);
});

afterAll(async () => {
  for (const o of [central, intake]) await o?.h.close();
});

describe('an acknowledgement in several records', () => {
  it('confirms every case of the acknowledged bundle', async () => {
    const db = intake.h.app.database.db;
    const clerk = await as(intake, 'clerk');
    const ids: string[] = [];
    for (let k = 0; k < 5; k += 1) ids.push(await submittedCase(intake, clerk, central));
    const applied = await receive(central, await send(intake, central));
    expect(applied.summary.newCases).toBe(5);

    // Central acknowledges intake's bundle #1 in records of two cases: three records.
    const back = join(central.h.dir, 'ack-in-parts.kdb');
    await exportBundle(central.h.app.database.db, { out: back, to: intake.id, now: central.h.clock.now().toISOString(), ackCasesPerRecord: 2 });
    const opened = await openBundle(back, await readKeysFor(db, await loadIdentity(db)));
    const ackRecords: Array<{ seq: number; cases: unknown[] }> = [];
    try {
      await opened.readMembers({ record: (entity, r) => void (entity === 'acks' && ackRecords.push(r as { seq: number; cases: unknown[] })), attachment: () => undefined });
    } finally {
      opened.close();
    }
    expect(ackRecords.map((r) => [r.seq, r.cases.length])).toEqual([[1, 2], [1, 2], [1, 1]]);

    const r = await receive(intake, back);
    expect(r.summary.acks).toBe(1);
    const outcomes = await db.selectFrom('sync_sent_cases').select(['case_id', 'outcome']).where('seq', '=', 1).orderBy('case_id').execute();
    expect(outcomes).toEqual([...ids].sort().map((caseId) => ({ case_id: caseId, outcome: 'routed' })));
    expect((await syncStatus(db)).peers.find((p) => p.officeId === 'CENTRAL')!.unconfirmedCases).toBe(0);
    for (const o of [central, intake]) expect(await dbCheck(o), o.id).toEqual([]);
  });
});
