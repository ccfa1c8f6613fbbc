import { createHash, randomBytes } from 'node:crypto';
import type { KaraDb } from '../../db/connection';
import { endSession, findLiveSession, insertSession, touchSession } from '../../db/queries/sessions';
import { findActorRow } from '../../db/queries/staff';
import type { Actor } from '../../api/types';
import type { Role, OfficeKind } from '../../../src-shared/api';
import type { Clock } from '../clock';

/** A session ends after this long without a call (the screen locks; see the renderer). */
export const SESSION_IDLE_MS = 30 * 60 * 1000;
/** Writing last-active on every read would turn each read into a write. */
const TOUCH_EVERY_MS = 60 * 1000;

export function sessionIdOf(token: string): string {
  return createHash('sha256').update(token).digest('hex');
}

export async function startSession(db: KaraDb, staffId: number, clock: Clock): Promise<string> {
  const token = randomBytes(32).toString('base64url');
  await insertSession(db, sessionIdOf(token), staffId, clock.now().toISOString());
  return token;
}

export async function resolveSession(db: KaraDb, token: string | undefined, clock: Clock): Promise<Actor | null> {
  if (!token) return null;
  const id = sessionIdOf(token);
  const session = await findLiveSession(db, id);
  if (!session) return null;
  const now = clock.now();
  const idleFor = now.getTime() - Date.parse(session.last_active_at);
  if (idleFor > SESSION_IDLE_MS) {
    await endSession(db, id, now.toISOString());
    return null;
  }
  const row = await findActorRow(db, session.staff_id);
  if (!row || row.disabled) return null;
  if (idleFor > TOUCH_EVERY_MS) await touchSession(db, id, now.toISOString());
  return {
    staffId: row.staffId,
    username: row.username,
    displayName: row.displayName,
    role: row.role as Role,
    officeId: row.officeId,
    officeKind: row.officeKind as OfficeKind,
    officeNameFa: row.officeNameFa,
    officeNameEn: row.officeNameEn,
    agencyCode: row.agencyCode,
    branchCode: row.branchCode,
    mustChangePassword: row.mustChangePassword === 1,
    sessionId: id,
  };
}
