import type { KaraDb } from '../connection';

export async function insertSession(db: KaraDb, id: string, staffId: number, now: string): Promise<void> {
  await db.insertInto('sessions').values({ id, staff_id: staffId, created_at: now, last_active_at: now }).execute();
}

export function findLiveSession(db: KaraDb, id: string) {
  return db.selectFrom('sessions').selectAll().where('id', '=', id).where('ended_at', 'is', null).executeTakeFirst();
}

export async function touchSession(db: KaraDb, id: string, now: string): Promise<void> {
  await db.updateTable('sessions').set({ last_active_at: now }).where('id', '=', id).execute();
}

export async function endSession(db: KaraDb, id: string, now: string): Promise<void> {
  await db.updateTable('sessions').set({ ended_at: now }).where('id', '=', id).where('ended_at', 'is', null).execute();
}

export async function endSessionsOfStaff(db: KaraDb, staffId: number, now: string): Promise<void> {
  await db.updateTable('sessions').set({ ended_at: now }).where('staff_id', '=', staffId).where('ended_at', 'is', null).execute();
}
