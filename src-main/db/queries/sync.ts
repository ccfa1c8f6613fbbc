// SQL of the sync area: identity, peers, the change log, bundle history, conflicts, and the
// case files a bundle carries.
import { sql, type Insertable, type Selectable } from 'kysely';
import type { KaraDb } from '../connection';
import type { Applicants, Workshops, Tickets, SyncPeers, SyncIdentity } from '../schema.generated';

export type PeerRow = Selectable<SyncPeers>;
export type IdentityRow = Selectable<SyncIdentity>;

export const findIdentity = (db: KaraDb) => db.selectFrom('sync_identity').selectAll().where('id', '=', 1).executeTakeFirst();
export async function insertIdentity(db: KaraDb, row: Omit<Insertable<SyncIdentity>, 'id'>): Promise<void> {
  await db.insertInto('sync_identity').values({ id: 1, ...row }).execute();
}

export const findPeer = (db: KaraDb, officeId: string) => db.selectFrom('sync_peers').selectAll().where('office_id', '=', officeId).executeTakeFirst();
export const listPeers = (db: KaraDb) => db.selectFrom('sync_peers').selectAll().orderBy('office_id').execute();
export async function upsertPeer(db: KaraDb, row: { office_id: string; kind: string; ed25519_public: string; x25519_public: string; trusted_at: string }): Promise<void> {
  await db.insertInto('sync_peers').values({ ...row, trusted: 1 })
    .onConflict((oc) => oc.column('office_id').doUpdateSet({ kind: row.kind, ed25519_public: row.ed25519_public, x25519_public: row.x25519_public, trusted: 1, trusted_at: row.trusted_at }))
    .execute();
}
export async function advancePeer(db: KaraDb, officeId: string, seq: number, changeSeq: number): Promise<void> {
  await db.updateTable('sync_peers').set({ last_seq_sent: seq, last_change_sent: changeSeq }).where('office_id', '=', officeId).execute();
}

/** The batch path's savepoint: begin, keep (release) or undo (roll back to it and release). */
export async function savepoint(db: KaraDb, step: 'begin' | 'keep' | 'undo'): Promise<void> {
  if (step === 'begin') await sql`savepoint sync_batch`.execute(db);
  else if (step === 'keep') await sql`release savepoint sync_batch`.execute(db);
  else {
    await sql`rollback to savepoint sync_batch`.execute(db);
    await sql`release savepoint sync_batch`.execute(db);
  }
}

export async function setApplyOrigin(db: KaraDb, origin: string | null): Promise<void> {
  await db.updateTable('sync_apply_context').set({ origin }).where('id', '=', 1).execute();
}

export async function maxChangeSeq(db: KaraDb): Promise<number> {
  const r = await db.selectFrom('sync_changes').select((eb) => eb.fn.max<number>('seq').as('m')).executeTakeFirst();
  return Number(r?.m ?? 0);
}

/** Ids of entities changed in (after, upTo], except changes caused by `exceptOrigin`'s own bundles. */
export async function changedIds(db: KaraDb, entity: string, after: number, upTo: number, exceptOrigin: string): Promise<string[]> {
  const rows = await db.selectFrom('sync_changes').select('entity_id').distinct()
    .where('entity', '=', entity).where('seq', '>', after).where('seq', '<=', upTo)
    .where((eb) => eb.or([eb('origin', 'is', null), eb('origin', '!=', exceptOrigin)]))
    .execute();
  return rows.map((r) => r.entity_id);
}

export async function countPendingChanges(db: KaraDb, after: number, exceptOrigin: string): Promise<number> {
  const r = await db.selectFrom('sync_changes').select((eb) => eb.fn.countAll<number>().as('n'))
    .where('seq', '>', after).where((eb) => eb.or([eb('origin', 'is', null), eb('origin', '!=', exceptOrigin)])).executeTakeFirstOrThrow();
  return Number(r.n);
}

// ---- case files -------------------------------------------------------------------------

/** What decides whether a case travels to an office, and what travels with it. */
export const caseRoutingByIds = (db: KaraDb, ids: string[]) =>
  db.selectFrom('cases').select(['id', 'version', 'stage', 'created_office_id', 'agency_code', 'branch_code', 'submitted_at', 'reached_branch_at', 'applicant_id', 'workshop_id'])
    .where('id', 'in', ids).execute();
export type CaseRouting = Awaited<ReturnType<typeof caseRoutingByIds>>[number];
export const ticketsByIds = (db: KaraDb, ids: string[]) => db.selectFrom('tickets').selectAll().where('id', 'in', ids).execute();
export const attachmentsByShas = (db: KaraDb, shas: string[]) => db.selectFrom('attachments').select(['sha256', 'mime', 'size', 'bytes', 'created_at']).where('sha256', 'in', shas).execute();
export const attachmentMetaByShas = (db: KaraDb, shas: string[]) => db.selectFrom('attachments').select(['sha256', 'mime', 'size', 'created_at']).where('sha256', 'in', shas).execute();

/** Flow entries of the cases, oldest first, with their travelling uid and staff uid when known. */
export function flowsOfCases(db: KaraDb, caseIds: string[]) {
  return db.selectFrom('case_flow as f')
    .leftJoin('sync_flow_origin as o', 'o.flow_id', 'f.id')
    .leftJoin('sync_remote_staff as s', 's.staff_id', 'f.staff_id')
    .select(['f.id', 'f.case_id', 'f.at', 'f.staff_id', 'f.staff_name', 'f.office_id', 'f.action', 'f.from_stage', 'f.to_stage', 'f.reason', 'f.details', 'o.uid', 's.uid as staff_uid'])
    .where('f.case_id', 'in', caseIds)
    .orderBy('f.case_id').orderBy('f.id')
    .execute();
}

export async function lastFlowId(db: KaraDb, caseId: string): Promise<number | undefined> {
  const r = await db.selectFrom('case_flow').select('id').where('case_id', '=', caseId).orderBy('id', 'desc').limit(1).executeTakeFirst();
  return r?.id;
}

export async function mapFlowUid(db: KaraDb, flowId: number, uid: string): Promise<void> {
  await db.insertInto('sync_flow_origin').values({ flow_id: flowId, uid }).execute();
}

export const findRemoteStaff = (db: KaraDb, uid: string) => db.selectFrom('sync_remote_staff').select('staff_id').where('uid', '=', uid).executeTakeFirst();
export async function insertRemoteStaff(db: KaraDb, uid: string, staffId: number): Promise<void> {
  await db.insertInto('sync_remote_staff').values({ uid, staff_id: staffId }).execute();
}
export async function disableStaff(db: KaraDb, staffId: number): Promise<void> {
  await db.updateTable('staff').set({ disabled: 1 }).where('id', '=', staffId).execute();
}

export async function upsertApplicant(db: KaraDb, row: Insertable<Applicants>): Promise<'inserted' | 'updated' | 'unchanged'> {
  const local = await db.selectFrom('applicants').select(['id', 'updated_at']).where('id', '=', row.id).executeTakeFirst();
  if (!local) {
    await db.insertInto('applicants').values(row).execute();
    return 'inserted';
  }
  if (row.updated_at <= local.updated_at) return 'unchanged';
  const { id: _id, created_office_id: _o, created_at: _c, ...changes } = row;
  await db.updateTable('applicants').set(changes).where('id', '=', row.id).execute();
  return 'updated';
}

export async function upsertWorkshop(db: KaraDb, row: Insertable<Workshops>): Promise<'inserted' | 'updated' | 'unchanged'> {
  const local = await db.selectFrom('workshops').select(['id', 'updated_at']).where('id', '=', row.id).executeTakeFirst();
  if (!local) {
    await db.insertInto('workshops').values(row).execute();
    return 'inserted';
  }
  if (row.updated_at <= local.updated_at) return 'unchanged';
  const { id: _id, created_at: _c, ...changes } = row;
  await db.updateTable('workshops').set(changes).where('id', '=', row.id).execute();
  return 'updated';
}

export async function upsertTicket(db: KaraDb, row: Insertable<Tickets> & { version: number }): Promise<'inserted' | 'updated' | 'unchanged'> {
  const local = await db.selectFrom('tickets').select(['id', 'version']).where('id', '=', row.id).executeTakeFirst();
  if (!local) {
    await db.insertInto('tickets').values(row).execute();
    return 'inserted';
  }
  if (row.version <= local.version) return 'unchanged';
  const { id: _id, ...changes } = row;
  await db.updateTable('tickets').set(changes).where('id', '=', row.id).execute();
  return 'updated';
}

export async function insertAttachmentIfMissing(db: KaraDb, row: { sha256: string; mime: string; size: number; bytes: Buffer; created_at: string }): Promise<boolean> {
  const r = await db.insertInto('attachments').values(row).onConflict((oc) => oc.column('sha256').doNothing()).executeTakeFirst();
  return Number(r.numInsertedOrUpdatedRows ?? 0) > 0;
}

export async function upsertEligibility(db: KaraDb, row: { workshop_identifier: string; status: string; source: string; updated_at: string }): Promise<boolean> {
  const local = await db.selectFrom('eligibility_list').selectAll().where('workshop_identifier', '=', row.workshop_identifier).executeTakeFirst();
  if (local && local.status === row.status && local.source === row.source && local.updated_at === row.updated_at) return false;
  await db.insertInto('eligibility_list').values(row).onConflict((oc) => oc.column('workshop_identifier').doUpdateSet({ status: row.status, source: row.source, updated_at: row.updated_at })).execute();
  return true;
}

export async function updateParameterFromCentral(db: KaraDb, row: { key: string; value: number; unit: string; description_fa: string; description_en: string; source: string; published: number; updated_at: string }): Promise<boolean> {
  const local = await db.selectFrom('programme_parameters').select(['value', 'updated_at', 'published']).where('key', '=', row.key).executeTakeFirst();
  if (local && local.value === row.value && local.updated_at === row.updated_at && local.published === row.published) return false;
  await db.insertInto('programme_parameters').values(row).onConflict((oc) => oc.column('key').doUpdateSet({ ...row })).execute();
  return true;
}

export const eligibilityByIds = (db: KaraDb, ids: string[]) => db.selectFrom('eligibility_list').selectAll().where('workshop_identifier', 'in', ids).execute();
export const parametersByKeys = (db: KaraDb, keys: string[]) => db.selectFrom('programme_parameters').select(['key', 'value', 'unit', 'description_fa', 'description_en', 'source', 'published', 'updated_at']).where('key', 'in', keys).execute();
export const allOffices = (db: KaraDb) => db.selectFrom('offices').select(['id', 'kind', 'name_fa', 'name_en', 'agency_code', 'branch_code', 'county_code']).orderBy('id').execute();

// ---- bundle history ----------------------------------------------------------------------

export const receivedSeqs = (db: KaraDb, source: string) => db.selectFrom('sync_received').select('seq').where('source', '=', source).orderBy('seq').execute().then((r) => r.map((x) => x.seq));
export const findReceived = (db: KaraDb, source: string, seq: number) => db.selectFrom('sync_received').selectAll().where('source', '=', source).where('seq', '=', seq).executeTakeFirst();

export async function insertReceived(db: KaraDb, row: { source: string; seq: number; manifest_sha256: string; created_at: string; applied_at: string; counts: string; summary: string }): Promise<void> {
  await db.insertInto('sync_received').values(row).execute();
}
export async function insertReceivedCase(db: KaraDb, row: { source: string; seq: number; case_id: string; outcome: string; reason: string | null }): Promise<void> {
  await db.insertInto('sync_received_cases').values(row).onConflict((oc) => oc.columns(['source', 'seq', 'case_id']).doUpdateSet({ outcome: row.outcome, reason: row.reason })).execute();
}
/** A received bundle's acknowledgement goes again (an outcome in it changed since it went). */
export async function reopenAck(db: KaraDb, source: string, seq: number): Promise<void> {
  await db.updateTable('sync_received').set({ acked_in_seq: null }).where('source', '=', source).where('seq', '=', seq).execute();
}
export const unackedReceived = (db: KaraDb, source: string) => db.selectFrom('sync_received').selectAll().where('source', '=', source).where('acked_in_seq', 'is', null).orderBy('seq').execute();
/** Outcomes of the cases of one received bundle, in case-id order, a page after `afterCaseId`. */
export const receivedCasesPage = (db: KaraDb, source: string, seq: number, afterCaseId: string, limit: number) =>
  db.selectFrom('sync_received_cases').select(['case_id', 'outcome', 'reason']).where('source', '=', source).where('seq', '=', seq).where('case_id', '>', afterCaseId)
    .orderBy('case_id').limit(limit).execute();
/** How many cases one received bundle's outcomes name (the export counts its acknowledgement records with it). */
export async function receivedCaseCount(db: KaraDb, source: string, seq: number): Promise<number> {
  const r = await db.selectFrom('sync_received_cases').select((eb) => eb.fn.countAll<number>().as('n')).where('source', '=', source).where('seq', '=', seq).executeTakeFirstOrThrow();
  return Number(r.n);
}
export async function markAcked(db: KaraDb, source: string, seqs: number[], inSeq: number): Promise<void> {
  if (seqs.length) await db.updateTable('sync_received').set({ acked_in_seq: inSeq }).where('source', '=', source).where('seq', 'in', seqs).execute();
}

export async function insertSent(db: KaraDb, row: { target: string; seq: number; created_at: string; file_sha256: string; counts: string }): Promise<void> {
  await db.insertInto('sync_sent').values(row).execute();
}
export async function insertSentCases(db: KaraDb, target: string, seq: number, cases: Array<{ id: string; version: number }>): Promise<void> {
  for (let i = 0; i < cases.length; i += 200) {
    const page = cases.slice(i, i + 200);
    await db.insertInto('sync_sent_cases').values(page.map((c) => ({ target, seq, case_id: c.id, version: c.version }))).execute();
  }
}
/**
 * Records a peer's acknowledgement (or one record of it: a large bundle's spans several) of one
 * of our bundles. An outcome settles a case not yet acknowledged; a later one (the peer applied
 * a case it had deferred) can only turn a refusal into what became of the case, never the
 * reverse. Returns whether this was the bundle's first acknowledgement.
 */
export async function recordAck(db: KaraDb, target: string, seq: number, at: string, outcomes: Array<{ case_id: string; outcome: string; reason: string | null }>): Promise<boolean> {
  const r = await db.updateTable('sync_sent').set({ acked_at: at }).where('target', '=', target).where('seq', '=', seq).where('acked_at', 'is', null).executeTakeFirst();
  const first = Number(r.numUpdatedRows) === 1;
  const groups = new Map<string, { outcome: string; reason: string | null; ids: string[] }>();
  for (const o of outcomes) {
    const key = JSON.stringify([o.outcome, o.reason]);
    const g = groups.get(key) ?? { outcome: o.outcome, reason: o.reason, ids: [] };
    g.ids.push(o.case_id);
    groups.set(key, g);
  }
  for (const g of groups.values()) {
    for (let i = 0; i < g.ids.length; i += 900) {
      await db.updateTable('sync_sent_cases').set({ outcome: g.outcome, reason: g.reason }).where('target', '=', target).where('seq', '=', seq).where('case_id', 'in', g.ids.slice(i, i + 900))
        .where((eb) => eb.or([eb('outcome', 'is', null), eb('outcome', '=', 'refused')])).execute();
    }
  }
  return first;
}

export async function lastAcked(db: KaraDb, target: string): Promise<number> {
  const r = await db.selectFrom('sync_sent').select((eb) => eb.fn.max<number>('seq').as('m')).where('target', '=', target).where('acked_at', 'is not', null).executeTakeFirst();
  return Number(r?.m ?? 0);
}

/** Cases sent to `target` whose latest sending has not been confirmed (no ack, or refused). */
export async function countUnconfirmedCases(db: KaraDb, target: string): Promise<number> {
  const r = await sql<{ n: number }>`
    select count(*) as n from (
      select case_id, outcome, row_number() over (partition by case_id order by seq desc) as rn
      from sync_sent_cases where target = ${target}
    ) where rn = 1 and (outcome is null or outcome not in ('accepted', 'routed', 'unchanged'))`.execute(db);
  return Number(r.rows[0]?.n ?? 0);
}

export function bundleHistory(db: KaraDb, limit = 200) {
  return sql<{ direction: 'sent' | 'received'; peer: string; seq: number; at: string; counts: string; acknowledged: number }>`
    select 'sent' as direction, target as peer, seq, created_at as at, counts, acked_at is not null as acknowledged from sync_sent
    union all
    select 'received' as direction, source as peer, seq, applied_at as at, counts, acked_in_seq is not null as acknowledged from sync_received
    order by at desc limit ${limit}`.execute(db).then((r) => r.rows);
}

export const receivedSources = (db: KaraDb) => db.selectFrom('sync_received').select('source').distinct().execute().then((r) => r.map((x) => x.source));

// ---- conflicts ----------------------------------------------------------------------------

export async function insertConflict(db: KaraDb, row: { case_id: string; source: string; seq: number; local_version: string; remote_version: string; created_at: string }): Promise<void> {
  await db.insertInto('sync_conflicts').values(row).execute();
}
export const openConflicts = (db: KaraDb) => db.selectFrom('sync_conflicts').selectAll().where('status', '=', 'open').orderBy('id').execute();
export const findConflict = (db: KaraDb, id: number) => db.selectFrom('sync_conflicts').selectAll().where('id', '=', id).executeTakeFirst();
export async function resolveConflictRow(db: KaraDb, id: number, status: 'kept_local' | 'took_remote', at: string, by: number): Promise<void> {
  await db.updateTable('sync_conflicts').set({ status, resolved_at: at, resolved_by: by }).where('id', '=', id).execute();
}
export async function countOpenConflicts(db: KaraDb): Promise<number> {
  const r = await db.selectFrom('sync_conflicts').select((eb) => eb.fn.countAll<number>().as('n')).where('status', '=', 'open').executeTakeFirstOrThrow();
  return Number(r.n);
}
export async function hasOpenConflict(db: KaraDb, caseId: string): Promise<boolean> {
  return !!(await db.selectFrom('sync_conflicts').select('id').where('case_id', '=', caseId).where('status', '=', 'open').executeTakeFirst());
}

// ---- deferred cases ------------------------------------------------------------------------

export async function upsertDeferred(db: KaraDb, row: { case_id: string; source: string; seq: number; record: string; reason: string; at: string }): Promise<void> {
  const local = await db.selectFrom('sync_deferred').select('record').where('case_id', '=', row.case_id).executeTakeFirst();
  // Keep the fuller history of the two (a later bundle carries the whole flow).
  if (local && (JSON.parse(local.record) as { flow: unknown[] }).flow.length > (JSON.parse(row.record) as { flow: unknown[] }).flow.length) return;
  await db.insertInto('sync_deferred').values(row).onConflict((oc) => oc.column('case_id').doUpdateSet({ source: row.source, seq: row.seq, record: row.record, reason: row.reason, at: row.at })).execute();
}
export const listDeferred = (db: KaraDb) => db.selectFrom('sync_deferred').selectAll().orderBy('at').orderBy('case_id').execute();
/** Deferred cases in their order (oldest entry first), a page at a time after (at, case_id). */
export function deferredPage(db: KaraDb, after: { at: string; caseId: string } | null, limit: number) {
  let q = db.selectFrom('sync_deferred').selectAll();
  if (after) q = q.where((eb) => eb.or([eb('at', '>', after.at), eb.and([eb('at', '=', after.at), eb('case_id', '>', after.caseId)])]));
  return q.orderBy('at').orderBy('case_id').limit(limit).execute();
}
export const findDeferred = (db: KaraDb, caseId: string) => db.selectFrom('sync_deferred').selectAll().where('case_id', '=', caseId).executeTakeFirst();
export async function deleteDeferred(db: KaraDb, caseId: string): Promise<void> {
  await db.deleteFrom('sync_deferred').where('case_id', '=', caseId).execute();
}
export async function countDeferred(db: KaraDb): Promise<number> {
  const r = await db.selectFrom('sync_deferred').select((eb) => eb.fn.countAll<number>().as('n')).executeTakeFirstOrThrow();
  return Number(r.n);
}
