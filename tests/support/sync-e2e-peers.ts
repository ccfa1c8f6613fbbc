// The other side of the sync screen's e2e test (run with tsx; prints JSON on stdout).
//
//   prepare HOST_DB WORK_DIR PASSWORD
//     Provisions the browser host's database (migrated, otherwise empty) as the agency office
//     AG-<code> with a supervisor and a reviewer, and builds beside it, in WORK_DIR, a central
//     office with demo cases and a second computer of the same agency (AG-<code>-2), all trusting
//     each other through their key files. Then writes central's bundles to the host:
//       #1 the agency's cases; #2 nothing new, never delivered (a gap the screen must flag);
//       #3 one case that AG-<code>-2 took and rejected meanwhile.
//   take HOST_DB CASE_ID
//     The host's reviewer takes that case: a change made here that central has not seen, so
//     bundle #3 arrives as a conflict.
import { join } from 'node:path';
import { mkdirSync } from 'node:fs';
import { openApp, type App } from '../../src-main/app';
import { seedReference } from '../../src-main/services/reference/seed-reference';
import { seedDemo } from '../../src-main/services/demo/seed-demo';
import { insertStaff } from '../../src-main/db/queries/staff';
import { hashPassword } from '../../src-main/services/auth/passwords';
import { startSession } from '../../src-main/services/auth/sessions';
import { systemClock } from '../../src-main/services/clock';
import { initOffice, officeKeyFile, trustOffice, type InitOffice } from '../../src-main/services/sync/identity';
import { exportBundle } from '../../src-main/services/sync/export';
import { importBundle } from '../../src-main/services/sync/import';
import { callerFor } from './harness';

const now = () => new Date().toISOString();

async function provision(app: App, office: InitOffice, reference = true): Promise<void> {
  await app.database.db.transaction().execute(async (trx) => {
    if (reference) await seedReference(trx, now());
    await initOffice(trx, office, now());
  });
}

async function trustEachOther(central: App, office: App): Promise<void> {
  const officeKey = (await officeKeyFile(office.database.db))!;
  const centralKey = (await officeKeyFile(central.database.db))!;
  await central.database.db.transaction().execute((trx) => trustOffice(trx, officeKey, officeKey.officeId, now()));
  await office.database.db.transaction().execute((trx) => trustOffice(trx, centralKey, centralKey.officeId, now()));
}

async function signedIn(app: App, username: string) {
  const staff = await app.database.db.selectFrom('staff').select('id').where('username', '=', username).executeTakeFirstOrThrow();
  const caller = callerFor(app, 'en');
  caller.session.set(await startSession(app.database.db, staff.id, systemClock));
  return caller;
}

async function addStaff(app: App, username: string, role: 'supervisor' | 'agency_reviewer', officeId: string, name: string, passwordHash: string) {
  await insertStaff(app.database.db, { username, displayName: name, role, officeId, passwordHash, mustChangePassword: false, now: now() });
}

async function prepare(hostDb: string, workDir: string, password: string) {
  mkdirSync(join(workDir, 'from-central'), { recursive: true });
  const central = await openApp({ dbPath: join(workDir, 'central.sqlite') });
  const host = await openApp({ dbPath: hostDb });
  const second = await openApp({ dbPath: join(workDir, 'agency-2.sqlite') });
  try {
    await provision(central, { id: 'CENTRAL', kind: 'central', name: 'Central' });
    await seedDemo(central.database, { cases: 40, seed: 11 });
    // The agency with the most cases waiting for review is the one the host office belongs to.
    const busiest = await central.database.db.selectFrom('cases').select(['agency_code', (eb) => eb.fn.countAll<number>().as('n')])
      .where('stage', '=', 'submitted').groupBy('agency_code').orderBy('n', 'desc').executeTakeFirstOrThrow();
    const agencyCode = busiest.agency_code!;
    const hostOffice = `AG-${agencyCode}`;
    const secondOffice = `AG-${agencyCode}-2`;
    const caseId = (await central.database.db.selectFrom('cases').select('id').where('stage', '=', 'submitted').where('agency_code', '=', agencyCode)
      .orderBy('stage_entered_at').executeTakeFirstOrThrow()).id;

    await provision(host, { id: hostOffice, kind: 'agency', name: hostOffice, agencyCode });
    const hash = await hashPassword(password);
    await addStaff(host, 'boss', 'supervisor', hostOffice, 'مریم کریمی', hash);
    await addStaff(host, 'reviewer', 'agency_reviewer', hostOffice, 'سارا احمدی', hash);
    await provision(second, { id: secondOffice, kind: 'agency', name: secondOffice, agencyCode });
    await addStaff(second, 'reviewer-b', 'agency_reviewer', secondOffice, 'امیر نوروزی', hash);
    await trustEachOther(central, host);
    await trustEachOther(central, second);

    const toHost = (n: number) => join(workDir, 'from-central', `CENTRAL-to-${hostOffice}-${n}.kdb`);
    const send = (from: App, out: string, to: string) => exportBundle(from.database.db, { out, to, now: now() });
    await send(central, toHost(1), hostOffice);
    await send(central, toHost(2), hostOffice);

    // Meanwhile the agency's other computer takes the same case and rejects it; central hears of it.
    const viaSecond = join(workDir, 'agency-2-in.kdb');
    await send(central, viaSecond, secondOffice);
    await importBundle(second.database.db, viaSecond, { now: now() });
    const reviewer = await signedIn(second, 'reviewer-b');
    let c = await reviewer.call('cases.take', { caseId, expectedVersion: (await reviewer.call('cases.get', { caseId })).version });
    c = await reviewer.call('cases.decide', { caseId, expectedVersion: c.version, decision: 'reject', reason: 'مدارک کارگاه با فعالیت هم‌خوانی ندارد.' });
    const fromSecond = join(workDir, 'agency-2-out.kdb');
    await send(second, fromSecond, 'CENTRAL');
    await importBundle(central.database.db, fromSecond, { now: now() });
    await send(central, toHost(3), hostOffice);

    return { agencyCode, hostOffice, secondOffice, caseId, bundles: [toHost(1), toHost(2), toHost(3)] };
  } finally {
    await Promise.all([central.close(), host.close(), second.close()]);
  }
}

async function take(hostDb: string, caseId: string) {
  const host = await openApp({ dbPath: hostDb });
  try {
    const reviewer = await signedIn(host, 'reviewer');
    const c = await reviewer.call('cases.take', { caseId, expectedVersion: (await reviewer.call('cases.get', { caseId })).version });
    return { caseId, stage: c.stage, version: c.version };
  } finally {
    await host.close();
  }
}

const [command, ...args] = process.argv.slice(2);
if (command === 'prepare' && args.length === 3) console.log(JSON.stringify(await prepare(args[0]!, args[1]!, args[2]!)));
else if (command === 'take' && args.length === 2) console.log(JSON.stringify(await take(args[0]!, args[1]!)));
else throw new Error('usage: sync-e2e-peers.ts prepare HOST_DB WORK_DIR PASSWORD | take HOST_DB CASE_ID');
