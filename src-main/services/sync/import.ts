// Import: a bundle is checked (signature, addressee, every size and hash, every record against
// the shared schemas) and applied in ONE transaction, or not at all. An imported decision obeys
// the same rules (holder office, role, guards, credit) as a clicked one: cases are checked a
// batch at a time against the workflow's rules with the batch's facts loaded once
// (case-batch.ts), and whatever the batch path does not decide is replayed through the engine
// as the office that made it (engine-path.ts).
import type { z } from 'zod';
import type { KaraDb } from '../../db/connection';
import type { Actor } from '../../api/types';
import type { Manifest, SyncEntity, SyncJobProgress } from '../../../src-shared/api/sync';
import { SYNC_ENTITIES } from '../../../src-shared/api/sync';
import { findOffice } from '../../db/queries/offices';
import { upsertOffices } from '../../db/queries/sync-batch';
import { findCase, listFlow } from '../../db/queries/cases';
import {
  allOffices, deferredPage, findReceived, insertAttachmentIfMissing, insertReceived, receivedSeqs, recordAck, setApplyOrigin, updateParameterFromCentral, upsertTicket,
} from '../../db/queries/sync';
import { appendAudit } from '../audit/chain';
import { deferScreenIndexes } from '../../db/sqlite/screen-indexes';
import { BundleRefused, openBundle, type OpenedBundle } from '../../sync/bundle';
import { loadIdentity, readKeysFor, SyncRefused, type LoadedIdentity } from './identity';
import type { CaseRecord, CaseResult } from './engine-path';
import { applyCases, loadImportFacts, type Bookkeeping, type CaseItem, type ImportFacts } from './case-batch';
import { applyApplicants, applyEligibility, applyWorkshops } from './record-batch';
import { applyReference, isReferenceEntity, REFERENCE_BATCH_SIZES } from './reference-batch';

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
  /** Cases (of the bundle and retried deferred ones) the engine path decided one at a time. */
  casesThroughEngine: number;
  /** The screens' indexes were dropped for the import and built again before its commit. */
  rebuiltScreenIndexes: boolean;
}

export interface VerifyResult {
  manifest: Manifest;
  records: number;
  missing: number[];
  alreadyImported: boolean;
}

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

/** Records of one entity gathered while the bundle streams, applied a batch at a time. */
const BATCH_SIZE: Partial<Record<SyncEntity, number>> = { ...REFERENCE_BATCH_SIZES, offices: 2000, eligibility: 2000, applicants: 1000, workshops: 1000, cases: 1000 };

function tally(s: ImportSummary, r: CaseResult): void {
  if (r.kind === 'new') s.newCases += 1;
  else if (r.kind === 'updated') s.updatedCases += 1;
  else if (r.kind === 'unchanged') s.unchangedCases += 1;
  else if (r.kind === 'conflict') s.conflicts += 1;
  else s.refusedCases += 1;
  s.decisions += r.decisions;
}

/**
 * Retries every deferred case until none moves: what a later bundle brought may unblock it.
 * The list is read a page at a time, in its order. Returns how many tries the engine path made.
 */
async function retryDeferred(db: KaraDb, identity: LoadedIdentity, facts: ImportFacts, s: ImportSummary, now: string, engineOnly: boolean): Promise<number> {
  let viaEngine = 0;
  for (let progress = true; progress; ) {
    progress = false;
    for (let after: { at: string; caseId: string } | null = null; ; ) {
      const page = await deferredPage(db, after, DEFERRED_PAGE);
      if (page.length === 0) break;
      after = { at: page[page.length - 1]!.at, caseId: page[page.length - 1]!.case_id };
      const items = page.map((d) => ({ source: d.source, seq: d.seq, rec: JSON.parse(d.record) as CaseRecord }));
      for (const r of await applyCases(db, identity, facts, items, { kind: 'retry' }, now, engineOnly)) {
        if (r.viaEngine) viaEngine += 1;
        if (r.outcome === 'refused') continue;
        tally(s, r);
        if (r.kind === 'new' || r.kind === 'updated') progress = true;
      }
    }
  }
  return viaEngine;
}

const DEFERRED_PAGE = 1000;

/**
 * Imports a bundle: all or nothing. The same bundle twice changes nothing the second time.
 * A refusal of the bundle throws BundleRefused/SyncRefused with nothing changed; a case the
 * engine refuses is skipped alone and reported (outcome "refused" in the acknowledgement).
 */
export interface ImportOptions {
  now: string;
  actor?: Actor | null;
  /** The bundle's records (once its manifest is checked), the records read, then the finishing phase. */
  onProgress?: (p: SyncJobProgress) => void;
  /**
   * 'engine' replays every case through the workflow engine one at a time, as imports did
   * before the batch path; the tests import the same bundles both ways and compare.
   */
  casePath?: 'batch' | 'engine';
  /**
   * 'attention' keeps only the refused and conflicting cases' outcomes in the result: the rest
   * are in sync_received_cases, and a list of every case would grow with the bundle.
   */
  outcomes?: 'all' | 'attention';
  /** The fewest incoming cases for which the screens' indexes are built again at the end (tests lower it). */
  deferIndexesFrom?: number;
}

export async function importBundle(db: KaraDb, file: string, options: ImportOptions): Promise<ImportResult> {
  const { identity, bundle } = await open(db, file);
  try {
    const m = bundle.manifest;
    options.onProgress?.({ phase: 'records', totalRecords: m.members.reduce((n, x) => n + x.records, 0) });
    const source = m.source.officeId;
    const srcOffice = await findOffice(db, source);
    if (srcOffice && srcOffice.kind !== m.source.kind) throw new BundleRefused(`office ${source} is a ${srcOffice.kind} office, not ${m.source.kind}`, 'setup');
    const have = await receivedSeqs(db, source);
    if (have.includes(m.seq)) {
      const prior = await findReceived(db, source, m.seq);
      if (prior && prior.manifest_sha256 !== bundle.manifestSha256) throw new BundleRefused(`bundle ${source} #${m.seq} was already imported with different contents`, 'conflictingCopy');
      // Still every check: a doctored copy of an imported bundle is refused, not waved through.
      await bundle.readMembers({ record: () => undefined, attachment: () => undefined, ...(options.onProgress ? { onProgress: options.onProgress } : {}) });
      return { status: 'duplicate', source, seq: m.seq, summary: emptySummary(), missing: missingBefore(m.seq, have), outcomes: [], casesThroughEngine: 0, rebuiltScreenIndexes: false };
    }
    const s = emptySummary();
    const outcomes: ImportResult['outcomes'] = [];
    const fromCentral = m.source.kind === 'central';
    const attachmentMeta = new Map<string, Rec<'attachments'>>();
    const engineOnly = options.casePath === 'engine';
    const keepAll = options.outcomes !== 'attention';
    const book: Bookkeeping = { kind: 'import', source, seq: m.seq };
    const viaEngine = { n: 0 };
    const rebuiltScreenIndexes = await db.transaction().execute(async (trx) => {
      let facts: ImportFacts | null = null;
      let pending: { entity: SyncEntity; records: unknown[] } | null = null;
      /** Applies the gathered records (before any other kind of record, and at the end). */
      const flush = async () => {
        if (!pending) return;
        const { entity, records } = pending;
        pending = null;
        if (isReferenceEntity(entity)) {
          if (fromCentral) s.referenceUpdates += await applyReference(trx, entity, records, m.seq);
        } else if (entity === 'offices') {
          // Central's word on an office wins; an office adds only those it has not heard of.
          const known = new Set((await allOffices(trx)).map((o) => o.id));
          const rows = (records as Array<Rec<'offices'>>).filter((o) => {
            const take = o.id !== identity.officeId && (fromCentral || !known.has(o.id));
            known.add(o.id);
            return take;
          });
          await upsertOffices(trx, rows.map((o) => ({ ...o, created_at: options.now })));
        } else if (entity === 'eligibility') {
          if (fromCentral) s.referenceUpdates += await applyEligibility(trx, records as Array<Rec<'eligibility'>>);
        } else if (entity === 'applicants') s.applicants += await applyApplicants(trx, records as Array<Rec<'applicants'>>);
        else if (entity === 'workshops') s.workshops += await applyWorkshops(trx, records as Array<Rec<'workshops'>>);
        else if (entity === 'cases') {
          // Offices, parameters and the rest of the reference come first in a bundle.
          facts ??= await loadImportFacts(trx);
          const items: CaseItem[] = (records as CaseRecord[]).map((rec) => ({ source, seq: m.seq, rec }));
          const results = await applyCases(trx, identity, facts, items, book, options.now, engineOnly);
          results.forEach((r, k) => {
            tally(s, r);
            if (r.viaEngine) viaEngine.n += 1;
            if (keepAll || r.outcome === 'refused' || r.outcome === 'conflict') outcomes.push({ caseId: items[k]!.rec.id, outcome: r.outcome, reason: r.reason });
          });
        }
      };
      await setApplyOrigin(trx, source);
      const incomingCases = m.members.reduce((n, x) => n + (x.entity === 'cases' ? x.records : 0), 0);
      const rebuildIndexes = await deferScreenIndexes(trx, incomingCases, options.deferIndexesFrom);
      await bundle.readMembers({
        ...(options.onProgress ? { onProgress: options.onProgress } : {}),
        record: (entity, record) => {
          const size = BATCH_SIZE[entity];
          if (size && pending?.entity === entity) {
            pending.records.push(record);
            return pending.records.length >= size ? flush() : undefined;
          }
          return flush().then(async () => {
            if (size) {
              pending = { entity, records: [record] };
              return;
            }
            switch (entity) {
              case 'parameters':
                if (fromCentral && (await updateParameterFromCentral(trx, record as Rec<'parameters'>))) s.referenceUpdates += 1;
                break;
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
                if (a.source !== identity.officeId) throw new BundleRefused(`an acknowledgement in the bundle is for office ${a.source}`, 'invalidRecord');
                if (await recordAck(trx, source, a.seq, a.applied_at, a.cases)) s.acks += 1;
                break;
              }
            }
          });
        },
        attachment: async (sha256, bytes) => {
          await flush();
          const meta = attachmentMeta.get(sha256);
          if (await insertAttachmentIfMissing(trx, { sha256, mime: meta?.mime ?? 'application/octet-stream', size: bytes.length, bytes, created_at: meta?.created_at ?? m.createdAt })) s.attachments += 1;
        },
      });
      await flush();
      // Every record is applied; what follows (and the commit) can take seconds for a large bundle.
      options.onProgress?.({ phase: 'finishing' });
      facts ??= await loadImportFacts(trx);
      viaEngine.n += await retryDeferred(trx, identity, facts, s, options.now, engineOnly);
      await setApplyOrigin(trx, null);
      await rebuildIndexes?.();
      await insertReceived(trx, {
        source, seq: m.seq, manifest_sha256: bundle.manifestSha256, created_at: m.createdAt, applied_at: options.now,
        counts: JSON.stringify(m.counts), summary: JSON.stringify(s),
      });
      await appendAudit(trx, {
        at: options.now, staffId: options.actor?.staffId ?? null, officeId: identity.officeId, action: 'sync.import', entity: 'bundle', entityId: `${source}>${identity.officeId}#${m.seq}`,
        payload: { source, seq: m.seq, manifest: bundle.manifestSha256, senderAuditHead: m.auditHead.hash, cases: s.newCases + s.updatedCases, refused: s.refusedCases, conflicts: s.conflicts },
      });
      return rebuildIndexes !== null;
    });
    return { status: 'applied', source, seq: m.seq, summary: s, missing: missingBefore(m.seq, [...have, m.seq]), outcomes, casesThroughEngine: viaEngine.n, rebuiltScreenIndexes };
  } finally {
    bundle.close();
  }
}

export { SyncRefused, listFlow };
export { replay } from './engine-path';
