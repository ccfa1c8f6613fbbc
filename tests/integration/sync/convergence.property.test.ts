// Bundles shuffled, duplicated and dropped (the dropped ones delivered late): once every bundle
// has arrived, every office agrees with central on every case it may see, and no case, flow
// entry or decision is lost.
import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { as, createOffice, link, receive, send, submittedCase, type Office } from './support';

let central: Office, int1: Office, int2: Office, agency: Office;

/** Delivery plan for a list of bundles: an order, some repeats, some held back to the end. */
const plan = (n: number) =>
  fc.record({
    order: fc.shuffledSubarray([...Array(n).keys()], { minLength: n, maxLength: n }),
    dup: fc.array(fc.nat({ max: Math.max(0, n - 1) }), { maxLength: n }),
    drop: fc.array(fc.boolean(), { minLength: n, maxLength: n }),
  });

type Plan = { order: number[]; dup: number[]; drop: boolean[] };

async function deliver(to: Office, files: string[], p: Plan): Promise<void> {
  if (files.length === 0) return;
  const late: string[] = [];
  for (const i of p.order) {
    if (p.drop[i]) late.push(files[i]!);
    else await receive(to, files[i]!);
  }
  for (const i of p.dup) await receive(to, files[i]!);
  for (const f of late) await receive(to, f);
}

async function view(office: Office) {
  const db = office.h.app.database.db;
  const cases = await db.selectFrom('cases').select(['id', 'stage', 'version', 'tracking_code']).orderBy('id').execute();
  const flows = await db.selectFrom('case_flow as f').leftJoin('sync_flow_origin as o', 'o.flow_id', 'f.id')
    .select(['f.case_id', 'f.id', 'o.uid', 'f.action', 'f.at']).orderBy('f.case_id').orderBy('f.id').execute();
  const byCase = new Map<string, string[]>();
  for (const f of flows) byCase.set(f.case_id, [...(byCase.get(f.case_id) ?? []), `${f.action}@${f.at}`]);
  return new Map(cases.map((c) => [c.id, { ...c, flow: byCase.get(c.id) ?? [] }]));
}

let created: string[] = [];
let seq = 0;

async function newCases(office: Office, n: number): Promise<void> {
  const clerk = await as(office, 'clerk');
  for (let i = 0; i < n; i += 1) {
    seq += 1;
    office.h.clock.advance(60_000);
    created.push(await submittedCase(office, clerk, central));
  }
}

beforeAll(async () => {
  central = await createOffice('central', () => ({ id: 'CENTRAL' }));
  int1 = await createOffice('intake', () => ({ id: 'INT-1' }));
  int2 = await createOffice('intake', () => ({ id: 'INT-2' }));
  agency = await createOffice('agency', (h) => ({ id: `AG-${h.fixture.agencyCode}`, agencyCode: h.fixture.agencyCode }));
  // The second intake office's clerk (the harness puts "clerk" at INT-1 in every database).
  for (const o of [int1, int2, agency]) await link(central, o);
  await int2.h.app.database.db.updateTable('staff').set({ office_id: 'INT-2' }).where('username', '=', 'clerk').execute();
});

afterAll(async () => {
  for (const o of [central, int1, int2, agency]) await o?.h.close();
});

describe('convergence under shuffled, repeated and late bundles', () => {
  it('every office converges and nothing is lost', async () => {
    await fc.assert(
      fc.asyncProperty(
        fc.integer({ min: 1, max: 2 }), fc.integer({ min: 0, max: 2 }), plan(4), plan(3), plan(2), plan(2), plan(2),
        async (n1, n2, toCentral, toAgency, back, toInt1, toInt2) => {
          // Two bundles from each intake office, with cases made between them.
          const intakeFiles: string[] = [];
          for (const o of [int1, int2]) {
            await newCases(o, o === int1 ? n1 : n2);
            intakeFiles.push(await send(o, central));
            await newCases(o, o === int1 ? 1 : n2);
            intakeFiles.push(await send(o, central));
          }
          // Central exports to the agency after each delivery it gets (so several bundles).
          const centralToAgency: string[] = [];
          const late: string[] = [];
          for (const i of toCentral.order) {
            if (toCentral.drop[i]) late.push(intakeFiles[i]!);
            else await receive(central, intakeFiles[i]!);
            if (centralToAgency.length < 2) centralToAgency.push(await send(central, agency));
          }
          for (const i of toCentral.dup) await receive(central, intakeFiles[i]!);
          for (const f of late) await receive(central, f);
          centralToAgency.push(await send(central, agency));
          await deliver(agency, centralToAgency, toAgency);

          // The agency takes and approves what it holds, in two bundles back.
          const reviewer = await as(agency, 'reviewer');
          const agencyFiles: string[] = [];
          const held = await agency.h.app.database.db.selectFrom('cases').select(['id', 'version']).where('stage', '=', 'submitted').orderBy('id').execute();
          for (const [k, c] of held.entries()) {
            agency.h.clock.advance(60_000);
            const taken = await reviewer.call('cases.take', { caseId: c.id, expectedVersion: c.version });
            await reviewer.call('cases.decide', { caseId: c.id, expectedVersion: taken.version, decision: 'approve' });
            if (k === 0) agencyFiles.push(await send(agency, central));
          }
          agencyFiles.push(await send(agency, central));
          await deliver(central, agencyFiles, back);

          // Central tells each intake office, in two bundles each.
          for (const [o, p] of [[int1, toInt1], [int2, toInt2]] as const) {
            const files = [await send(central, o), await send(central, o)];
            await deliver(o, files, p);
          }

          const c = await view(central);
          for (const id of created) expect(c.has(id), `central lost case ${id}`).toBe(true);
          const a = await view(agency);
          for (const [id, v] of c) {
            expect(v.stage).toBe('agency_approved');
            expect(a.get(id)).toEqual(v);
          }
          for (const o of [int1, int2]) {
            const mine = await view(o);
            for (const [id, v] of c) {
              const own = (await central.h.app.database.db.selectFrom('cases').select('created_office_id').where('id', '=', id).executeTakeFirstOrThrow()).created_office_id === o.id;
              if (own) expect(mine.get(id), `${o.id} case ${id}`).toEqual(v);
              else expect(mine.has(id)).toBe(false);
            }
          }
        },
      ),
      { numRuns: 6 },
    );
  });
});
