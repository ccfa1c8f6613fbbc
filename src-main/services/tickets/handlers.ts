import { randomUUID } from 'node:crypto';
import { AppError } from '../../../src-shared/api';
import { TICKET_OVERDUE_DAYS, type TicketDetail, type TicketStatus, type TicketSummary } from '../../../src-shared/api/tickets';
import { daysInStage } from '../../../src-shared/workflow/aging';
import { makeTrackingCode } from '../../../src-shared/workflow/tracking';
import { STAGE_INFO, type Stage } from '../../../src-shared/workflow/definition';
import type { Actor, HandlerContext, HandlerRegistry } from '../../api/types';
import type { KaraDb } from '../../db/connection';
import { eligibilityOf, findCase, insertEligibilityOverride, insertFlow, type CaseRow } from '../../db/queries/cases';
import { getSetting, setSetting } from '../../db/queries/offices';
import {
  applicantById, attachmentBytes, eligibilityListing, eligibilityOverrideOf, findAttachment, findTicket, insertAttachment, insertTicket,
  insertTicketEvent, isLinked, linkAttachment, listTickets, openTicketFor, ticketAttachments, ticketEvents, updateTicketAtVersion,
  workshopById, workshopByIdentifier, workshopsOfApplicant, type TicketRow, type TicketScope,
} from '../../db/queries/tickets';
import { requireActor } from '../auth/handlers';
import { appendAudit } from '../audit/chain';
import { loadVisibleCase } from '../cases/engine';
import { officeTrackingPrefix } from '../cases/tracking';
import { checkFile, decodeBase64 } from './attachments';

type TicketHandlers = Pick<
  HandlerRegistry,
  'tickets.upload' | 'tickets.filingContext' | 'tickets.file' | 'tickets.list' | 'tickets.get' | 'tickets.attachment' | 'tickets.assign' | 'tickets.decide' | 'tickets.resend'
>;

const ACTIVE: readonly TicketStatus[] = ['open', 'info_requested'];

/** T + the office's 4-digit prefix + its own ticket sequence + a check digit: unique per office without coordination. */
export async function issueTicketNumber(db: KaraDb): Promise<string> {
  const prefix = await officeTrackingPrefix(db);
  const next = Number((await getSetting(db, 'ticket_sequence')) ?? '0') + 1;
  await setSetting(db, 'ticket_sequence', String(next));
  return `T${makeTrackingCode(prefix, next)}`;
}

/** Which tickets an office sees: its agency's (routing), its own filings (intake), all (central). */
function scopeOf(actor: Actor): TicketScope {
  switch (actor.officeKind) {
    case 'central':
      return {};
    case 'intake':
      return { officeId: actor.officeId };
    case 'agency':
      return { agencyCode: actor.agencyCode ?? '\u0000' };
    case 'branch':
      return { branchCode: actor.branchCode ?? '\u0000' };
  }
}

async function maySee(db: KaraDb, actor: Actor, t: TicketRow): Promise<boolean> {
  switch (actor.officeKind) {
    case 'central':
      return true;
    case 'intake':
      return t.created_office_id === actor.officeId;
    case 'agency':
      return actor.agencyCode !== null && t.agency_code === actor.agencyCode;
    case 'branch': {
      const c = t.case_id ? await findCase(db, t.case_id) : undefined;
      return !!c && actor.branchCode !== null && c.branch_code === actor.branchCode;
    }
  }
}

async function loadVisibleTicket(db: KaraDb, actor: Actor, id: string): Promise<TicketRow> {
  const t = await findTicket(db, id);
  if (!t || !(await maySee(db, actor, t))) throw new AppError('not_found', 'error.notFound');
  return t;
}

function isReviewerOf(actor: Actor, t: TicketRow): boolean {
  return actor.role === 'agency_reviewer' && actor.agencyCode !== null && actor.agencyCode === t.agency_code;
}

function allowedActions(actor: Actor, t: TicketRow): string[] {
  const out: string[] = [];
  if (isReviewerOf(actor, t)) {
    if (t.status === 'open') {
      if (t.assignee_staff_id !== actor.staffId) out.push('take');
      if (t.assignee_staff_id === null || t.assignee_staff_id === actor.staffId) out.push('accept', 'reject', 'request_info');
    }
    if (t.assignee_staff_id === actor.staffId && ACTIVE.includes(t.status as TicketStatus)) out.push('release');
    if (ACTIVE.includes(t.status as TicketStatus)) out.push('comment');
  }
  if (actor.role === 'intake' && actor.officeId === t.created_office_id && t.status === 'info_requested') out.push('resend');
  return out;
}

function summaryOf(row: Awaited<ReturnType<typeof listTickets>>[number], now: Date): TicketSummary {
  const status = row.status as TicketStatus;
  const changed = row.status_changed_at ?? row.updated_at;
  const days = daysInStage(changed, now);
  const limit = TICKET_OVERDUE_DAYS[status];
  return {
    id: row.id,
    trackingNumber: row.tracking_number,
    kind: row.kind as TicketSummary['kind'],
    status,
    version: row.version,
    caseId: row.case_id,
    caseTrackingCode: row.case_tracking_code,
    applicantName: `${row.first_name} ${row.last_name}`.trim(),
    workshopIdentifier: row.workshop_identifier,
    agencyCode: row.agency_code,
    assigneeStaffId: row.assignee_staff_id,
    assigneeName: row.assignee_name,
    createdAt: row.created_at,
    statusChangedAt: changed,
    daysInStatus: days,
    overdue: limit !== undefined && days > limit,
    attachmentCount: Number(row.attachment_count ?? 0),
  };
}

async function detailOf(db: KaraDb, actor: Actor, t: TicketRow, now: Date): Promise<TicketDetail> {
  const [row] = await listTickets(db, {}, { id: t.id }, 1);
  const applicant = (await applicantById(db, t.applicant_id))!;
  const c = t.case_id ? await findCase(db, t.case_id) : undefined;
  const workshop = await workshopByIdentifier(db, t.applicant_id, t.workshop_identifier);
  const listed = await eligibilityListing(db, t.workshop_identifier);
  const override = await eligibilityOverrideOf(db, t.workshop_identifier);
  const files = await ticketAttachments(db, t.id);
  const events = await ticketEvents(db, t.id);
  return {
    ...summaryOf(row!, now),
    description: t.description,
    claimed: t.kind === 'not_found' && t.claimed_workshop_code
      ? { workshopCode: t.claimed_workshop_code, nationalCode: t.claimed_national_code ?? '', mobile: t.claimed_mobile ?? '' }
      : null,
    decisionReason: t.decision_reason,
    decidedAt: t.decided_at,
    applicant: { id: applicant.id, nationalCode: applicant.national_code, mobile: applicant.mobile, firstName: applicant.first_name, lastName: applicant.last_name },
    workshop: {
      identifier: t.workshop_identifier,
      name: workshop?.name ?? null,
      workshopCode: workshop?.workshop_code ?? null,
      eligibility: await eligibilityOf(db, t.workshop_identifier),
      listed: listed ? { status: listed.status, source: listed.source, updatedAt: listed.updated_at } : null,
      override: override ? { ticketId: override.ticket_id, staffName: override.staff_name, reason: override.reason, at: override.at } : null,
    },
    case: c ? { id: c.id, trackingCode: c.tracking_code, stage: c.stage as Stage, activityCode: c.activity_code } : null,
    attachments: files.map((f) => ({
      sha256: f.sha256, mime: f.mime as TicketDetail['attachments'][number]['mime'], size: f.size, fileName: f.file_name, hasThumbnail: !!f.has_thumbnail, addedAt: f.added_at,
    })),
    events: events.map((e) => {
      const details = JSON.parse(e.details) as { attachments?: string[] };
      return { id: e.id, at: e.at, staffName: e.staff_name, action: e.action, fromStatus: e.from_status, toStatus: e.to_status, message: e.message, attachments: details.attachments ?? [] };
    }),
    allowedActions: allowedActions(actor, t),
  };
}

/** One step of a ticket: its history, the case flow (stage unchanged) and the audit chain. */
async function recordStep(
  db: KaraDb,
  actor: Actor,
  t: TicketRow,
  step: { action: string; toStatus: TicketStatus; message: string | null; attachments?: string[]; now: string },
): Promise<void> {
  await insertTicketEvent(db, {
    ticket_id: t.id, at: step.now, staff_id: actor.staffId, staff_name: actor.displayName, office_id: actor.officeId,
    action: step.action, from_status: step.action === 'file' ? null : t.status, to_status: step.toStatus, message: step.message,
    details: JSON.stringify({ attachments: step.attachments ?? [] }),
  });
  if (t.case_id) {
    const c = await findCase(db, t.case_id);
    if (c) {
      await insertFlow(db, {
        case_id: c.id, at: step.now, staff_id: actor.staffId, staff_name: actor.displayName, office_id: actor.officeId,
        action: `ticket_${step.action}`, from_stage: c.stage, to_stage: c.stage, reason: step.message,
        details: JSON.stringify({ ticketId: t.id, ticketTrackingNumber: t.tracking_number, ticketStatus: step.toStatus }),
      });
    }
  }
  await appendAudit(db, {
    at: step.now, staffId: actor.staffId, officeId: actor.officeId, action: `ticket.${step.action}`, entity: 'ticket', entityId: t.id,
    payload: { from: step.action === 'file' ? null : t.status, to: step.toStatus, case: t.case_id, attachments: (step.attachments ?? []).join(',') || null },
  });
}

async function linkAll(db: KaraDb, actor: Actor, ticketId: string, files: ReadonlyArray<{ sha256: string; fileName: string }>, now: string): Promise<string[]> {
  const linked: string[] = [];
  for (const f of files) {
    if (!(await findAttachment(db, f.sha256))) throw new AppError('validation', 'tickets.attachmentMissing', { field: 'attachments' });
    if (await linkAttachment(db, { ticketId, sha256: f.sha256, fileName: f.fileName, at: now, staffId: actor.staffId })) linked.push(f.sha256);
  }
  return linked;
}

async function changeTicket(db: KaraDb, t: TicketRow, expectedVersion: number, changes: Parameters<typeof updateTicketAtVersion>[3]): Promise<void> {
  if (t.version !== expectedVersion || !(await updateTicketAtVersion(db, t.id, t.version, changes))) {
    throw new AppError('conflict', 'tickets.stale', { details: { currentVersion: t.version, status: t.status } });
  }
}

async function reload(ctx: HandlerContext, actor: Actor, id: string): Promise<TicketDetail> {
  return detailOf(ctx.db, actor, (await findTicket(ctx.db, id))!, ctx.clock.now());
}

function assertCaseOpen(c: CaseRow): void {
  if (STAGE_INFO[c.stage as Stage]?.final) throw new AppError('refused', 'tickets.caseClosed');
}

export const ticketHandlers: TicketHandlers = {
  async 'tickets.upload'(input, ctx) {
    const actor = requireActor(ctx);
    const file = await checkFile(decodeBase64(input.base64));
    const now = ctx.clock.now().toISOString();
    const stored = await insertAttachment(ctx.db, { sha256: file.sha256, mime: file.mime, size: file.bytes.length, bytes: file.bytes, thumbnail: file.thumbnail, at: now, staffId: actor.staffId });
    if (stored) {
      await appendAudit(ctx.db, { at: now, staffId: actor.staffId, officeId: actor.officeId, action: 'attachment.store', entity: 'attachment', entityId: file.sha256, payload: { mime: file.mime, size: file.bytes.length } });
    }
    return { sha256: file.sha256, mime: file.mime, size: file.bytes.length, hasThumbnail: file.thumbnail !== null, alreadyStored: !stored };
  },

  async 'tickets.filingContext'(input, ctx) {
    const actor = requireActor(ctx);
    const c = await loadVisibleCase(ctx.db, actor, input.caseId);
    const applicant = (await applicantById(ctx.db, c.applicant_id))!;
    const caseWorkshop = c.workshop_id ? await workshopById(ctx.db, c.workshop_id) : undefined;
    const seen = new Set<string>();
    const workshops = [];
    for (const w of await workshopsOfApplicant(ctx.db, c.applicant_id)) {
      if (seen.has(w.identifier)) continue;
      seen.add(w.identifier);
      workshops.push({ identifier: w.identifier, workshopCode: w.workshop_code, name: w.name, eligibility: await eligibilityOf(ctx.db, w.identifier) });
    }
    const rows = await listTickets(ctx.db, scopeOf(actor), { caseId: c.id });
    return {
      caseId: c.id,
      caseTrackingCode: c.tracking_code,
      stage: c.stage as Stage,
      agencyCode: c.agency_code,
      applicant: { id: applicant.id, nationalCode: applicant.national_code, mobile: applicant.mobile, firstName: applicant.first_name, lastName: applicant.last_name },
      caseWorkshopIdentifier: caseWorkshop?.identifier ?? null,
      caseEligibility: caseWorkshop ? await eligibilityOf(ctx.db, caseWorkshop.identifier) : 'not_found',
      workshops,
      tickets: rows.map((r) => summaryOf(r, ctx.clock.now())),
    };
  },

  async 'tickets.file'(input, ctx) {
    const actor = requireActor(ctx);
    const c = await loadVisibleCase(ctx.db, actor, input.caseId);
    if (actor.officeKind !== 'intake' || c.created_office_id !== actor.officeId) throw new AppError('forbidden', 'error.forbidden');
    assertCaseOpen(c);
    if (!c.agency_code) throw new AppError('refused', 'tickets.noAgency', { field: 'caseId' });
    const applicant = (await applicantById(ctx.db, c.applicant_id))!;

    let identifier: string;
    if (input.kind === 'ineligible') {
      const w = await workshopByIdentifier(ctx.db, c.applicant_id, input.workshopIdentifier);
      if (!w) throw new AppError('validation', 'tickets.codeNotApplicants', { field: 'workshopIdentifier' });
      if ((await eligibilityOf(ctx.db, w.identifier)) !== 'ineligible') throw new AppError('refused', 'tickets.notIneligible', { field: 'workshopIdentifier' });
      identifier = w.identifier;
    } else {
      if (input.claimed.nationalCode !== applicant.national_code) throw new AppError('validation', 'tickets.nationalCodeMismatch', { field: 'claimed.nationalCode' });
      const w = await workshopByIdentifier(ctx.db, c.applicant_id, input.claimed.workshopCode);
      if (!w) throw new AppError('validation', 'tickets.codeNotApplicants', { field: 'claimed.workshopCode' });
      if ((await eligibilityOf(ctx.db, w.identifier)) !== 'not_found') throw new AppError('refused', 'tickets.codeIsListed', { field: 'claimed.workshopCode' });
      identifier = w.identifier;
    }
    const already = await openTicketFor(ctx.db, c.id, identifier);
    if (already) throw new AppError('refused', 'tickets.alreadyOpen', { params: { tracking: already.tracking_number }, details: { ticketId: already.id } });

    const now = ctx.clock.now().toISOString();
    const id = randomUUID();
    await insertTicket(ctx.db, {
      id,
      tracking_number: await issueTicketNumber(ctx.db),
      applicant_id: c.applicant_id,
      case_id: c.id,
      workshop_identifier: identifier,
      kind: input.kind,
      status: 'open',
      description: input.explanation,
      claimed_workshop_code: input.kind === 'not_found' ? input.claimed.workshopCode : null,
      claimed_national_code: input.kind === 'not_found' ? input.claimed.nationalCode : null,
      claimed_mobile: input.kind === 'not_found' ? input.claimed.mobile : null,
      agency_code: c.agency_code,
      created_office_id: actor.officeId,
      status_changed_at: now,
      created_at: now,
      updated_at: now,
    });
    const t = (await findTicket(ctx.db, id))!;
    const linked = await linkAll(ctx.db, actor, id, input.attachments, now);
    await recordStep(ctx.db, actor, t, { action: 'file', toStatus: 'open', message: input.explanation, attachments: linked, now });
    return reload(ctx, actor, id);
  },

  async 'tickets.list'(input, ctx) {
    const actor = requireActor(ctx);
    const statuses = input.status === 'all' ? undefined : input.status === 'active' ? ACTIVE : [input.status];
    const assignee = input.assignment === 'mine' ? actor.staffId : input.assignment === 'unassigned' ? null : undefined;
    const rows = await listTickets(ctx.db, scopeOf(actor), {
      ...(statuses ? { statuses } : {}),
      ...(assignee !== undefined ? { assigneeStaffId: assignee } : {}),
      ...(input.search ? { search: input.search } : {}),
      ...(input.caseId ? { caseId: input.caseId } : {}),
      ...(input.applicantId ? { applicantId: input.applicantId } : {}),
    });
    const now = ctx.clock.now();
    const out = rows.map((r) => summaryOf(r, now));
    return input.overdueOnly ? out.filter((s) => s.overdue) : out;
  },

  async 'tickets.get'(input, ctx) {
    const actor = requireActor(ctx);
    return detailOf(ctx.db, actor, await loadVisibleTicket(ctx.db, actor, input.ticketId), ctx.clock.now());
  },

  async 'tickets.attachment'(input, ctx) {
    const actor = requireActor(ctx);
    await loadVisibleTicket(ctx.db, actor, input.ticketId);
    if (!(await isLinked(ctx.db, input.ticketId, input.sha256))) throw new AppError('not_found', 'error.notFound');
    const row = await attachmentBytes(ctx.db, input.sha256, input.variant);
    if (!row?.data) throw new AppError('not_found', 'error.notFound');
    return { mime: input.variant === 'thumbnail' ? 'image/png' : row.mime, base64: Buffer.from(row.data).toString('base64') };
  },

  async 'tickets.assign'(input, ctx) {
    const actor = requireActor(ctx);
    const t = await loadVisibleTicket(ctx.db, actor, input.ticketId);
    const allowed = allowedActions(actor, t);
    const action = input.to === 'me' ? 'take' : 'release';
    if (!allowed.includes(action)) throw new AppError('refused', 'tickets.notAllowedNow');
    const now = ctx.clock.now().toISOString();
    await changeTicket(ctx.db, t, input.expectedVersion, { assignee_staff_id: input.to === 'me' ? actor.staffId : null, updated_at: now });
    await recordStep(ctx.db, actor, t, { action, toStatus: t.status as TicketStatus, message: null, now });
    return reload(ctx, actor, t.id);
  },

  async 'tickets.decide'(input, ctx) {
    const actor = requireActor(ctx);
    const t = await loadVisibleTicket(ctx.db, actor, input.ticketId);
    if (!allowedActions(actor, t).includes(input.decision)) {
      const key = t.assignee_staff_id !== null && t.assignee_staff_id !== actor.staffId && t.status === 'open' ? 'tickets.assignedToOther' : 'tickets.notAllowedNow';
      throw new AppError('refused', key);
    }
    const text = input.message.trim();
    if (!text) throw new AppError('validation', input.decision === 'accept' || input.decision === 'reject' ? 'validation.reasonRequired' : 'validation.required', { field: 'message' });
    const now = ctx.clock.now().toISOString();
    const toStatus: TicketStatus =
      input.decision === 'accept' ? 'accepted' : input.decision === 'reject' ? 'rejected' : input.decision === 'request_info' ? 'info_requested' : (t.status as TicketStatus);
    const final = input.decision === 'accept' || input.decision === 'reject';
    await changeTicket(ctx.db, t, input.expectedVersion, {
      status: toStatus,
      ...(toStatus !== t.status ? { status_changed_at: now } : {}),
      ...(input.decision !== 'comment' ? { assignee_staff_id: final ? actor.staffId : t.assignee_staff_id } : {}),
      ...(final ? { decided_by_staff_id: actor.staffId, decided_at: now, decision_reason: text } : {}),
      updated_at: now,
    });
    if (input.decision === 'accept') {
      // The programme's own exception: this workshop counts as eligible from now on (the engine's `eligible` guard).
      await insertEligibilityOverride(ctx.db, { workshopIdentifier: t.workshop_identifier, ticketId: t.id, staffId: actor.staffId, reason: text, at: now });
    }
    await recordStep(ctx.db, actor, t, { action: input.decision, toStatus, message: text, now });
    return reload(ctx, actor, t.id);
  },

  async 'tickets.resend'(input, ctx) {
    const actor = requireActor(ctx);
    const t = await loadVisibleTicket(ctx.db, actor, input.ticketId);
    if (!allowedActions(actor, t).includes('resend')) throw new AppError('refused', 'tickets.notAllowedNow');
    const now = ctx.clock.now().toISOString();
    await changeTicket(ctx.db, t, input.expectedVersion, { status: 'open', status_changed_at: now, updated_at: now });
    const linked = await linkAll(ctx.db, actor, t.id, input.attachments, now);
    await recordStep(ctx.db, actor, t, { action: 'resend', toStatus: 'open', message: input.message, attachments: linked, now });
    return reload(ctx, actor, t.id);
  },
};
