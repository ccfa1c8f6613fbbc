// The engine path of an import: one case at a time, every incoming flow entry replayed through
// the workflow engine (act / confirmPending / cancelPending) as the office and person who made
// it, inside a savepoint. The batch path (case-batch.ts) hands it every case it does not
// decide itself (conflicts, a case seen twice, anything its in-memory replay does not cover).
import { sql } from 'kysely';
import type { z } from 'zod';
import type { KaraDb } from '../../db/connection';
import type { Actor } from '../../api/types';
import type { Clock } from '../clock';
import { AppError, type OfficeKind, type Role } from '../../../src-shared/api';
import { translate } from '../../../src-shared/i18n';
import { ACTIONS, STAGE_INFO, type Action, type Stage } from '../../../src-shared/workflow/definition';
import type { syncCaseRecord } from '../../../src-shared/api/sync';
import { findOffice } from '../../db/queries/offices';
import { findCase, insertCase, insertFlow } from '../../db/queries/cases';
import { insertStaff } from '../../db/queries/staff';
import {
  deleteDeferred, disableStaff, findRemoteStaff, flowsOfCases, findDeferred, hasOpenConflict, insertConflict, insertRemoteStaff, lastFlowId,
  mapFlowUid, upsertDeferred,
} from '../../db/queries/sync';
import { appendAudit } from '../audit/chain';
import { act, cancelPending, confirmPending } from '../cases/engine';
import { BundleRefused } from '../../sync/bundle';
import type { LoadedIdentity } from './identity';
import { staffUid } from './export';

export type CaseRecord = z.infer<typeof syncCaseRecord>;

/** What became of one incoming case (the acknowledgement's outcome, and the summary's tally). */
export interface CaseResult {
  outcome: 'accepted' | 'routed' | 'unchanged' | 'conflict' | 'refused';
  reason: string | null;
  kind: 'new' | 'updated' | 'unchanged' | 'conflict' | 'refused';
  /** Flow entries replayed (besides the creation). */
  decisions: number;
  /** Decided by the engine path (one case at a time) rather than in a batch. */
  viaEngine?: true;
}

export const ROLE_OF_KIND: Record<OfficeKind, Role> = { intake: 'intake', agency: 'agency_reviewer', branch: 'branch_officer', central: 'supervisor' };

const CONFLICT_REASON = 'changed here and there at the same time; a supervisor resolves it';

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

export async function localFlowUids(db: KaraDb, localOffice: string, caseId: string): Promise<string[]> {
  return (await flowsOfCases(db, [caseId])).map((f) => f.uid ?? `${localOffice}/${f.id}`);
}

async function localCaseFile(db: KaraDb, localOffice: string, caseId: string) {
  const c = await findCase(db, caseId);
  const flow = (await flowsOfCases(db, [caseId])).map((f) => ({ uid: f.uid ?? `${localOffice}/${f.id}`, at: f.at, office_id: f.office_id, staff: staffUid(localOffice, f.staff_id, f.staff_uid), staff_name: f.staff_name, action: f.action, to_stage: f.to_stage, reason: f.reason }));
  return { case: c, flow };
}

/** The reason a refused case is reported with (English: it travels back in the acknowledgement). */
export function refusalReason(e: AppError): string {
  return translate('en', e.messageKey, e.options.params);
}

/** Accepted here, or routed on: central passes a case on when another office holds it now. */
export function acceptedOutcome(identity: LoadedIdentity, stage: string): 'accepted' | 'routed' {
  const holder = STAGE_INFO[stage as Stage]?.holder;
  return identity.kind === 'central' && holder && holder !== 'intake' ? 'routed' : 'accepted';
}

export function duplicateEntries(rec: CaseRecord): BundleRefused | null {
  return new Set(rec.flow.map((f) => f.uid)).size !== rec.flow.length ? new BundleRefused(`case ${rec.id} lists a flow entry twice`, 'invalidRecord') : null;
}

/** One case through the engine, in a savepoint: applied whole, flagged as a conflict, or refused and deferred. */
export async function applyCaseThroughEngine(db: KaraDb, identity: LoadedIdentity, source: string, seq: number, rec: CaseRecord): Promise<CaseResult> {
  const localOffice = identity.officeId;
  const local = await findCase(db, rec.id);
  const known = new Set(local ? await localFlowUids(db, localOffice, rec.id) : []);
  const duplicate = duplicateEntries(rec);
  if (duplicate) throw duplicate;
  const incoming = new Set(rec.flow.map((f) => f.uid));
  const fresh = rec.flow.filter((f) => !known.has(f.uid));
  if (fresh.length === 0) return { outcome: 'unchanged', reason: null, kind: 'unchanged', decisions: 0, viaEngine: true };
  const localOnly = [...known].filter((u) => !incoming.has(u));
  if (local && (localOnly.length > 0 || (await hasOpenConflict(db, rec.id)))) {
    // A change made here that the sender has not seen, and one made there: keep both, flag it.
    await insertConflict(db, {
      case_id: rec.id, source, seq, created_at: rec.flow[rec.flow.length - 1]!.at,
      local_version: JSON.stringify(await localCaseFile(db, localOffice, rec.id)), remote_version: JSON.stringify(rec),
    });
    await appendAudit(db, { at: new Date().toISOString(), staffId: null, officeId: localOffice, action: 'sync.conflict', entity: 'case', entityId: rec.id, payload: { source, seq } });
    return { outcome: 'conflict', reason: CONFLICT_REASON, kind: 'conflict', decisions: 0, viaEngine: true };
  }
  const savepoint = `case_${seq}_${rec.id.replace(/\W/g, '_')}`;
  await sql.raw(`savepoint "${savepoint}"`).execute(db);
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
    for (const f of steps) await replay(db, localOffice, rec.id, f);
    await sql.raw(`release savepoint "${savepoint}"`).execute(db);
    const now = (await findCase(db, rec.id))!;
    return { outcome: acceptedOutcome(identity, now.stage), reason: null, kind: local ? 'updated' : 'new', decisions: steps.length, viaEngine: true };
  } catch (e) {
    await sql.raw(`rollback to savepoint "${savepoint}"`).execute(db);
    await sql.raw(`release savepoint "${savepoint}"`).execute(db);
    if (!(e instanceof AppError)) throw e;
    const reason = refusalReason(e);
    await upsertDeferred(db, { case_id: rec.id, source, seq, record: JSON.stringify(rec), reason, at: rec.flow[rec.flow.length - 1]!.at });
    return { outcome: 'refused', reason, kind: 'refused', decisions: 0, viaEngine: true };
  }
}

/** A deferred copy whose every entry is now applied here is done with. */
export async function deleteDeferredIfCovered(db: KaraDb, identity: LoadedIdentity, rec: CaseRecord): Promise<void> {
  const d = await findDeferred(db, rec.id);
  if (!d) return;
  const known = new Set(await localFlowUids(db, identity.officeId, rec.id));
  if ((JSON.parse(d.record) as CaseRecord).flow.every((f) => known.has(f.uid))) await deleteDeferred(db, rec.id);
}
