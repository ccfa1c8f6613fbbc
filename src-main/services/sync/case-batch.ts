// The batch path of an import. A batch of incoming cases is checked in memory against the
// workflow's own rules (src-shared/workflow/replay.ts: the engine's checks, in the engine's
// order, with its refusals) using facts loaded once per batch — offices, staff, applicants,
// workshops, eligibility, credit — and the cases it accepts are written with a few multi-row
// statements. Whatever it does not decide itself goes to the engine path (engine-path.ts),
// one case at a time, in its place in the bundle's order: a conflict, a case seen twice, a
// row the engine's writes would trip over, a step it does not replay in memory.
import { createHash } from 'node:crypto';
import type { KaraDb } from '../../db/connection';
import { AppError, type OfficeKind } from '../../../src-shared/api';
import type { AmountParameters } from '../../../src-shared/domain/programme';
import { CreditLedger, ReplayUnsupported, replayEntries, type ReplayActor, type ReplayCase, type ReplayEnv, type ReplayedEntry } from '../../../src-shared/workflow/replay';
import type { CaseContextFacts } from '../../../src-shared/workflow/rules';
import { allOffices, deleteDeferred, insertReceivedCase, reopenAck, savepoint, upsertDeferred } from '../../db/queries/sync';
import {
  activityFacts, applicantFactsIn, CASE_COLUMNS, casesIn, creditRowsOf, deferredIn, deleteDeferredIn, eligibilityIn, FLOW_COLUMNS, flowUidsIn, insertMany,
  insertReceivedCases, insertRemoteStaffRows, knownFlowUids, moveCreditRows, nextFlowId, openConflictsIn, openTicketCounts, referenceCodes, remoteStaffIn,
  staffIdsIn, trackingCodesIn, updateCaseWorkflow, usernamesIn, WORKFLOW_COLUMNS, workshopFactsIn,
} from '../../db/queries/sync-batch';
import type { CaseRow } from '../../db/queries/cases';
import { appendAudit } from '../audit/chain';
import { pauseQueueTriggers, refreshQueueItems, resumeQueueTriggers } from '../../db/sqlite/queue-refresh';
import { loadAmountParameters, approvalCheckThresholdRials } from '../cases/parameters';
import {
  acceptedOutcome, applyCaseThroughEngine, deleteDeferredIfCovered, duplicateEntries, refusalReason, ROLE_OF_KIND, type CaseRecord, type CaseResult,
} from './engine-path';
import type { LoadedIdentity } from './identity';

export interface CaseItem {
  source: string;
  seq: number;
  rec: CaseRecord;
}

/** What every case of an import reads and none changes: loaded once, after the reference members. */
export interface ImportFacts {
  offices: Map<string, { id: string; kind: string; agency_code: string | null; branch_code: string | null }>;
  codes: Awaited<ReturnType<typeof referenceCodes>>;
  activities: Awaited<ReturnType<typeof activityFacts>>;
  amounts: AmountParameters;
  approvalThresholdRials: number;
}

export async function loadImportFacts(db: KaraDb): Promise<ImportFacts> {
  return {
    offices: new Map((await allOffices(db)).map((o) => [o.id, o])),
    codes: await referenceCodes(db),
    activities: await activityFacts(db),
    amounts: await loadAmountParameters(db),
    approvalThresholdRials: await approvalCheckThresholdRials(db),
  };
}

/**
 * What follows an outcome, as after each case today: an import records it for its
 * acknowledgement; a retried deferred case leaves the deferred list and its bundle's
 * acknowledgement goes again with the new outcome.
 */
export type Bookkeeping = { kind: 'import'; source: string; seq: number } | { kind: 'retry' };

/** The engine path for one case, followed by the same bookkeeping as a batch. */
async function throughEngine(db: KaraDb, identity: LoadedIdentity, item: CaseItem, book: Bookkeeping): Promise<CaseResult> {
  const r = await applyCaseThroughEngine(db, identity, item.source, item.seq, item.rec);
  if (book.kind === 'import') {
    if (r.outcome !== 'refused') await deleteDeferredIfCovered(db, identity, item.rec);
    await insertReceivedCase(db, { source: item.source, seq: item.seq, case_id: item.rec.id, outcome: r.outcome, reason: r.reason });
  } else if (r.outcome !== 'refused') {
    await deleteDeferred(db, item.rec.id);
    await insertReceivedCase(db, { source: item.source, seq: item.seq, case_id: item.rec.id, outcome: r.outcome, reason: r.reason });
    await reopenAck(db, item.source, item.seq);
  }
  return r;
}

const FIRST_WINDOW_AFTER_FALLBACK = 32;

/**
 * Applies the cases in order, as the engine path would one by one: the same outcomes, the same
 * rows. A window of cases is loaded and decided in memory until one needs the engine; what was
 * decided is written, that case goes through the engine, and the next window starts after it.
 */
export async function applyCases(db: KaraDb, identity: LoadedIdentity, facts: ImportFacts, items: readonly CaseItem[], book: Bookkeeping, now: string, engineOnly = false): Promise<CaseResult[]> {
  const results: CaseResult[] = [];
  if (engineOnly) {
    for (const item of items) results.push(await throughEngine(db, identity, item, book));
    return results;
  }
  let window = items.length;
  for (let i = 0; i < items.length; ) {
    const end = Math.min(items.length, i + window);
    const batch = await Batch.load(db, identity, facts, items.slice(i, end));
    let j = i;
    for (; j < end; j += 1) {
      const r = await batch.decide(items[j]!);
      if (!r) break;
      results.push(r);
    }
    if (!(await batch.write(book, now))) {
      // A row the batch wrote tripped a constraint: nothing of it is kept, and the engine
      // path takes its cases one by one (and fails the import where it would have failed).
      results.splice(results.length - (j - i));
      for (let k = i; k < j; k += 1) results.push(await throughEngine(db, identity, items[k]!, book));
    }
    if (j < end) {
      results.push(await throughEngine(db, identity, items[j]!, book));
      j += 1;
      window = FIRST_WINDOW_AFTER_FALLBACK;
    } else window = Math.max(window * 2, FIRST_WINDOW_AFTER_FALLBACK);
    i = j;
  }
  return results;
}

interface PlannedFlow {
  caseId: string;
  uid: string;
  at: string;
  staffId: number;
  staffName: string | null;
  officeId: string | null;
  action: string;
  fromStage: string | null;
  toStage: string;
  reason: string | null;
  details: string | ReplayedEntry['checked'];
}

interface NewStaff {
  key: string;
  placeholder: number;
  displayName: string;
  role: string;
  officeId: string;
  at: string;
}

/** The credit the window's cases can touch: their institutions' and branches' allocations. */
async function ledgerFor(db: KaraDb, incoming: readonly CaseRecord[], local: readonly CaseRow[]): Promise<CreditLedger> {
  const institutions = new Set<string>();
  const branches = new Set<string>();
  for (const c of [...incoming, ...local]) {
    if (c.institution_code) institutions.add(c.institution_code);
    if (c.branch_code) branches.add(c.branch_code);
  }
  for (const c of local) {
    if (c.credit_institution_code) institutions.add(c.credit_institution_code);
    if (c.credit_branch_code) branches.add(c.credit_branch_code);
  }
  return new CreditLedger(await creditRowsOf(db, [...institutions], [...branches]), { institutions, branches });
}

/** One window of cases: its facts, the ledger of its credit, and the rows it will write. */
class Batch {
  private readonly localFlows = new Map<string, string[]>();
  private readonly decided = new Set<string>();
  private readonly plannedUids = new Set<string>();
  private readonly plannedCodes = new Set<string>();
  private readonly newStaff: NewStaff[] = [];
  private readonly placeholders = new Map<string, number>();
  private readonly inserts: ReplayCase[] = [];
  private readonly extra = new Map<string, CaseRecord>();
  private readonly updates: Array<{ state: ReplayCase; readVersion: number }> = [];
  private readonly flows: PlannedFlow[] = [];
  private readonly refusals: Array<{ item: CaseItem; reason: string }> = [];
  private readonly outcomes: Array<{ item: CaseItem; result: CaseResult; knownAfter: Set<string> }> = [];

  private constructor(
    private readonly db: KaraDb,
    private readonly identity: LoadedIdentity,
    private readonly facts: ImportFacts,
    private readonly local: Map<string, CaseRow>,
    private readonly conflicts: Set<string>,
    private readonly tickets: Map<string, number>,
    private readonly deferred: Map<string, string>,
    private readonly remoteStaff: Map<string, number>,
    private readonly localStaff: Set<number>,
    private readonly takenUsernames: Set<string>,
    private readonly applicants: Awaited<ReturnType<typeof applicantFactsIn>>,
    private readonly workshops: Awaited<ReturnType<typeof workshopFactsIn>>,
    private readonly eligibility: Awaited<ReturnType<typeof eligibilityIn>>,
    private readonly ledger: CreditLedger,
  ) {}

  static async load(db: KaraDb, identity: LoadedIdentity, facts: ImportFacts, items: readonly CaseItem[]): Promise<Batch> {
    const localOffice = identity.officeId;
    const ids = items.map((x) => x.rec.id);
    const local = new Map((await casesIn(db, ids)).map((c) => [c.id, c]));
    const knownIds = [...local.keys()];
    const flowRows = knownIds.length ? await flowUidsIn(db, knownIds) : [];
    const keys = new Set<string>();
    for (const x of items) for (const f of x.rec.flow) if (f.office_id) keys.add(f.staff_uid ?? `${f.office_id}/unknown`);
    const localIds = [...keys].filter((k) => k.startsWith(`${localOffice}/`)).map((k) => Number(k.slice(localOffice.length + 1))).filter((n) => Number.isInteger(n));
    const applicantIds = [...items.map((x) => x.rec.applicant_id), ...[...local.values()].map((c) => c.applicant_id)];
    const workshopIds = [...items.map((x) => x.rec.workshop_id), ...[...local.values()].map((c) => c.workshop_id)].filter((w): w is string => w !== null);
    const workshops = await workshopFactsIn(db, workshopIds);
    const batch = new Batch(
      db, identity, facts, local,
      knownIds.length ? await openConflictsIn(db, knownIds) : new Set(),
      knownIds.length ? await openTicketCounts(db, knownIds) : new Map(),
      await deferredIn(db, ids),
      await remoteStaffIn(db, [...keys]),
      await staffIdsIn(db, localIds),
      await usernamesIn(db, [...keys].map((k) => `sync:${k}`)),
      await applicantFactsIn(db, applicantIds),
      workshops,
      await eligibilityIn(db, [...workshops.values()].map((w) => w.identifier)),
      await ledgerFor(db, items.map((x) => x.rec), [...local.values()]),
    );
    for (const f of flowRows) {
      const list = batch.localFlows.get(f.case_id) ?? [];
      list.push(f.uid ?? `${localOffice}/${f.id}`);
      batch.localFlows.set(f.case_id, list);
    }
    return batch;
  }

  /** The office and person who made an entry, as the engine path's actorFor resolves them. */
  private actorOf(f: CaseRecord['flow'][number]): ReplayActor {
    if (!f.office_id) throw new AppError('refused', 'sync.unknownOffice', { params: { office: '?' } });
    const office = this.facts.offices.get(f.office_id);
    if (!office) throw new AppError('refused', 'sync.unknownOffice', { params: { office: f.office_id } });
    const kind = office.kind as OfficeKind;
    const role = ROLE_OF_KIND[kind];
    return {
      staffId: this.staffIdOf(f.staff_uid ?? `${office.id}/unknown`, { displayName: f.staff_name, role, officeId: office.id, at: f.at }),
      displayName: f.staff_name ?? '', role, officeId: office.id, officeKind: kind, agencyCode: office.agency_code, branchCode: office.branch_code,
    };
  }

  /** A member of staff here, or a placeholder for the disabled row the write will add. */
  private staffIdOf(key: string, seen: { displayName: string | null; role: string; officeId: string; at: string }): number {
    const localOffice = this.identity.officeId;
    if (key.startsWith(`${localOffice}/`)) {
      const local = Number(key.slice(localOffice.length + 1));
      if (Number.isInteger(local) && this.localStaff.has(local)) return local;
    }
    const known = this.remoteStaff.get(key) ?? this.placeholders.get(key);
    if (known !== undefined) return known;
    if (this.takenUsernames.has(`sync:${key}`)) throw new ReplayUnsupported(`a member of staff is already called sync:${key}`);
    const placeholder = -(this.newStaff.length + 1);
    this.placeholders.set(key, placeholder);
    this.newStaff.push({ key, placeholder, displayName: seen.displayName ?? key, role: seen.role, officeId: seen.officeId, at: seen.at });
    return placeholder;
  }

  private contextOf(c: { applicant_id: string; workshop_id: string | null; activity_code: string | null }): CaseContextFacts | undefined {
    const a = this.applicants.get(c.applicant_id);
    if (!a) return undefined;
    const w = c.workshop_id ? this.workshops.get(c.workshop_id) : undefined;
    const act = c.activity_code ? this.facts.activities.get(c.activity_code) : undefined;
    return {
      registry_verified_at: a.registry_verified_at, mobile_confirmed_at: a.mobile_confirmed_at, rules_acknowledged_at: a.rules_acknowledged_at,
      workshop_identifier: w?.identifier ?? null, workshop_name: w?.name ?? null, workshop_county: w?.county_code ?? null,
      workshop_postal_code: w?.postal_code ?? null, uninsured_workers: w?.uninsured_workers ?? null,
      is_driver: act?.is_driver ?? null, ordered_closed: act?.ordered_closed ?? null,
    };
  }

  /**
   * Would inserting this case trip a foreign key? The engine path inserts a new case before it
   * replays a step, so it fails the import even for a case its steps would refuse.
   */
  private insertWouldFail(rec: CaseRecord): boolean {
    const { offices, codes, activities } = this.facts;
    return !this.applicants.has(rec.applicant_id) || (rec.workshop_id !== null && !this.workshops.has(rec.workshop_id))
      || !offices.has(rec.created_office_id) || (rec.activity_code !== null && !activities.has(rec.activity_code))
      || (rec.agency_code !== null && !codes.agencies.has(rec.agency_code)) || (rec.institution_code !== null && !codes.institutions.has(rec.institution_code))
      || (rec.branch_code !== null && !codes.branches.has(rec.branch_code));
  }

  /**
   * A refused case writes nothing here, but on its way to the refusal the engine path would
   * have written its tracking code and flow uids: if one is taken, the engine path decides.
   * (An accepted case's rows meet the same constraints when the batch writes them.)
   */
  private async refusalWouldFail(rec: CaseRecord, fresh: readonly { uid: string }[], isNew: boolean): Promise<boolean> {
    if (fresh.some((f) => this.plannedUids.has(f.uid))) return true;
    if ((await knownFlowUids(this.db, fresh.map((f) => f.uid))).size > 0) return true;
    if (!isNew || rec.tracking_code === null) return false;
    return this.plannedCodes.has(rec.tracking_code) || (await trackingCodesIn(this.db, [rec.tracking_code])).size > 0;
  }

  /** The case's outcome, or null when the engine path must take it. */
  async decide(item: CaseItem): Promise<CaseResult | null> {
    const { rec } = item;
    if (this.decided.has(rec.id)) return null; // the second copy sees the first one's rows
    const local = this.local.get(rec.id);
    const known = new Set(local ? this.localFlows.get(rec.id) ?? [] : []);
    const duplicate = duplicateEntries(rec);
    if (duplicate) throw duplicate;
    const incoming = new Set(rec.flow.map((f) => f.uid));
    const fresh = rec.flow.filter((f) => !known.has(f.uid));
    if (fresh.length === 0) return this.done(item, { outcome: 'unchanged', reason: null, kind: 'unchanged', decisions: 0 }, known);
    if (local && ([...known].some((u) => !incoming.has(u)) || this.conflicts.has(rec.id))) return null; // a conflict: the engine path records it
    if (!local && this.insertWouldFail(rec)) return null;

    const ledgerMark = this.ledger.mark();
    const staffMark = this.newStaff.length;
    const flows: PlannedFlow[] = [];
    let steps = fresh;
    try {
      let start: ReplayCase;
      if (!local) {
        const first = rec.flow[0]!;
        if (first.action !== 'create' || first.to_stage !== 'draft' || first.from_stage !== null) throw new AppError('refused', 'sync.caseWithoutCreate');
        const creator = this.actorOf(first);
        start = {
          id: rec.id, stage: 'draft', version: 1, created_office_id: rec.created_office_id, agency_code: rec.agency_code, branch_code: rec.branch_code,
          institution_code: rec.institution_code, activity_code: rec.activity_code, permits_answered: rec.permits_answered, requested_amount_rials: rec.requested_amount_rials,
          tracking_code: rec.tracking_code, credit_state: 'none', credit_rials: 0, credit_branch_code: null, credit_institution_code: null, assignee_staff_id: null,
          pending_action: null, pending_by_staff_id: null, pending_reason: null, pending_at: null, stage_entered_at: first.at, submitted_at: null,
          reached_branch_at: null, updated_at: first.at,
        };
        flows.push({
          caseId: rec.id, uid: first.uid, at: first.at, staffId: creator.staffId, staffName: first.staff_name, officeId: first.office_id, action: 'create',
          fromStage: null, toStage: 'draft', reason: first.reason, details: first.details,
        });
        steps = fresh.filter((f) => f.uid !== first.uid);
      } else start = local;
      const caseFacts = local ?? rec;
      const env: ReplayEnv<CaseRecord['flow'][number]> = {
        actorOf: (f) => this.actorOf(f),
        guards: {
          context: () => this.contextOf(caseFacts),
          eligibility: (identifier) => this.eligibility.get(identifier) ?? 'not_found',
          amountParameters: () => this.facts.amounts,
          openTickets: () => (local ? this.tickets.get(rec.id) ?? 0 : 0),
        },
        credit: this.ledger,
        approvalThresholdRials: this.facts.approvalThresholdRials,
      };
      const { state, written } = await replayEntries(start, steps, env);
      written.forEach((w, k) => flows.push({
        caseId: rec.id, uid: steps[k]!.uid, at: w.at, staffId: w.staffId, staffName: w.staffName, officeId: w.officeId, action: w.action,
        fromStage: w.fromStage, toStage: w.toStage, reason: w.reason, details: w.checked,
      }));
      if (local) this.updates.push({ state, readVersion: local.version });
      else {
        this.inserts.push(state);
        this.extra.set(rec.id, rec);
        if (rec.tracking_code !== null) this.plannedCodes.add(rec.tracking_code);
      }
      this.flows.push(...flows);
      for (const f of flows) this.plannedUids.add(f.uid);
      this.decided.add(rec.id);
      const result: CaseResult = { outcome: acceptedOutcome(this.identity, state.stage), reason: null, kind: local ? 'updated' : 'new', decisions: steps.length };
      return this.done(item, result, new Set([...known, ...incoming]));
    } catch (e) {
      this.ledger.rollback(ledgerMark);
      for (const s of this.newStaff.splice(staffMark)) this.placeholders.delete(s.key);
      if (!(e instanceof AppError)) return null; // the engine path decides (and fails the import if it must)
      if (await this.refusalWouldFail(rec, fresh, !local)) return null;
      const reason = refusalReason(e);
      this.refusals.push({ item, reason });
      this.decided.add(rec.id);
      return this.done(item, { outcome: 'refused', reason, kind: 'refused', decisions: 0 }, known);
    }
  }

  private done(item: CaseItem, result: CaseResult, knownAfter: Set<string>): CaseResult {
    this.decided.add(item.rec.id);
    this.outcomes.push({ item, result, knownAfter });
    return result;
  }

  /**
   * Writes what the window decided — staff, cases, flow, credit, deferrals, outcomes, one audit
   * entry — or, if a statement fails, nothing (false).
   */
  async write(book: Bookkeeping, now: string): Promise<boolean> {
    if (this.outcomes.length === 0) return true;
    await savepoint(this.db, 'begin');
    try {
      await this.writeAll(book, now);
    } catch (e) {
      await savepoint(this.db, 'undo');
      if (e instanceof Error && 'code' in e && String((e as { code: unknown }).code).startsWith('SQLITE_CONSTRAINT')) return false;
      throw e;
    }
    await savepoint(this.db, 'keep');
    return true;
  }

  private async writeAll(book: Bookkeeping, now: string): Promise<void> {
    const db = this.db;
    const staffIds = this.newStaff.length
      ? await insertRemoteStaffRows(db, this.newStaff.map((s) => ({ uid: s.key, username: `sync:${s.key}`, display_name: s.displayName, role: s.role, office_id: s.officeId, at: s.at })))
      : new Map<string, number>();
    const real = new Map(this.newStaff.map((s) => [s.placeholder, staffIds.get(s.key)!]));
    const staff = (id: number | null) => (id !== null && id < 0 ? real.get(id)! : id);

    // A thousand cases' read side is refreshed in a few statements instead of per row.
    await pauseQueueTriggers(db);
    await insertMany(db, 'cases', CASE_COLUMNS, this.inserts.map((c) => {
      const rec = this.extra.get(c.id)!;
      return {
        ...c, assignee_staff_id: staff(c.assignee_staff_id), pending_by_staff_id: staff(c.pending_by_staff_id), applicant_id: rec.applicant_id,
        workshop_id: rec.workshop_id, has_permit: rec.has_permit, permit_type: rec.permit_type, permit_number: rec.permit_number, permit_issuer: rec.permit_issuer,
        permit_issued_on: rec.permit_issued_on, duplicate_reason: rec.duplicate_reason, created_at: rec.created_at,
      };
    }));
    for (const u of this.updates) {
      const row = Object.fromEntries(WORKFLOW_COLUMNS.map((k) => [k, u.state[k]])) as Record<(typeof WORKFLOW_COLUMNS)[number], unknown>;
      row.assignee_staff_id = staff(u.state.assignee_staff_id);
      row.pending_by_staff_id = staff(u.state.pending_by_staff_id);
      if (!(await updateCaseWorkflow(db, u.state.id, u.readVersion, row))) throw new Error(`case ${u.state.id} changed during its import`);
    }
    let id = this.flows.length ? await nextFlowId(db) : 0;
    const flowRows = this.flows.map((f) => ({
      id: id++, case_id: f.caseId, at: f.at, staff_id: staff(f.staffId), staff_name: f.staffName, office_id: f.officeId, action: f.action,
      from_stage: f.fromStage, to_stage: f.toStage, reason: f.reason,
      details: typeof f.details === 'string' ? f.details : JSON.stringify(f.details ? { makerStaffId: staff(f.details.makerStaffId), checkerStaffId: staff(f.details.checkerStaffId) } : {}),
    }));
    await insertMany(db, 'case_flow', FLOW_COLUMNS, flowRows);
    await insertMany(db, 'sync_flow_origin', ['flow_id', 'uid'], flowRows.map((f, k) => ({ flow_id: f.id, uid: this.flows[k]!.uid })));
    await refreshQueueItems(db, [...this.inserts.map((c) => c.id), ...this.updates.map((u) => u.state.id)], flowRows.length ? { first: flowRows[0]!.id, last: flowRows.at(-1)!.id } : null);
    await resumeQueueTriggers(db);
    await moveCreditRows(db, this.ledger.changes());
    this.ledger.settle();

    for (const { item, reason } of this.refusals) {
      await upsertDeferred(db, { case_id: item.rec.id, source: item.source, seq: item.seq, record: JSON.stringify(item.rec), reason, at: item.rec.flow[item.rec.flow.length - 1]!.at });
    }
    const applied = this.outcomes.filter((o) => o.result.outcome !== 'refused');
    if (book.kind === 'import') {
      const covered = applied.filter((o) => {
        const d = this.deferred.get(o.item.rec.id);
        return d !== undefined && (JSON.parse(d) as CaseRecord).flow.every((f) => o.knownAfter.has(f.uid));
      });
      await deleteDeferredIn(db, covered.map((o) => o.item.rec.id));
      await insertReceivedCases(db, this.outcomes.map((o) => ({ source: o.item.source, seq: o.item.seq, case_id: o.item.rec.id, outcome: o.result.outcome, reason: o.result.reason })));
    } else {
      await deleteDeferredIn(db, applied.map((o) => o.item.rec.id));
      await insertReceivedCases(db, applied.map((o) => ({ source: o.item.source, seq: o.item.seq, case_id: o.item.rec.id, outcome: o.result.outcome, reason: o.result.reason })));
      for (const key of new Set(applied.map((o) => `${o.item.source}\u0000${o.item.seq}`))) {
        const [source, seq] = key.split('\u0000') as [string, string];
        await reopenAck(db, source, Number(seq));
      }
    }
    await this.audit(book, flowRows, now);
  }

  /**
   * One entry for the window instead of one per replayed step: the flow rows themselves say
   * who decided what where; the entry binds them to the chain with their digest.
   */
  private async audit(book: Bookkeeping, flowRows: Array<{ id: number; case_id: string; action: string; to_stage: string; at: string }>, now: string): Promise<void> {
    const digest = createHash('sha256');
    for (const [k, f] of flowRows.entries()) digest.update(`${f.id}\t${f.case_id}\t${this.flows[k]!.uid}\t${f.action}\t${f.to_stage}\t${f.at}\n`);
    const count = (kind: CaseResult['kind']) => this.outcomes.filter((o) => o.result.kind === kind).length;
    const first = this.outcomes[0]!.item;
    await appendAudit(this.db, {
      at: now, staffId: null, officeId: this.identity.officeId, action: 'sync.applyCases', entity: 'bundle',
      entityId: book.kind === 'import' ? `${book.source}>${this.identity.officeId}#${book.seq}` : `${first.source}>${this.identity.officeId}#${first.seq}`,
      payload: {
        retried: book.kind === 'retry', cases: this.outcomes.length, new: count('new'), updated: count('updated'), unchanged: count('unchanged'), refused: count('refused'),
        flowRows: flowRows.length, firstFlowId: flowRows[0]?.id ?? null, lastFlowId: flowRows.at(-1)?.id ?? null, flowSha256: digest.digest('hex'),
      },
    });
  }
}

