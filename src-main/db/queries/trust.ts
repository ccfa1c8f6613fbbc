import { sql } from 'kysely';
import type { KaraDb } from '../connection';
import type { AuditRow } from './audit';

export async function endAllSessions(db: KaraDb, now: string): Promise<void> {
  await db.updateTable('sessions').set({ ended_at: now }).where('ended_at', 'is', null).execute();
}

export interface AuditFilter {
  fromAt?: string | undefined;
  toAt?: string | undefined;
  action?: string | undefined;
  staffId?: number | undefined;
  officeId?: string | undefined;
  outcome?: string | undefined;
  entityId?: string | undefined;
}

/** Newest first, `limit` rows with id below `beforeId`. */
export function listAuditEvents(db: KaraDb, filter: AuditFilter, page: { beforeId?: number | undefined; limit: number }): Promise<Array<AuditRow & { staff_username: string | null }>> {
  let q = db
    .selectFrom('audit_events as a')
    .leftJoin('staff as s', 's.id', 'a.staff_id')
    .selectAll('a')
    .select('s.username as staff_username');
  if (filter.fromAt) q = q.where('a.at', '>=', filter.fromAt);
  if (filter.toAt) q = q.where('a.at', '<', filter.toAt);
  if (filter.action) q = q.where(sql<string>`substr(a.action, 1, ${filter.action.length})`, '=', filter.action);
  if (filter.staffId !== undefined) q = q.where('a.staff_id', '=', filter.staffId);
  if (filter.officeId) q = q.where('a.office_id', '=', filter.officeId);
  if (filter.outcome) q = q.where('a.outcome', '=', filter.outcome);
  if (filter.entityId) q = q.where('a.entity_id', '=', filter.entityId);
  if (page.beforeId !== undefined) q = q.where('a.id', '<', page.beforeId);
  return q.orderBy('a.id', 'desc').limit(page.limit).execute();
}

export async function distinctAuditActions(db: KaraDb): Promise<string[]> {
  const rows = await db.selectFrom('audit_events').select('action').distinct().orderBy('action').execute();
  return rows.map((r) => r.action);
}
