// Export: everything changed since the last bundle to the target, as one signed bundle
// encrypted to the target. Never waits for a connection: it writes a file.
import type { KaraDb } from '../../db/connection';
import type { Actor } from '../../api/types';
import { findOffice } from '../../db/queries/offices';
import { lastAuditEvent } from '../../db/queries/audit';
import {
  advancePeer, allOffices, caseRoutingByIds, type CaseRouting, attachmentMetaByShas, attachmentsByShas, changedIds, eligibilityByIds, insertSent,
  insertSentCases, listPeers, markAcked, maxChangeSeq, parametersByKeys, receivedCaseCount, receivedCasesPage, ticketsByIds, unackedReceived,
} from '../../db/queries/sync';
import { applicantLinesByIds, caseLinesByIds, workshopLinesByIds } from '../../db/queries/sync-records';
import { appendAudit, GENESIS_HASH } from '../audit/chain';
import { actorMaySee } from '../cases/holder';
import { writeBundle, type MemberSource } from '../../sync/bundle';
import type { OfficeKind } from '../../../src-shared/api';
import type { z } from 'zod';
import type { syncTicketRecord, syncAckRecord } from '../../../src-shared/api/sync';
import { ACK_CASES_PER_RECORD, type SyncJobProgress } from '../../../src-shared/api/sync';
import { loadIdentity, requirePeer, SyncRefused, type LoadedIdentity } from './identity';
import { referenceMembers } from './reference-export';
import { paged, pages } from './paging';

export interface ExportResult {
  file: string;
  target: string;
  seq: number;
  counts: Record<string, number>;
  bytes: number;
  fileSha256: string;
}


/** The office a bundle goes to when none is named: an office's only peer, central. */
export async function defaultTarget(db: KaraDb, identity: LoadedIdentity): Promise<string> {
  const peers = (await listPeers(db)).filter((p) => p.trusted === 1);
  const central = peers.filter((p) => p.kind === 'central');
  if (identity.kind !== 'central' && central.length === 1) return central[0]!.office_id;
  throw new SyncRefused(identity.kind === 'central' ? 'central exports to one office at a time: name it with --to OFFICE' : 'no trusted central office: run "sync trust" with central\'s key file');
}

function pseudoActor(office: { id: string; kind: string; agency_code: string | null; branch_code: string | null }): Actor {
  return {
    staffId: 0, username: 'sync', displayName: 'sync', role: 'supervisor', officeId: office.id, officeKind: office.kind as OfficeKind,
    officeNameFa: '', officeNameEn: '', agencyCode: office.agency_code, branchCode: office.branch_code, mustChangePassword: false, sessionId: 'sync',
  };
}

export function staffUid(localOffice: string, staffId: number | null, mapped: string | null): string | null {
  if (mapped) return mapped;
  return staffId === null ? null : `${localOffice}/${staffId}`;
}

/** An acknowledgement's records (see `members`): one per page of its cases, one for a bundle without cases. */
async function ackRecords(db: KaraDb, target: string, acks: Array<{ seq: number }>, perAck: number): Promise<number> {
  let n = 0;
  for (const a of acks) n += Math.max(1, Math.ceil((await receivedCaseCount(db, target, a.seq)) / perAck));
  return n;
}

export async function exportBundle(
  db: KaraDb,
  options: {
    out: string; to?: string | undefined; now: string; actor?: Actor | null;
    /** The records to write (before the first), the records written, then the finishing phase. */
    onProgress?: (p: SyncJobProgress) => void;
    /** Cases per acknowledgement record (the format's limit; the tests split small bundles with less). */
    ackCasesPerRecord?: number;
  },
): Promise<ExportResult> {
  const identity = await loadIdentity(db);
  const targetId = options.to ?? (await defaultTarget(db, identity));
  const peer = await requirePeer(db, targetId);
  const targetOffice = await findOffice(db, targetId);
  if (!targetOffice) throw new SyncRefused(`office ${targetId} is unknown`);
  if (identity.kind !== 'central' && peer.kind !== 'central') throw new SyncRefused('an office sends bundles to central only');

  const upTo = await maxChangeSeq(db);
  const after = peer.last_change_sent;
  const viewer = pseudoActor(targetOffice);
  const routes = (c: CaseRouting) => (identity.kind === 'central' ? actorMaySee(viewer, c) : c.stage !== 'draft');

  // Which cases travel (ids only: the records are read a page at a time while writing).
  const caseIds: string[] = [];
  const sentCases: Array<{ id: string; version: number }> = [];
  const applicantIds = new Set<string>();
  const workshopIds = new Set<string>();
  for (const page of pages(await changedIds(db, 'case', after, upTo, targetId))) {
    for (const c of await caseRoutingByIds(db, page)) {
      if (!routes(c)) continue;
      caseIds.push(c.id);
      sentCases.push({ id: c.id, version: c.version });
      applicantIds.add(c.applicant_id);
      if (c.workshop_id) workshopIds.add(c.workshop_id);
    }
  }
  const routedCaseIds = new Set(caseIds);
  const ticketIds: string[] = [];
  for (const page of pages(await changedIds(db, 'ticket', after, upTo, targetId))) {
    for (const t of await ticketsByIds(db, page)) {
      const ok = identity.kind !== 'central' || t.created_office_id === targetId || (t.case_id !== null && (routedCaseIds.has(t.case_id) || (await caseRoutingByIds(db, [t.case_id])).some(routes))) || (t.agency_code !== null && t.agency_code === targetOffice.agency_code);
      if (!ok) continue;
      ticketIds.push(t.id);
      applicantIds.add(t.applicant_id);
    }
  }
  const shas = await changedIds(db, 'attachment', after, upTo, targetId);
  const reference = identity.kind === 'central';
  const eligibilityIds = reference ? await changedIds(db, 'eligibility', after, upTo, targetId) : [];
  const parameterKeys = reference ? await changedIds(db, 'parameter', after, upTo, targetId) : [];
  const referenceRows = reference ? await referenceMembers(db, { after, upTo, target: targetId, targetKind: targetOffice.kind as OfficeKind }) : { members: [], records: 0 };
  const offices = await allOffices(db);
  const acks = await unackedReceived(db, targetId);
  const perAck = Math.min(options.ackCasesPerRecord ?? ACK_CASES_PER_RECORD, ACK_CASES_PER_RECORD);
  // Counted before the first record is written, so the screen shows a fraction. Exact: no row the
  // change log names is ever deleted (nor a real branch or credit row made demo again), so each id
  // gathered above is one record; an attachment is its metadata line and its file.
  const totalRecords = referenceRows.records + offices.length + eligibilityIds.length + parameterKeys.length + applicantIds.size + workshopIds.size
    + caseIds.length + ticketIds.length + 2 * shas.length + (await ackRecords(db, targetId, acks, perAck));
  options.onProgress?.({ phase: 'records', totalRecords });
  const seq = peer.last_seq_sent + 1;
  const localOffice = identity.officeId;

  async function* members(): AsyncGenerator<MemberSource> {
    yield* referenceRows.members;
    yield { entity: 'offices', records: offices.map((o) => ({ ...o })) };
    // Records are read and written a page at a time (paging.ts).
    if (eligibilityIds.length) yield { entity: 'eligibility', pages: paged(eligibilityIds, (p) => eligibilityByIds(db, p)) };
    if (parameterKeys.length) yield { entity: 'parameters', pages: paged(parameterKeys, (p) => parametersByKeys(db, p)) };
    // The bulk of a bundle, as JSON lines the database writes (sync-records.ts).
    yield { entity: 'applicants', lines: paged([...applicantIds], (p) => applicantLinesByIds(db, p)) };
    yield { entity: 'workshops', lines: paged([...workshopIds], (p) => workshopLinesByIds(db, p)) };
    yield { entity: 'cases', lines: paged(caseIds, (p) => caseLinesByIds(db, p, localOffice)) };
    yield {
      entity: 'tickets',
      records: (async function* () {
        for (const p of pages(ticketIds)) {
          for (const t of await ticketsByIds(db, p)) {
            const rec: z.infer<typeof syncTicketRecord> = {
              id: t.id, tracking_number: t.tracking_number, applicant_id: t.applicant_id, case_id: t.case_id, workshop_identifier: t.workshop_identifier,
              kind: t.kind as 'not_found' | 'ineligible', status: t.status, description: t.description, agency_code: t.agency_code,
              created_office_id: t.created_office_id, version: t.version, created_at: t.created_at, updated_at: t.updated_at,
              claimed_workshop_code: t.claimed_workshop_code, claimed_national_code: t.claimed_national_code, claimed_mobile: t.claimed_mobile,
              status_changed_at: t.status_changed_at, decided_at: t.decided_at, decision_reason: t.decision_reason,
            };
            yield rec;
          }
        }
      })(),
    };
    if (shas.length) {
      const metas: Array<{ sha256: string; mime: string; size: number; created_at: string }> = [];
      // Metadata first (without the bytes); then each file's bytes, one at a time.
      for (const p of pages(shas)) metas.push(...(await attachmentMetaByShas(db, p)));
      yield { entity: 'attachments', records: metas };
      for (const m of metas) {
        const [a] = await attachmentsByShas(db, [m.sha256]);
        if (a) yield { entity: 'attachment', attachment: { sha256: a.sha256, bytes: a.bytes } };
      }
    }
    yield {
      entity: 'acks',
      records: (async function* () {
        for (const r of acks) {
          const counts = JSON.parse(r.counts) as Record<string, number>;
          // One record per page of cases: a 100,000-case bundle's outcomes on one line would
          // pass the readers' line limit. A bundle without cases is still acknowledged once.
          for (let after = '', first = true; ; first = false) {
            const page = await receivedCasesPage(db, targetId, r.seq, after, perAck);
            if (page.length === 0 && !first) break;
            const rec: z.infer<typeof syncAckRecord> = {
              source: targetId, seq: r.seq, applied_at: r.applied_at, counts,
              cases: page.map((c) => ({ case_id: c.case_id, outcome: c.outcome as 'accepted', reason: c.reason })),
            };
            yield rec;
            if (page.length < perAck) break;
            after = page[page.length - 1]!.case_id;
          }
        }
      })(),
    };
  }

  const head = await lastAuditEvent(db);
  const written = await writeBundle({
    out: options.out,
    source: { officeId: identity.officeId, kind: identity.kind },
    target: targetId,
    seq,
    createdAt: options.now,
    auditHead: { entries: head?.id ?? 0, hash: head?.hash ?? GENESIS_HASH },
    signingKeyDer: identity.ed25519PrivateDer,
    recipientX25519: peer.x25519_public,
    members: members(),
    ...(options.onProgress ? { onProgress: options.onProgress } : {}),
    // The bundle counts as sent only once this commits; the file appears after it.
    beforeRename: async (result) => {
      await db.transaction().execute(async (trx) => {
        const fresh = await requirePeer(trx, targetId);
        if (fresh.last_seq_sent !== peer.last_seq_sent) throw new SyncRefused('another export to this office ran at the same time; export again', 'other');
        await advancePeer(trx, targetId, seq, upTo);
        await insertSent(trx, { target: targetId, seq, created_at: options.now, file_sha256: result.fileSha256, counts: JSON.stringify(result.manifest.counts) });
        await insertSentCases(trx, targetId, seq, sentCases);
        await markAcked(trx, targetId, acks.map((a) => a.seq), seq);
        await appendAudit(trx, {
          at: options.now, staffId: options.actor?.staffId ?? null, officeId: identity.officeId, action: 'sync.export', entity: 'bundle', entityId: `${identity.officeId}>${targetId}#${seq}`,
          payload: { target: targetId, seq, sha256: result.fileSha256, cases: sentCases.length },
        });
      });
    },
  });
  return { file: options.out, target: targetId, seq, counts: written.manifest.counts, bytes: written.bytes, fileSha256: written.fileSha256 };
}
