import { createHash } from 'node:crypto';
import type { KaraDb } from '../../db/connection';
import { auditEventsInOrder, insertAuditEvent, lastAuditEvent, type AuditRow } from '../../db/queries/audit';

export const GENESIS_HASH = '0'.repeat(64);

export interface AuditEntry {
  at: string;
  staffId: number | null;
  officeId: string | null;
  action: string;
  entity: string;
  entityId?: string | null;
  outcome?: 'ok' | 'refused' | 'failed';
  /** Ids and hashes only: never a national code, a mobile or a name. */
  payload?: Record<string, string | number | boolean | null>;
}

function entryHash(prevHash: string, row: Omit<AuditRow, 'hash' | 'prev_hash'>): string {
  // The id is hashed too, so moving an entry breaks the chain as surely as editing it.
  const canonical = JSON.stringify([
    row.id, row.at, row.staff_id, row.office_id, row.action, row.entity, row.entity_id, row.outcome, row.payload,
  ]);
  return createHash('sha256').update(prevHash).update('\n').update(canonical).digest('hex');
}

/** Appends in the caller's transaction, so the entry exists exactly when the change does. */
export async function appendAudit(db: KaraDb, entry: AuditEntry): Promise<string> {
  const last = await lastAuditEvent(db);
  const prevHash = last?.hash ?? GENESIS_HASH;
  const row = {
    id: (last?.id ?? 0) + 1,
    at: entry.at,
    staff_id: entry.staffId,
    office_id: entry.officeId,
    action: entry.action,
    entity: entry.entity,
    entity_id: entry.entityId ?? null,
    outcome: entry.outcome ?? 'ok',
    payload: JSON.stringify(entry.payload ?? {}),
  };
  const hash = entryHash(prevHash, row);
  await insertAuditEvent(db, { ...row, prev_hash: prevHash, hash });
  return hash;
}

export interface ChainReport {
  ok: boolean;
  checked: number;
  head: string;
  /** The first entry whose link is broken (edited, deleted before it, or moved). */
  firstBroken?: { id: number; reason: 'hash' | 'link' | 'gap' };
}

export async function verifyAuditChain(db: KaraDb): Promise<ChainReport> {
  let prevHash = GENESIS_HASH;
  let expectedId = 1;
  let checked = 0;
  for await (const row of auditEventsInOrder(db)) {
    if (row.id !== expectedId) return { ok: false, checked, head: prevHash, firstBroken: { id: row.id, reason: 'gap' } };
    if (row.prev_hash !== prevHash) return { ok: false, checked, head: prevHash, firstBroken: { id: row.id, reason: 'link' } };
    const { hash, prev_hash: _prev, ...rest } = row;
    if (entryHash(prevHash, rest) !== hash) return { ok: false, checked, head: prevHash, firstBroken: { id: row.id, reason: 'hash' } };
    prevHash = hash;
    expectedId += 1;
    checked += 1;
  }
  return { ok: true, checked, head: prevHash };
}
