// Import: a bundle is checked (signature, addressee, every size and hash, every record against
// the shared schemas) and applied in ONE transaction, or not at all. Case changes are replayed
// through the workflow engine as the office that made them, so an imported decision obeys the
// same rules (holder office, role, guards, credit) as a clicked one.
import { sql } from 'kysely';
import type { z } from 'zod';
import type { KaraDb } from '../../db/connection';
import type { Actor } from '../../api/types';
import type { Clock } from '../clock';
import { AppError, type OfficeKind, type Role } from '../../../src-shared/api';
import { translate } from '../../../src-shared/i18n';
import { ACTIONS, STAGE_INFO, type Action, type Stage } from '../../../src-shared/workflow/definition';
import type { syncCaseRecord, SyncEntity, Manifest } from '../../../src-shared/api/sync';
import { SYNC_ENTITIES } from '../../../src-shared/api/sync';
import { findOffice, upsertOffice } from '../../db/queries/offices';
import { findCase, insertCase, insertFlow, listFlow } from '../../db/queries/cases';
import { insertStaff } from '../../db/queries/staff';
import {
  disableStaff, findReceived, findRemoteStaff, hasOpenConflict, insertAttachmentIfMissing, insertConflict, insertReceived, insertReceivedCase,
  insertRemoteStaff, lastFlowId, mapFlowUid, receivedSeqs, recordAck, setApplyOrigin, updateParameterFromCentral, upsertApplicant, upsertEligibility,
  upsertTicket, upsertWorkshop, flowsOfCases, upsertDeferred, listDeferred, deleteDeferred,
} from '../../db/queries/sync';
import { appendAudit } from '../audit/chain';
import { act, cancelPending, confirmPending } from '../cases/engine';
import { BundleRefused, openBundle, type OpenedBundle } from '../../sync/bundle';
import { loadIdentity, readKeysFor, SyncRefused, type LoadedIdentity } from './identity';
import { staffUid } from './export';

type CaseRecord = z.infer<typeof syncCaseRecord>;
type Rec<E extends SyncEntity> = z.infer<(typeof SYNC_ENTITIES)[E]>;

export interface ImportSummary {
  newCases: number;
  updatedCases: number;
  unchangedCases: number;
  refusedCases: number;
  conflicts: number;
  decisions: number;
  applicants: number;
  workshops: number;
  tickets: number;
  attachments: number;
  referenceUpdates: number;
  acks: number;
}

export interface ImportResult {
  status: 'applied' | 'duplicate';
  source: string;
  seq: number;
  summary: ImportSummary;
  /** Bundles from the same source with a lower sequence that never arrived. */
  missing: number[];
  outcomes: Array<{ caseId: string; outcome: string; reason: string | null }>;
}

export interface VerifyResult {
  manifest: Manifest;
  records: number;
  missing: number[];
  alreadyImported: boolean;
}

const ROLE_OF_KIND: Record<OfficeKind, Role> = { intake: 'intake', agency: 'agency_reviewer', branch: 'branch_officer', central: 'supervisor' };

function emptySummary(): ImportSummary {
  return { newCases: 0, updatedCases: 0, unchangedCases: 0, refusedCases: 0, conflicts: 0, decisions: 0, applicants: 0, workshops: 0, tickets: 0, attachments: 0, referenceUpdates: 0, acks: 0 };
}

function missingBefore(seq: number, have: number[]): number[] {
  const got = new Set(have);
  const out: number[] = [];
  for (let n = 1; n < seq && out.length < 1000; n += 1) if (!got.has(n)) out.push(n);
  return out;
}

async function open(db: KaraDb, file: string): Promise<{ identity: LoadedIdentity; bundle: OpenedBundle }> {
  const identity = await loadIdentity(db);
  return { identity, bundle: await openBundle(file, await readKeysFor(db, identity)) };
}

/** Every check of an import, without changing anything (`sync verify`). */
export async function verifyBundle(db: KaraDb, file: string): Promise<VerifyResult> {
  const { bundle } = await open(db, file);
  try {
    let records = 0;
    await bundle.readMembers({ record: () => void (records += 1), attachment: () => void (records += 1) });
    const m = bundle.manifest;
    return { manifest: m, records, missing: missingBefore(m.seq, await receivedSeqs(db, m.source.officeId)), alreadyImported: !!(await findReceived(db, m.source.officeId, m.seq)) };
  } finally {
    bundle.close();
  }
}

/** A member of staff of another office, as this database knows them: a disabled local row. */
async function remoteStaffId(db: KaraDb, localOffice: string, uid: string | null, name: string | null, officeId: string, role: Role, now: string): Promise<number> {
  const key = uid ?? `${officeId}/unknown`;
  if (key.startsWith(`${localOffice}/`)) {
    const local = Number(key.slice(localOffice.length + 1));
    if (Number.isInteger(local) && (await db.selectFrom('staff').select('id').where('id', '=', local).executeTakeFirst())) return local;
  }
  const found = await findRemoteStaff(db, key);
  if (found) return found.staff_id;
  const id = await insertStaff(db, { username: `sync:${key}`, displayName: name ?? key, role, officeId, passwordHash: '!', mustChangePassword: false, now });
  await disableStaff(db, id);
  await insertRemoteStaff(db, key, id);
  return id;
}

async function actorFor(db: KaraDb, localOffice: string, f: CaseRecord['flow'][number]): Promise<Actor> {
  if (!f.office_id) throw new AppError('refused', 'sync.unknownOffice', { params: { office: '?' } });
  const office = await findOffice(db, f.office_id);
  if (!office) throw new AppError('refused', 'sync.unknownOffice', { params: { office: f.office_id } });
  const kind = office.kind as OfficeKind;
  const role = ROLE_OF_KIND[kind];
  const staffId = await remoteStaffId(db, localOffice, f.staff_uid, f.staff_name, office.id, role, f.at);
  return {
    staffId, username: `sync:${f.staff_uid ?? ''}`, displayName: f.staff_name ?? '', role, officeId: office.id, officeKind: kind,
    officeNameFa: office.name_fa, officeNameEn: office.name_en, agencyCode: office.agency_code, branchCode: office.branch_code,
    mustChangePassword: false, sessionId: 'sync',
  };
}

const fixedClock = (at: string): Clock => ({ now: () => new Date(at) });

/** Replays one flow entry made elsewhere through the engine, as the office and person who made it. */
export async function replay(db: KaraDb, localOffice: string, caseId: string, f: CaseRecord['flow'][number]): Promise<void> {
  const actor = await actorFor(db, localOffice, f);
  const clock = fixedClock(f.at);
  const c = await findCase(db, caseId);
  if (!c) throw new AppError('not_found', 'error.notFound');
  const reason = f.reason ?? undefined;
  const [prefix, rest] = f.action.includes(':') ? (f.action.split(':', 2) as [string, string]) : ['', f.action];
  const action = (prefix ? rest : f.action) as Action;
  if (!ACTIONS.includes(action)) throw new AppError('refused', 'sync.unknownAction', { params: { action: f.action } });
  if (prefix === 'request') await act(db, actor, clock, { caseId, action, expectedVersion: c.version, reason });
  else if (prefix === 'cancel') await cancelPending(db, actor, clock, caseId, c.version, reason);
  else if (prefix) throw new AppError('refused', 'sync.unknownAction', { params: { action: f.action } });
  else if (c.pending_action === action) await confirmPending(db, actor, clock, caseId, c.version);
  else await act(db, actor, clock, { caseId, action, expectedVersion: c.version, reason });
  const flowId = await lastFlowId(db, caseId);
  await mapFlowUid(db, flowId!, f.uid);
}

async function localFlowUids(db: KaraDb, localOffice: string, caseId: string): Promise<string[]> {
  return (await flowsOfCases(db, [caseId])).map((f) => f.uid ?? `${localOffice}/${f.id}`);
}

async function localCaseFile(db: KaraDb, localOffice: string, caseId: string) {
  const c = await findCase(db, caseId);
  const flow = (await flowsOfCases(db, [caseId])).map((f) => ({ uid: f.uid ?? `${localOffice}/${f.id}`, at: f.at, office_id: f.office_id, staff: staffUid(localOffice, f.staff_id, f.staff_uid), staff_name: f.staff_name, action: f.action, to_stage: f.to_stage, reason: f.reason }));
  return { case: c, flow };
}

function refusalReason(e: unknown): string {
  if (e instanceof AppError) return translate('en', e.messageKey, e.options.params);
  throw e;
}

async function applyCase(db: KaraDb, identity: LoadedIdentity, source: string, seq: number, rec: CaseRecord, s: ImportSummary): Promise<{ outcome: string; reason: string | null }> {
  const localOffice = identity.officeId;
  const local = await findCase(db, rec.id);
  const known = new Set(local ? await localFlowUids(db, localOffice, rec.id) : []);
  const incoming = new Set(rec.flow.map((f) => f.uid));
  if (incoming.size !== rec.flow.length) throw new BundleRefused(`case ${rec.id} lists a flow entry twice`);
  const fresh = rec.flow.filter((f) => !known.has(f.uid));
  if (fresh.length === 0) {
    s.unchangedCases += 1;
    return { outcome: 'unchanged', reason: null };
  }
  const localOnly = [...known].filter((u) => !incoming.has(u));
  if (local && (localOnly.length > 0 || (await hasOpenConflict(db, rec.id)))) {
    // A change made here that the sender has not seen, and one made there: keep both, flag it.
    await insertConflict(db, {
      case_id: rec.id, source, seq, created_at: rec.flow[rec.flow.length - 1]!.at,
      local_version: JSON.stringify(await localCaseFile(db, localOffice, rec.id)), remote_version: JSON.stringify(rec),
    });
    await appendAudit(db, { at: new Date().toISOString(), staffId: null, officeId: localOffice, action: 'sync.conflict', entity: 'case', entityId: rec.id, payload: { source, seq } });
    s.conflicts += 1;
    return { outcome: 'conflict', reason: 'changed here and there at the same time; a supervisor resolves it' };
  }
  const savepoint = `case_${seq}_${s.newCases + s.updatedCases + s.refusedCases + s.unchangedCases + s.conflicts}`;
  await sql.raw(`savepoint ${savepoint}`).execute(db);
  try {
    let steps = fresh;
    if (!local) {
      const first = rec.flow[0]!;
      if (first.action !== 'create' || first.to_stage !== 'draft' || first.from_stage !== null) throw new AppError('refused', 'sync.caseWithoutCreate');
      const creator = await actorFor(db, localOffice, first);
      await insertCase(db, {
        id: rec.id, tracking_code: rec.tracking_code, applicant_id: rec.applicant_id, workshop_id: rec.workshop_id, stage: 'draft',
        created_office_id: rec.created_office_id, activity_code: rec.activity_code, agency_code: rec.agency_code, institution_code: rec.institution_code,
        branch_code: rec.branch_code, requested_amount_rials: rec.requested_amount_rials, permits_answered: rec.permits_answered, has_permit: rec.has_permit,
        permit_type: rec.permit_type, permit_number: rec.permit_number, permit_issuer: rec.permit_issuer, permit_issued_on: rec.permit_issued_on,
        duplicate_reason: rec.duplicate_reason, version: 1, stage_entered_at: first.at, created_at: rec.created_at, updated_at: first.at,
      });
      await insertFlow(db, {
        case_id: rec.id, at: first.at, staff_id: creator.staffId, staff_name: first.staff_name, office_id: first.office_id, action: 'create',
        from_stage: null, to_stage: 'draft', reason: first.reason, details: first.details,
      });
      await mapFlowUid(db, (await lastFlowId(db, rec.id))!, first.uid);
      await appendAudit(db, { at: first.at, staffId: creator.staffId, officeId: first.office_id, action: 'case.create', entity: 'case', entityId: rec.id, payload: { via: 'sync', source, seq } });
      steps = fresh.filter((f) => f.uid !== first.uid);
    }
    for (const f of steps) {
      await replay(db, localOffice, rec.id, f);
      s.decisions += 1;
    }
    await sql.raw(`release savepoint ${savepoint}`).execute(db);
    if (local) s.updatedCases += 1;
    else s.newCases += 1;
    const now = (await findCase(db, rec.id))!;
    const holder = STAGE_INFO[now.stage as Stage]?.holder;
    return { outcome: identity.kind === 'central' && holder && holder !== 'intake' ? 'routed' : 'accepted', reason: null };
  } catch (e) {
    await sql.raw(`rollback to savepoint ${savepoint}`).execute(db);
    await sql.raw(`release savepoint ${savepoint}`).execute(db);
    const reason = refusalReason(e);
    await upsertDeferred(db, { case_id: rec.id, source, seq, record: JSON.stringify(rec), reason, at: rec.flow[rec.flow.length - 1]!.at });
    s.refusedCases += 1;
    return { outcome: 'refused', reason };
  }
}

/** A deferred copy whose every entry is now applied here is done with. */
async function deleteDeferredIfCovered(db: KaraDb, identity: LoadedIdentity, rec: CaseRecord): Promise<void> {
  const d = (await listDeferred(db)).find((x) => x.case_id === rec.id);
  if (!d) return;
  const known = new Set(await localFlowUids(db, identity.officeId, rec.id));
  if ((JSON.parse(d.record) as CaseRecord).flow.every((f) => known.has(f.uid))) await deleteDeferred(db, rec.id);
}

/** Retries every deferred case until none moves: what a later bundle brought may unblock it. */
async function retryDeferred(db: KaraDb, identity: LoadedIdentity, s: ImportSummary): Promise<void> {
  for (let progress = true; progress; ) {
    progress = false;
    for (const d of await listDeferred(db)) {
      const scratch = emptySummary();
      const r = await applyCase(db, identity, d.source, d.seq, JSON.parse(d.record) as CaseRecord, scratch);
      if (r.outcome === 'refused') continue;
      await deleteDeferred(db, d.case_id);
      await insertReceivedCase(db, { source: d.source, seq: d.seq, case_id: d.case_id, outcome: r.outcome, reason: r.reason });
      s.newCases += scratch.newCases;
      s.updatedCases += scratch.updatedCases;
      s.decisions += scratch.decisions;
      s.conflicts += scratch.conflicts;
      progress = scratch.newCases + scratch.updatedCases > 0;
    }
  }
}

/**
 * Imports a bundle: all or nothing. The same bundle twice changes nothing the second time.
 * A refusal of the bundle throws BundleRefused/SyncRefused with nothing changed; a case the
 * engine refuses is skipped alone and reported (outcome "refused" in the acknowledgement).
 */
export async function importBundle(db: KaraDb, file: string, options: { now: string; actor?: Actor | null; onProgress?: (p: { records: number; bytes: number }) => void; onManifest?: (m: Manifest) => void }): Promise<ImportResult> {
  const { identity, bundle } = await open(db, file);
  try {
    const m = bundle.manifest;
    options.onManifest?.(m);
    const source = m.source.officeId;
    const srcOffice = await findOffice(db, source);
    if (srcOffice && srcOffice.kind !== m.source.kind) throw new BundleRefused(`office ${source} is a ${srcOffice.kind} office, not ${m.source.kind}`);
    const have = await receivedSeqs(db, source);
    if (have.includes(m.seq)) {
      const prior = await findReceived(db, source, m.seq);
      if (prior && prior.manifest_sha256 !== bundle.manifestSha256) throw new BundleRefused(`bundle ${source} #${m.seq} was already imported with different contents`);
      // Still every check: a doctored copy of an imported bundle is refused, not waved through.
      await bundle.readMembers({ record: () => undefined, attachment: () => undefined });
      return { status: 'duplicate', source, seq: m.seq, summary: emptySummary(), missing: missingBefore(m.seq, have), outcomes: [] };
    }
    const s = emptySummary();
    const outcomes: ImportResult['outcomes'] = [];
    const fromCentral = m.source.kind === 'central';
    const attachmentMeta = new Map<string, Rec<'attachments'>>();
    await db.transaction().execute(async (trx) => {
      await setApplyOrigin(trx, source);
      await bundle.readMembers({
        ...(options.onProgress ? { onProgress: options.onProgress } : {}),
        record: async (entity, record) => {
          switch (entity) {
            case 'offices': {
              const o = record as Rec<'offices'>;
              if (o.id === identity.officeId) break;
              const known = await findOffice(trx, o.id);
              if (!known || fromCentral) {
                await upsertOffice(trx, { id: o.id, kind: o.kind, nameFa: o.name_fa, nameEn: o.name_en, agencyCode: o.agency_code, branchCode: o.branch_code, countyCode: o.county_code, now: options.now });
              }
              break;
            }
            case 'eligibility':
              if (fromCentral && (await upsertEligibility(trx, record as Rec<'eligibility'>))) s.referenceUpdates += 1;
              break;
            case 'parameters':
              if (fromCentral && (await updateParameterFromCentral(trx, record as Rec<'parameters'>))) s.referenceUpdates += 1;
              break;
            case 'applicants': {
              const a = record as Rec<'applicants'>;
              const clash = await trx.selectFrom('applicants').select('id').where('national_code', '=', a.national_code).where('id', '!=', a.id).executeTakeFirst();
              if (clash) throw new BundleRefused(`applicant ${a.id} has the national code of another applicant here (${clash.id}); the offices must merge them first`);
              if ((await upsertApplicant(trx, a)) !== 'unchanged') s.applicants += 1;
              break;
            }
            case 'workshops':
              if ((await upsertWorkshop(trx, record as Rec<'workshops'>)) !== 'unchanged') s.workshops += 1;
              break;
            case 'cases': {
              const r = await applyCase(trx, identity, source, m.seq, record as CaseRecord, s);
              if (r.outcome !== 'refused') await deleteDeferredIfCovered(trx, identity, record as CaseRecord);
              outcomes.push({ caseId: (record as CaseRecord).id, ...r });
              await insertReceivedCase(trx, { source, seq: m.seq, case_id: (record as CaseRecord).id, outcome: r.outcome, reason: r.reason });
              break;
            }
            case 'tickets': {
              const t = record as Rec<'tickets'>;
              if (t.case_id && !(await findCase(trx, t.case_id))) break; // its case was refused: it comes again with it
              if ((await upsertTicket(trx, { ...t, assignee_staff_id: null, decided_by_staff_id: null })) !== 'unchanged') s.tickets += 1;
              break;
            }
            case 'attachments': {
              const a = record as Rec<'attachments'>;
              attachmentMeta.set(a.sha256, a); // the bytes follow as their own members
              break;
            }
            case 'acks': {
              const a = record as Rec<'acks'>;
              if (a.source !== identity.officeId) throw new BundleRefused(`an acknowledgement in the bundle is for office ${a.source}`);
              if (await recordAck(trx, source, a.seq, a.applied_at, a.cases)) s.acks += 1;
              break;
            }
          }
        },
        attachment: async (sha256, bytes) => {
          const meta = attachmentMeta.get(sha256);
          if (await insertAttachmentIfMissing(trx, { sha256, mime: meta?.mime ?? 'application/octet-stream', size: bytes.length, bytes, created_at: meta?.created_at ?? m.createdAt })) s.attachments += 1;
        },
      });
      await retryDeferred(trx, identity, s);
      await setApplyOrigin(trx, null);
      await insertReceived(trx, {
        source, seq: m.seq, manifest_sha256: bundle.manifestSha256, created_at: m.createdAt, applied_at: options.now,
        counts: JSON.stringify(m.counts), summary: JSON.stringify(s),
      });
      await appendAudit(trx, {
        at: options.now, staffId: options.actor?.staffId ?? null, officeId: identity.officeId, action: 'sync.import', entity: 'bundle', entityId: `${source}>${identity.officeId}#${m.seq}`,
        payload: { source, seq: m.seq, manifest: bundle.manifestSha256, senderAuditHead: m.auditHead.hash, cases: s.newCases + s.updatedCases, refused: s.refusedCases, conflicts: s.conflicts },
      });
    });
    return { status: 'applied', source, seq: m.seq, summary: s, missing: missingBefore(m.seq, [...have, m.seq]), outcomes };
  } finally {
    bundle.close();
  }
}

export { SyncRefused, listFlow };
