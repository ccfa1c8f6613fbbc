import { sql, type Insertable, type Selectable, type Updateable } from 'kysely';
import type { KaraDb } from '../connection';
import type { TicketEvents, Tickets } from '../schema.generated';

export type TicketRow = Selectable<Tickets>;

export function findAttachment(db: KaraDb, sha256: string) {
  return db.selectFrom('attachments').select(['sha256', 'mime', 'size']).where('sha256', '=', sha256).executeTakeFirst();
}

export function attachmentBytes(db: KaraDb, sha256: string, variant: 'original' | 'thumbnail') {
  return variant === 'original'
    ? db.selectFrom('attachments').select(['mime', 'bytes as data']).where('sha256', '=', sha256).executeTakeFirst()
    : db.selectFrom('attachments').select(['mime', 'thumbnail as data']).where('sha256', '=', sha256).executeTakeFirst();
}

/** Stores a blob once: a second upload of the same bytes changes nothing. Returns whether it was new. */
export async function insertAttachment(db: KaraDb, row: { sha256: string; mime: string; size: number; bytes: Buffer; thumbnail: Buffer | null; at: string; staffId: number }): Promise<boolean> {
  const result = await db
    .insertInto('attachments')
    .values({ sha256: row.sha256, mime: row.mime, size: row.size, bytes: row.bytes, thumbnail: row.thumbnail, created_at: row.at, created_by_staff_id: row.staffId })
    .onConflict((oc) => oc.column('sha256').doNothing())
    .executeTakeFirst();
  return Number(result.numInsertedOrUpdatedRows ?? 0n) === 1;
}

export async function linkAttachment(db: KaraDb, row: { ticketId: string; sha256: string; fileName: string; at: string; staffId: number }): Promise<boolean> {
  const result = await db
    .insertInto('ticket_attachments')
    .values({ ticket_id: row.ticketId, sha256: row.sha256, file_name: row.fileName, added_at: row.at, added_by_staff_id: row.staffId })
    .onConflict((oc) => oc.columns(['ticket_id', 'sha256']).doNothing())
    .executeTakeFirst();
  return Number(result.numInsertedOrUpdatedRows ?? 0n) === 1;
}

export function ticketAttachments(db: KaraDb, ticketId: string) {
  return db
    .selectFrom('ticket_attachments as ta')
    .innerJoin('attachments as a', 'a.sha256', 'ta.sha256')
    .select(['a.sha256', 'a.mime', 'a.size', 'ta.file_name', 'ta.added_at', (eb) => eb('a.thumbnail', 'is not', null).as('has_thumbnail')])
    .where('ta.ticket_id', '=', ticketId)
    .orderBy('ta.added_at')
    .orderBy('ta.file_name')
    .execute();
}

export async function isLinked(db: KaraDb, ticketId: string, sha256: string): Promise<boolean> {
  return !!(await db.selectFrom('ticket_attachments').select('sha256').where('ticket_id', '=', ticketId).where('sha256', '=', sha256).executeTakeFirst());
}

export async function insertTicket(db: KaraDb, row: Insertable<Tickets>): Promise<void> {
  await db.insertInto('tickets').values(row).execute();
}

export function findTicket(db: KaraDb, id: string) {
  return db.selectFrom('tickets').selectAll().where('id', '=', id).executeTakeFirst();
}

export async function updateTicketAtVersion(db: KaraDb, id: string, version: number, changes: Updateable<Tickets>): Promise<boolean> {
  const result = await db.updateTable('tickets').set({ ...changes, version: version + 1 }).where('id', '=', id).where('version', '=', version).executeTakeFirst();
  return Number(result.numUpdatedRows) === 1;
}

export async function insertTicketEvent(db: KaraDb, row: Insertable<TicketEvents>): Promise<void> {
  await db.insertInto('ticket_events').values(row).execute();
}

export function ticketEvents(db: KaraDb, ticketId: string) {
  return db.selectFrom('ticket_events').selectAll().where('ticket_id', '=', ticketId).orderBy('id').execute();
}

export async function openTicketFor(db: KaraDb, caseId: string, workshopIdentifier: string) {
  return db
    .selectFrom('tickets')
    .select(['id', 'tracking_number'])
    .where('case_id', '=', caseId)
    .where('workshop_identifier', '=', workshopIdentifier)
    .where('status', 'in', ['open', 'info_requested'])
    .executeTakeFirst();
}

export interface TicketScope {
  agencyCode?: string;
  officeId?: string;
  branchCode?: string;
}

export interface TicketFilter {
  id?: string;
  statuses?: readonly string[];
  assigneeStaffId?: number | null;
  search?: string;
  caseId?: string;
  applicantId?: string;
}

/** A queue page: the scope is the caller's office; newest status change last waits longest first. */
export function listTickets(db: KaraDb, scope: TicketScope, filter: TicketFilter, limit = 500) {
  let q = db
    .selectFrom('tickets as t')
    .innerJoin('applicants as a', 'a.id', 't.applicant_id')
    .leftJoin('cases as c', 'c.id', 't.case_id')
    .leftJoin('staff as s', 's.id', 't.assignee_staff_id')
    .select([
      't.id', 't.tracking_number', 't.kind', 't.status', 't.version', 't.case_id', 'c.tracking_code as case_tracking_code',
      'a.first_name', 'a.last_name', 't.workshop_identifier', 't.agency_code', 't.assignee_staff_id', 's.display_name as assignee_name',
      't.created_at', 't.status_changed_at', 't.updated_at',
      (eb) => eb.selectFrom('ticket_attachments as ta').select((e) => e.fn.countAll<number>().as('n')).whereRef('ta.ticket_id', '=', 't.id').as('attachment_count'),
    ]);
  if (scope.agencyCode !== undefined) q = q.where('t.agency_code', '=', scope.agencyCode);
  if (scope.officeId !== undefined) q = q.where('t.created_office_id', '=', scope.officeId);
  if (scope.branchCode !== undefined) q = q.where('c.branch_code', '=', scope.branchCode);
  if (filter.statuses) q = q.where('t.status', 'in', [...filter.statuses]);
  if (filter.assigneeStaffId === null) q = q.where('t.assignee_staff_id', 'is', null);
  else if (filter.assigneeStaffId !== undefined) q = q.where('t.assignee_staff_id', '=', filter.assigneeStaffId);
  if (filter.id) q = q.where('t.id', '=', filter.id);
  if (filter.caseId) q = q.where('t.case_id', '=', filter.caseId);
  if (filter.applicantId) q = q.where('t.applicant_id', '=', filter.applicantId);
  if (filter.search) {
    const term = filter.search;
    q = q.where((eb) =>
      eb.or([
        eb('t.tracking_number', '=', term),
        eb('c.tracking_code', '=', term),
        eb('a.national_code', '=', term),
        eb('t.workshop_identifier', '=', term),
        eb('t.claimed_workshop_code', '=', term),
        eb(sql<number>`instr(${eb.ref('a.first_name')} || ' ' || ${eb.ref('a.last_name')}, ${term})`, '>', 0),
      ]),
    );
  }
  return q.orderBy('t.status_changed_at').orderBy('t.id').limit(limit).execute();
}

export function applicantById(db: KaraDb, id: string) {
  return db.selectFrom('applicants').select(['id', 'national_code', 'mobile', 'first_name', 'last_name']).where('id', '=', id).executeTakeFirst();
}

export function workshopsOfApplicant(db: KaraDb, applicantId: string) {
  return db
    .selectFrom('workshops')
    .select(['id', 'identifier', 'workshop_code', 'name', 'created_at'])
    .where('applicant_id', '=', applicantId)
    .orderBy('created_at')
    .execute();
}

export function workshopById(db: KaraDb, id: string) {
  return db.selectFrom('workshops').select(['id', 'identifier', 'workshop_code', 'name']).where('id', '=', id).executeTakeFirst();
}

export function workshopByIdentifier(db: KaraDb, applicantId: string, identifier: string) {
  return db.selectFrom('workshops').select(['id', 'identifier', 'workshop_code', 'name']).where('applicant_id', '=', applicantId).where('identifier', '=', identifier).executeTakeFirst();
}

export function eligibilityListing(db: KaraDb, identifier: string) {
  return db.selectFrom('eligibility_list').select(['status', 'source', 'updated_at']).where('workshop_identifier', '=', identifier).executeTakeFirst();
}

export function eligibilityOverrideOf(db: KaraDb, identifier: string) {
  return db
    .selectFrom('eligibility_overrides as o')
    .leftJoin('staff as s', 's.id', 'o.staff_id')
    .select(['o.ticket_id', 'o.reason', 'o.at', 's.display_name as staff_name'])
    .where('o.workshop_identifier', '=', identifier)
    .executeTakeFirst();
}
