import { AppError, type ParsedInputOf } from '../../../src-shared/api';
import type { QueueRow, CaseDetail } from '../../../src-shared/api/queue';
import { translate } from '../../../src-shared/i18n';
import { toLatinDigits } from '../../../src-shared/domain/text';
import { DEFAULT_OVERDUE_DAYS, daysInStage, isOverdue } from '../../../src-shared/workflow/aging';
import { STAGE_INFO, transitionFor, type Action, type Stage } from '../../../src-shared/workflow/definition';
import type { Actor, HandlerContext, HandlerRegistry } from '../../api/types';
import { findCase, insertFlow, updateCaseAtVersion } from '../../db/queries/cases';
import { eligibilityOf } from '../../db/queries/cases';
import * as Q from '../../db/queries/queue';
import { ftsMatchExpression } from '../../db/sqlite/queue-search';
import { requireActor } from '../auth/handlers';
import { appendAudit } from '../audit/chain';
import { act, loadVisibleCase } from '../cases/engine';
import { actorHoldsCase } from '../cases/holder';
import { summarise } from '../cases/summary';
import { approvalCheckThresholdRials } from '../cases/parameters';
import { heldStages, scopeOf, visibleStages } from './scope';

type QueueHandlers = Pick<
  HandlerRegistry,
  | 'queue.tabs' | 'queue.list' | 'queue.caseDetail' | 'queue.bulkTake' | 'queue.assign' | 'queue.assignees' | 'queue.filterOptions'
  | 'queue.cannedReasons' | 'queue.addCannedReason' | 'queue.savedFilters' | 'queue.saveFilter' | 'queue.deleteFilter' | 'queue.dashboard'
>;

const DAY_MS = 86_400_000;

interface Cursor { k: Array<string | number | null>; i: number }

function encodeCursor(c: Cursor): string {
  return Buffer.from(JSON.stringify(c)).toString('base64url');
}

function decodeCursor(text: string | undefined): Cursor | undefined {
  if (!text) return undefined;
  try {
    const c = JSON.parse(Buffer.from(text, 'base64url').toString('utf8')) as Cursor;
    if (!Array.isArray(c.k) || typeof c.i !== 'number') throw new Error('shape');
    return c;
  } catch {
    throw new AppError('validation', 'error.validation', { field: 'cursor' });
  }
}

function toRow(r: Q.QueueRowRaw, now: Date): QueueRow {
  const stage = r.stage as Stage;
  return {
    itemId: r.item_id, caseId: r.case_id, trackingCode: r.tracking_code, applicantName: r.applicant_name ?? '', workshopName: r.workshop_name ?? '',
    countyCode: r.county_code, countyNameFa: r.county_name_fa, countyNameEn: r.county_name_en, amountRials: r.amount, stage,
    stageEnteredAt: r.stage_entered_at, daysInStage: daysInStage(r.stage_entered_at, now), overdue: isOverdue(stage, r.stage_entered_at, now),
    assigneeStaffId: r.assignee_staff_id, assigneeName: r.assignee_name, pendingAction: r.pending_action, version: r.version,
  };
}

export type SearchKind = 'tracking' | 'national' | 'mobile' | 'name';

/** What a search box entry is: 12 digits a tracking code, 10 a national code, 09… (11) a mobile, else a name. */
export function classifySearch(typed: string): { kind: SearchKind; value: string } | null {
  const compact = toLatinDigits(typed).replace(/[\s\-_/]/g, '');
  if (compact === '') return null;
  if (/^\d+$/.test(compact)) {
    if (compact.length === 11 && compact.startsWith('09')) return { kind: 'mobile', value: compact };
    if (compact.length === 10) return { kind: 'national', value: compact };
    return { kind: 'tracking', value: compact };
  }
  const match = ftsMatchExpression(typed);
  return match ? { kind: 'name', value: match } : null;
}

/** The instant before which a case entered `stage` if it is overdue now; null if the stage is never overdue. */
function overdueCutoff(stage: Stage, now: Date): string | null {
  const limit = DEFAULT_OVERDUE_DAYS[stage];
  return limit === undefined ? null : new Date(now.getTime() - (limit + 1) * DAY_MS + 1).toISOString();
}

/** Which method (and decision) carries an action, for the case page's decision panel. */
const CALL_OF: Record<string, { method: string; decision: string | null }> = {
  take_agency_review: { method: 'cases.take', decision: null },
  take_bank_review: { method: 'cases.take', decision: null },
  agency_approve: { method: 'cases.decide', decision: 'approve' },
  agency_reject: { method: 'cases.decide', decision: 'reject' },
  agency_return: { method: 'cases.decide', decision: 'return' },
  bank_approve: { method: 'cases.decide', decision: 'approve' },
  bank_reject: { method: 'cases.decide', decision: 'reject' },
  request_documents: { method: 'cases.decide', decision: 'request_documents' },
  documents_supplied: { method: 'cases.decide', decision: 'documents_supplied' },
  withdraw: { method: 'cases.withdraw', decision: null },
  disburse: { method: 'cases.disburse', decision: null },
  close: { method: 'cases.close', decision: null },
  submit: { method: 'cases.submit', decision: null },
  resubmit: { method: 'cases.submit', decision: null },
  confirm_pending: { method: 'cases.confirmPending', decision: null },
  cancel_pending: { method: 'cases.cancelPending', decision: null },
};

const REVIEW_ROLE_OF = { agency: 'agency_reviewer', branch: 'branch_officer' } as const;

async function bulk(ctx: HandlerContext, items: ParsedInputOf<'queue.bulkTake'>['items'], one: (caseId: string, version: number) => Promise<number>) {
  const results = [];
  for (const item of items) {
    try {
      results.push({ caseId: item.caseId, ok: true, message: null, version: await one(item.caseId, item.expectedVersion) });
    } catch (error) {
      // Each refusal is raised before its case is written, so the others still go through.
      if (!(error instanceof AppError)) throw error;
      results.push({ caseId: item.caseId, ok: false, message: translate(ctx.locale, error.messageKey, error.options.params as Record<string, string | number> | undefined), version: null });
    }
  }
  return { results };
}

export const queueHandlers: QueueHandlers = {
  async 'queue.tabs'(_input, ctx) {
    const actor = requireActor(ctx);
    const counts = await Q.stageCounts(ctx.db, scopeOf(actor));
    const held = heldStages(actor);
    const tabs = visibleStages(actor).map((stage) => ({ stage, count: counts.get(stage) ?? 0, held: held.includes(stage) }));
    const workable = tabs.filter((t) => t.held && !STAGE_INFO[t.stage].waitsOnApplicant);
    const defaultStage = (workable.find((t) => t.count > 0) ?? workable[0] ?? tabs[0])?.stage ?? null;
    return { tabs, defaultStage };
  },

  async 'queue.list'(input, ctx) {
    const actor = requireActor(ctx);
    const now = ctx.clock.now();
    const scope = scopeOf(actor);
    const visible = visibleStages(actor);
    const cursor = decodeCursor(input.cursor);
    const search = input.search ? classifySearch(input.search) : null;
    let rows: Q.QueueRowRaw[];
    if (search) {
      const p = { scope, visibleStages: visible, afterItemId: cursor?.i, limit: input.limit };
      if (search.kind === 'tracking') rows = await Q.searchByTrackingCode(ctx.db, search.value, p);
      else if (search.kind === 'national') rows = await Q.searchByApplicant(ctx.db, 'national_code', search.value, p);
      else if (search.kind === 'mobile') rows = await Q.searchByApplicant(ctx.db, 'mobile', search.value, p);
      else rows = await Q.searchByName(ctx.db, search.value, p);
    } else {
      const stage = input.stage ?? visible[0]!;
      if (!visible.includes(stage)) throw new AppError('forbidden', 'error.forbidden');
      const enteredBefore = input.filter.overdue ? overdueCutoff(stage, now) : undefined;
      // Overdue cases of a stage that is never overdue: none, without asking the database.
      rows = enteredBefore === null ? [] : await Q.queuePage(ctx.db, {
        scope, visibleStages: visible, stage, filter: input.filter, staffId: actor.staffId, sort: input.sort, limit: input.limit, enteredBefore,
        after: cursor ? { key: cursor.k, id: cursor.i } : undefined,
      });
    }
    const last = rows[rows.length - 1];
    let nextCursor: string | null = null;
    if (last && rows.length === input.limit) {
      const key = search ? [] : input.sort === 'age' ? [last.stage_entered_at] : input.sort === 'amount' ? [last.amount] : [last.county_code, last.stage_entered_at];
      nextCursor = encodeCursor({ k: key, i: last.item_id });
    }
    return { rows: rows.map((r) => toRow(r, now)), nextCursor, searchKind: search?.kind ?? 'none' };
  },

  async 'queue.caseDetail'(input, ctx) {
    const actor = requireActor(ctx);
    const c = await loadVisibleCase(ctx.db, actor, input.caseId);
    const d = await Q.caseDetailRow(ctx.db, c.id);
    if (!d) throw new AppError('not_found', 'error.notFound');
    const summary = summarise(c, actor, ctx.clock.now());
    const threshold = await approvalCheckThresholdRials(ctx.db);
    const offers = summary.allowedActions.map((action) => {
      const known = action === 'confirm_pending' || action === 'cancel_pending' ? null : transitionFor(action as Action);
      return {
        action,
        call: CALL_OF[action] ?? { method: 'cases.decide', decision: null },
        reasonRequired: known?.reasonRequired ?? false,
        needsSecondOfficer: known ? known.checker === 'always' || (known.checker === 'aboveApprovalThreshold' && (c.requested_amount_rials ?? 0) > threshold) : false,
      };
    });
    const flow = await Q.flowWithOffices(ctx.db, c.id);
    const attachments = await Q.attachmentsOfCase(ctx.db, c.id);
    const detail: CaseDetail = {
      summary,
      applicant: {
        firstName: d.first_name, lastName: d.last_name, fatherName: d.father_name, nationalCode: d.national_code, mobile: d.mobile,
        registryVerified: d.registry_verified_at !== null, mobileConfirmed: d.mobile_confirmed_at !== null, mobileConfirmMethod: d.mobile_confirm_method,
        rulesAcknowledged: d.rules_acknowledged_at !== null,
      },
      workshop: d.workshop_id
        ? {
            name: d.workshop_name ?? '', workshopCode: d.workshop_code, identifier: d.workshop_identifier ?? '', address: d.workshop_address ?? '',
            postalCode: d.postal_code, countyNameFa: d.county_name_fa, countyNameEn: d.county_name_en, uninsuredWorkers: d.uninsured_workers,
            eligibility: await eligibilityOf(ctx.db, d.workshop_identifier ?? ''),
          }
        : null,
      permit: { answered: c.permits_answered === 1, has: c.has_permit === null ? null : c.has_permit === 1, type: c.permit_type, number: c.permit_number, issuer: c.permit_issuer, issuedOn: c.permit_issued_on },
      activity: d.activity_code ? { code: d.activity_code, nameFa: d.activity_name_fa ?? '', nameEn: d.activity_name_en ?? '' } : null,
      agency: d.agency_code ? { code: d.agency_code, nameFa: d.agency_name_fa ?? '', nameEn: d.agency_name_en ?? '' } : null,
      institution: d.institution_code ? { code: d.institution_code, nameFa: d.institution_name_fa ?? '', nameEn: d.institution_name_en ?? '' } : null,
      branch: d.branch_code ? { code: d.branch_code, nameFa: d.branch_name_fa ?? '', nameEn: d.branch_name_en ?? '' } : null,
      credit: { state: c.credit_state, rials: c.credit_rials },
      assigneeName: d.assignee_name,
      tickets: (await Q.ticketsOfCase(ctx.db, c.id)).map((t) => ({ id: t.id, trackingNumber: t.tracking_number, kind: t.kind, status: t.status, createdAt: t.created_at })),
      attachments: attachments.map((a) => ({
        sha256: a.sha256, ticketId: a.ticket_id, fileName: a.file_name, mime: a.mime, size: a.size,
        thumbnailDataUrl: a.thumbnail ? `data:image/png;base64,${Buffer.from(a.thumbnail).toString('base64')}` : null,
      })),
      flow: flow.map((f) => ({
        id: f.id, at: f.at, staffName: f.staff_name, officeId: f.office_id, action: f.action, fromStage: f.from_stage, toStage: f.to_stage,
        reason: f.reason, officeNameFa: f.office_name_fa, officeNameEn: f.office_name_en,
      })),
      offers,
    };
    return detail;
  },

  async 'queue.bulkTake'(input, ctx) {
    const actor = requireActor(ctx);
    const action: Action = actor.officeKind === 'agency' ? 'take_agency_review' : 'take_bank_review';
    return bulk(ctx, input.items, async (caseId, expectedVersion) => (await act(ctx.db, actor, ctx.clock, { caseId, action, expectedVersion })).version);
  },

  async 'queue.assign'(input, ctx) {
    const actor = requireActor(ctx);
    if (actor.officeKind !== 'agency' && actor.officeKind !== 'branch') throw new AppError('forbidden', 'queue.assignOfficeOnly');
    const colleagues = await Q.officeStaff(ctx.db, actor.officeId, [REVIEW_ROLE_OF[actor.officeKind]]);
    const target = colleagues.find((s) => s.id === input.staffId);
    if (!target) throw new AppError('validation', 'queue.assigneeNotInOffice', { field: 'staffId' });
    const reviewStage: Stage = actor.officeKind === 'agency' ? 'agency_review' : 'bank_review';
    const now = ctx.clock.now().toISOString();
    return bulk(ctx, input.items, async (caseId, expectedVersion) => assignOne(ctx, actor, caseId, expectedVersion, reviewStage, target, now));
  },

  async 'queue.assignees'(_input, ctx) {
    const actor = requireActor(ctx);
    if (actor.officeKind !== 'agency' && actor.officeKind !== 'branch') return [];
    const rows = await Q.officeStaff(ctx.db, actor.officeId, [REVIEW_ROLE_OF[actor.officeKind]]);
    return rows.map((r) => ({ staffId: r.id, displayName: r.display_name }));
  },

  async 'queue.filterOptions'(_input, ctx) {
    const actor = requireActor(ctx);
    const counties = await Q.countiesList(ctx.db);
    const activities = await Q.activitiesOf(ctx.db, actor.officeKind === 'agency' ? actor.agencyCode : null);
    return {
      counties: counties.map((c) => ({ code: c.code, nameFa: c.name_fa, nameEn: c.name_en })),
      activities: activities.map((a) => ({ code: a.code, nameFa: a.name_fa, nameEn: a.name_en })),
    };
  },

  async 'queue.cannedReasons'(_input, ctx) {
    const actor = requireActor(ctx);
    const rows = await Q.cannedReasonsFor(ctx.db, actor.officeId);
    return rows.map((r) => ({ id: r.id, action: r.action, textFa: r.text_fa, textEn: r.text_en, officeSpecific: r.office_id !== null }));
  },

  async 'queue.addCannedReason'(input, ctx) {
    const actor = requireActor(ctx);
    const r = await Q.insertCannedReason(ctx.db, { officeId: actor.officeId, action: input.action, textFa: input.textFa, textEn: input.textEn });
    await appendAudit(ctx.db, { at: ctx.clock.now().toISOString(), staffId: actor.staffId, officeId: actor.officeId, action: 'queue.addCannedReason', entity: 'canned_reason', entityId: String(r.id) });
    return { id: r.id, action: r.action, textFa: r.text_fa, textEn: r.text_en, officeSpecific: true };
  },

  async 'queue.savedFilters'(_input, ctx) {
    const actor = requireActor(ctx);
    return (await Q.savedFiltersOf(ctx.db, actor.staffId)).flatMap((r) => {
      try {
        const parsed = JSON.parse(r.filter) as { stage: Stage; sort: 'age' | 'amount' | 'county'; filter: Record<string, unknown> };
        return [{ id: r.id, name: r.name, stage: parsed.stage, sort: parsed.sort, filter: parsed.filter }];
      } catch {
        return [];
      }
    });
  },

  async 'queue.saveFilter'(input, ctx) {
    const actor = requireActor(ctx);
    const r = await Q.upsertSavedFilter(ctx.db, { staffId: actor.staffId, name: input.name, filter: JSON.stringify({ stage: input.stage, sort: input.sort, filter: input.filter }), now: ctx.clock.now().toISOString() });
    return { id: r.id, name: r.name, stage: input.stage, sort: input.sort, filter: input.filter };
  },

  async 'queue.deleteFilter'(input, ctx) {
    const actor = requireActor(ctx);
    if (!(await Q.deleteSavedFilter(ctx.db, actor.staffId, input.id))) throw new AppError('not_found', 'error.notFound');
    return {};
  },

  async 'queue.dashboard'(_input, ctx) {
    const actor = requireActor(ctx);
    const scope = scopeOf(actor);
    const now = ctx.clock.now().getTime();
    const counts = await Q.stageCounts(ctx.db, scope);
    const byStage = visibleStages(actor).map((stage) => ({ stage, count: counts.get(stage) ?? 0 }));
    const daily = (await Q.dailyStats(ctx.db, scope, 30)).map((d) => ({ day: d.day, inflow: d.inflow, decisions: d.decisions }));
    const buckets: Array<[string, number, number | null]> = [['0-3', 0, 3], ['4-7', 4, 7], ['8-14', 8, 14], ['15-30', 15, 30], ['31+', 31, null]];
    const aging = [];
    for (const [bucket, fromDays, toDays] of buckets) {
      // daysInStage d is in [a, b] when the case entered in (now - (b + 1) days, now - a days].
      const from = toDays === null ? null : new Date(now - (toDays + 1) * DAY_MS + 1).toISOString();
      const to = new Date(now - fromDays * DAY_MS + 1).toISOString();
      let count = 0;
      for (const stage of heldStages(actor)) count += await Q.countEnteredBetween(ctx.db, scope, stage, from, to);
      aging.push({ bucket, count });
    }
    const money = (r: { code: string; name_fa: string; name_en: string; allocated_rials: number; reserved_rials: number; consumed_rials: number }) => ({
      code: r.code, nameFa: r.name_fa, nameEn: r.name_en, allocatedRials: r.allocated_rials, reservedRials: r.reserved_rials, consumedRials: r.consumed_rials,
    });
    const credit = (await Q.institutionCredit(ctx.db)).map(money);
    const branchCredit = (await Q.branchCredit(ctx.db, actor.officeKind === 'branch' ? actor.branchCode : null, 12)).map(money);
    return { byStage, daily, aging, credit, branchCredit };
  },
};

async function assignOne(ctx: HandlerContext, actor: Actor, caseId: string, expectedVersion: number, reviewStage: Stage, target: { id: number; display_name: string }, now: string): Promise<number> {
  const c = await loadVisibleCase(ctx.db, actor, caseId);
  if (c.version !== expectedVersion) throw new AppError('conflict', 'workflow.staleCase');
  if (!actorHoldsCase(actor, c)) throw new AppError('forbidden', 'workflow.notHolder');
  if (c.stage !== reviewStage) throw new AppError('refused', 'queue.assignOnlyInReview', { params: { stage: `stage.${reviewStage}` } });
  if (!(await updateCaseAtVersion(ctx.db, c.id, c.version, { assignee_staff_id: target.id, updated_at: now }))) throw new AppError('conflict', 'workflow.staleCase');
  await insertFlow(ctx.db, {
    case_id: c.id, at: now, staff_id: actor.staffId, staff_name: actor.displayName, office_id: actor.officeId, action: 'assign',
    from_stage: c.stage, to_stage: c.stage, reason: null, details: JSON.stringify({ assigneeStaffId: target.id, assigneeName: target.display_name }),
  });
  await appendAudit(ctx.db, { at: now, staffId: actor.staffId, officeId: actor.officeId, action: 'case.assign', entity: 'case', entityId: c.id, payload: { assignee: target.id, version: c.version + 1 } });
  return (await findCase(ctx.db, c.id))!.version;
}
