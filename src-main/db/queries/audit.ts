import type { KaraDb } from '../connection';
import type { AuditEvents } from '../schema.generated';
import type { Selectable } from 'kysely';

export type AuditRow = Selectable<AuditEvents>;

export function lastAuditEvent(db: KaraDb) {
  return db.selectFrom('audit_events').select(['id', 'hash']).orderBy('id', 'desc').limit(1).executeTakeFirst();
}

export async function insertAuditEvent(db: KaraDb, row: Omit<AuditRow, never>): Promise<void> {
  await db.insertInto('audit_events').values(row).execute();
}

/** Reads the chain in id order, a page at a time, so checking a long log needs little memory. */
export async function* auditEventsInOrder(db: KaraDb, pageSize = 5000): AsyncGenerator<AuditRow> {
  let after = 0;
  for (;;) {
    const page = await db.selectFrom('audit_events').selectAll().where('id', '>', after).orderBy('id').limit(pageSize).execute();
    if (page.length === 0) return;
    yield* page;
    after = page[page.length - 1]!.id;
  }
}
