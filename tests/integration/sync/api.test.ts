// The sync screen's API through the real router: export and import run as worker-thread jobs
// with progress; two offices of one agency deciding the same case give a conflict that a
// supervisor resolves.
import { mkdirSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { completeDraft } from '../../support/harness';
import { whenFinished } from '../../../src-main/sync/jobs';
import { insertStaff } from '../../../src-main/db/queries/staff';
import { as, createOffice, eligibleWorkshop, link, receive, send, caseFile, type Office } from './support';

let central: Office, intake: Office, agencyA: Office, agencyB: Office;

beforeAll(async () => {
  central = await createOffice('central', () => ({ id: 'CENTRAL' }));
  intake = await createOffice('intake', () => ({ id: 'INT-1' }));
  agencyA = await createOffice('agency', (h) => ({ id: `AG-${h.fixture.agencyCode}`, agencyCode: h.fixture.agencyCode }));
  // A second computer of the same agency, provisioned as its own office.
  agencyB = await createOffice('agency', (h) => ({ id: `AG-${h.fixture.agencyCode}-2`, agencyCode: h.fixture.agencyCode }));
  await insertStaff(agencyB.h.app.database.db, { username: 'reviewer-b', displayName: 'reviewer-b', role: 'agency_reviewer', officeId: agencyB.id, passwordHash: 'unused', mustChangePassword: false, now: agencyB.h.clock.now().toISOString() });
  for (const o of [intake, agencyA, agencyB]) await link(central, o);
});

afterAll(async () => {
  for (const o of [central, intake, agencyA, agencyB]) await o?.h.close();
});

describe('sync API', () => {
  it('exports and imports in worker-thread jobs that report records and bytes', async () => {
    const clerk = await as(intake, 'clerk');
    const draft = completeDraft(intake.h);
    await eligibleWorkshop(intake.h, draft.applicant.nationalCode);
    await eligibleWorkshop(central.h, draft.applicant.nationalCode);
    const c = await clerk.call('intake.createDraft', draft);
    await clerk.call('cases.submit', { caseId: c.id, expectedVersion: c.version });

    const supervisor = await as(intake, 'supervisor');
    const folder = join(intake.h.dir, 'usb');
    mkdirSync(folder);
    const started = await supervisor.call('sync.startExport', { folder });
    expect(started.state).toBe('running');
    const exported = await whenFinished(started.id);
    expect(exported).toMatchObject({ state: 'done', kind: 'export' });
    expect(exported.summary).toMatchObject({ cases: 1, applicants: 1, workshops: 1 });
    expect(exported.bytes).toBeGreaterThan(0);
    const [file] = readdirSync(folder);
    expect(file).toMatch(/^kara-INT-1-to-CENTRAL-.*\.kdb$/);

    const centralSupervisor = await as(central, 'supervisor');
    const job = await centralSupervisor.call('sync.startImport', { file: join(folder, file!) });
    const imported = await whenFinished(job.id);
    expect(imported, imported.message ?? '').toMatchObject({ state: 'done', kind: 'import', records: imported.totalRecords });
    expect(imported.summary).toMatchObject({ newCases: 1, refusedCases: 0 });
    expect(imported.bundle).toEqual({ source: 'INT-1', seq: 1, status: 'applied', missing: [], attention: [] });
    expect(imported.bytes).toBe(imported.totalBytes);
    expect((await centralSupervisor.call('sync.job', { id: job.id })).state).toBe('done');

    const status = await centralSupervisor.call('sync.status', {});
    expect(status.office).toMatchObject({ id: 'CENTRAL', kind: 'central' });
    expect(status.history.filter((h) => h.direction === 'received')).toHaveLength(1);

    expect(imported.refusal).toBeNull();
    // The same bundle again: done, nothing applied.
    const again = await whenFinished((await centralSupervisor.call('sync.startImport', { file: join(folder, file!) })).id);
    expect(again.state).toBe('done');
    expect(again.bundle).toMatchObject({ source: 'INT-1', seq: 1, status: 'duplicate' });
    // A refused bundle: the job fails with the kind the screen explains and the detail the CLI prints.
    const cut = join(folder, 'cut.kdb');
    const whole = readFileSync(join(folder, file!));
    writeFileSync(cut, whole.subarray(0, whole.length >> 1));
    const refused = await whenFinished((await centralSupervisor.call('sync.startImport', { file: cut })).id);
    expect(refused).toMatchObject({ state: 'failed', refusal: 'damaged', message: expect.stringMatching(/^not a readable bundle/), bundle: null });
    // The paths typed on the screen: each refusal names its field.
    const bad = await centralSupervisor.try('sync.startImport', { file: join(folder, 'missing.kdb') });
    expect(bad.ok ? null : bad.error).toMatchObject({ code: 'validation', field: 'file' });
    for (const [input, field] of [[{ folder: '' }, 'folder'], [{ folder: 'usb' }, 'folder'], [{ folder: join(folder, 'nowhere') }, 'folder'], [{ folder, to: 'AG-NOBODY' }, 'to']] as const) {
      const r = await supervisor.try('sync.startExport', input);
      expect(r.ok ? null : r.error.field, JSON.stringify(input)).toBe(field);
    }
  });

  it('keeps both versions when two offices change the same case, and a supervisor resolves it', async () => {
    const [caseRow] = await central.h.app.database.db.selectFrom('cases').select('id').execute();
    const caseId = caseRow!.id;
    await receive(agencyA, await send(central, agencyA));
    await receive(agencyB, await send(central, agencyB));

    const a = await as(agencyA, 'reviewer');
    let ca = await a.call('cases.get', { caseId });
    ca = await a.call('cases.take', { caseId, expectedVersion: ca.version });
    ca = await a.call('cases.decide', { caseId, expectedVersion: ca.version, decision: 'approve' });
    const b = await as(agencyB, 'reviewer-b');
    let cb = await b.call('cases.get', { caseId });
    cb = await b.call('cases.take', { caseId, expectedVersion: cb.version });
    cb = await b.call('cases.decide', { caseId, expectedVersion: cb.version, decision: 'reject', reason: 'Documents do not match' });

    const first = await receive(central, await send(agencyA, central));
    expect(first.outcomes[0]).toMatchObject({ caseId, outcome: 'routed' });
    const second = await receive(central, await send(agencyB, central));
    expect(second.outcomes[0]).toMatchObject({ caseId, outcome: 'conflict' });
    expect((await caseFile(central, caseId)).case?.stage).toBe('agency_approved'); // nothing dropped, nothing overwritten

    const supervisor = await as(central, 'supervisor');
    const conflicts = await supervisor.call('sync.conflicts', {});
    expect(conflicts).toHaveLength(1);
    const conflict = conflicts[0]!;
    expect(conflict.caseId).toBe(caseId);
    expect((conflict.local as { case: { stage: string } }).case.stage).toBe('agency_approved');
    expect((conflict.remote as { stage: string }).stage).toBe('agency_rejected');
    expect((await supervisor.call('sync.status', {})).openConflicts).toBe(1);

    // Taking the remote version is refused by the engine (the case has moved on): nothing changes.
    const refused = await supervisor.try('sync.resolveConflict', { id: conflict.id, keep: 'remote' });
    expect(refused.ok).toBe(false);
    expect((await supervisor.call('sync.conflicts', {}))).toHaveLength(1);

    const resolved = await supervisor.call('sync.resolveConflict', { id: conflict.id, keep: 'local' });
    expect(resolved.status).toBe('kept_local');
    expect(await supervisor.call('sync.conflicts', {})).toEqual([]);
    // The office whose change lost learns of it in its acknowledgement.
    await receive(agencyB, await send(central, agencyB));
    const sent = await agencyB.h.app.database.db.selectFrom('sync_sent_cases').selectAll().where('case_id', '=', caseId).orderBy('seq', 'desc').executeTakeFirstOrThrow();
    expect(sent).toMatchObject({ outcome: 'conflict' });
  });
});
