import { randomInt } from 'node:crypto';
import type { KaraDb } from '../../db/connection';
import { getSetting, setSetting } from '../../db/queries/offices';
import { makeTrackingCode } from '../../../src-shared/workflow/tracking';

/**
 * The office's prefix is assigned when central provisions it (`office init`). An office not
 * yet provisioned draws a provisional one once and keeps it.
 */
export async function officeTrackingPrefix(db: KaraDb): Promise<number> {
  const stored = await getSetting(db, 'tracking_prefix');
  if (stored) return Number(stored);
  const drawn = randomInt(1000, 10000);
  await setSetting(db, 'tracking_prefix', String(drawn));
  await setSetting(db, 'tracking_prefix_provisional', '1');
  return drawn;
}

/** Next code from this office's sequence; runs inside the submitting command's transaction. */
export async function issueTrackingCode(db: KaraDb): Promise<string> {
  const prefix = await officeTrackingPrefix(db);
  const next = Number((await getSetting(db, 'tracking_sequence')) ?? '0') + 1;
  await setSetting(db, 'tracking_sequence', String(next));
  return makeTrackingCode(prefix, next);
}
