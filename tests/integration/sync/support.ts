// Offices for sync tests: each is a real app on its own SQLite file (the shared harness),
// provisioned with `office init` and linked to central by trusting each other's key file.
import { createHash } from 'node:crypto';
import { join } from 'node:path';
import type BetterSqlite3 from 'better-sqlite3';
import { callerFor, completeDraft, createHarness, eligibleWorkshop, type Caller, type Harness } from '../../support/harness';
import { startSession } from '../../../src-main/services/auth/sessions';
import { initOffice, officeKeyFile, trustOffice } from '../../../src-main/services/sync/identity';
import { exportBundle } from '../../../src-main/services/sync/export';
import { importBundle } from '../../../src-main/services/sync/import';
import { checkIntegrity } from '../../../src-main/db/sqlite-specific';
import { verifyAuditChain } from '../../../src-main/services/audit/chain';
import type { OfficeKind } from '../../../src-shared/api';

export interface Office {
  id: string;
  kind: OfficeKind;
  h: Harness;
}

let bundleCounter = 0;

export async function createOffice(kind: OfficeKind, pick: (h: Harness) => { id: string; agencyCode?: string; branchCode?: string }): Promise<Office> {
  const h = await createHarness();
  const { id, agencyCode, branchCode } = pick(h);
  const now = h.clock.now().toISOString();
  await h.app.database.db.transaction().execute((trx) => initOffice(trx, { id, kind, name: id, agencyCode: agencyCode ?? null, branchCode: branchCode ?? null }, now));
  return { id, kind, h };
}

export async function link(central: Office, office: Office): Promise<void> {
  const now = central.h.clock.now().toISOString();
  const officeKey = await officeKeyFile(office.h.app.database.db);
  const centralKey = await officeKeyFile(central.h.app.database.db);
  await central.h.app.database.db.transaction().execute((trx) => trustOffice(trx, officeKey, office.id, now));
  await office.h.app.database.db.transaction().execute((trx) => trustOffice(trx, centralKey, central.id, now));
}

/** Exports from one office to another into the sender's temp folder; returns the file. */
export async function send(from: Office, to: Office): Promise<string> {
  bundleCounter += 1;
  const out = join(from.h.dir, `bundle-${bundleCounter}-${from.id}-to-${to.id}.kdb`);
  await exportBundle(from.h.app.database.db, { out, to: to.id, now: from.h.clock.now().toISOString() });
  return out;
}

export async function receive(office: Office, file: string) {
  const r = await importBundle(office.h.app.database.db, file, { now: office.h.clock.now().toISOString() });
  if (process.env.SYNC_DEBUG) console.log('IMPORT', office.id, r.source, r.seq, r.status, JSON.stringify(r.summary));
  if (process.env.SYNC_DEBUG) for (const o of r.outcomes) if (o.outcome === 'refused' || o.outcome === 'conflict') console.log('DEBUG', office.id, r.source, r.seq, o);
  return r;
}

export async function dbCheck(office: Office): Promise<string[]> {
  const problems = [...checkIntegrity(office.h.app.database.sqlite).problems];
  const chain = await verifyAuditChain(office.h.app.database.db);
  if (!chain.ok) problems.push(`audit chain broken at ${chain.firstBroken?.id}`);
  return problems;
}

export async function caseFile(office: Office, caseId: string) {
  const db = office.h.app.database.db;
  const c = await db.selectFrom('cases').select(['id', 'stage', 'version', 'tracking_code', 'credit_state']).where('id', '=', caseId).executeTakeFirst();
  const flow = await db.selectFrom('case_flow as f').leftJoin('sync_flow_origin as o', 'o.flow_id', 'f.id')
    .select(['f.id', 'o.uid', 'f.action', 'f.from_stage', 'f.to_stage', 'f.at', 'f.office_id', 'f.staff_name', 'f.reason'])
    .where('f.case_id', '=', caseId).orderBy('f.id').execute();
  return { case: c, flow };
}

/** A caller signed in as `username` of `office` (a session started directly: no scrypt login per test). */
export async function as(office: Office, username: string, locale: 'fa' | 'en' = 'en'): Promise<Caller> {
  const db = office.h.app.database.db;
  const staff = await db.selectFrom('staff').select('id').where('username', '=', username).executeTakeFirstOrThrow();
  const caller = callerFor(office.h.app, locale);
  caller.session.set(await startSession(db, staff.id, office.h.clock));
  return caller;
}

export { eligibleWorkshop };

/** A case the clerk makes and submits at `office`, its workshop eligible there and at `central`; its id. */
export async function submittedCase(office: Office, clerk: Caller, central: Office): Promise<string> {
  const draft = completeDraft(office.h);
  await eligibleWorkshop(office.h, draft.applicant.nationalCode);
  await eligibleWorkshop(central.h, draft.applicant.nationalCode);
  const c = await clerk.call('intake.createDraft', draft);
  await clerk.call('cases.submit', { caseId: c.id, expectedVersion: c.version });
  return c.id;
}

/** Every row of every table, hashed: "unchanged" (or "the same") means exactly that. */
export function fingerprintOf(sqlite: BetterSqlite3.Database): string {
  const tables = (sqlite.prepare("select name from sqlite_master where type = 'table' order by name").all() as Array<{ name: string }>).map((t) => t.name);
  const hash = createHash('sha256');
  for (const t of tables) {
    hash.update(`#${t}\n`);
    const rows = (sqlite.prepare(`select * from "${t}"`).all() as unknown[]).map((row) => JSON.stringify(row, (_k, v) => (v && v.type === 'Buffer' ? Buffer.from(v.data).toString('hex') : v)));
    for (const r of rows.sort()) hash.update(r + '\n');
  }
  return hash.digest('hex');
}
