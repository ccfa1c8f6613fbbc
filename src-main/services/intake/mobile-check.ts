import { createHmac, randomBytes, randomInt, timingSafeEqual } from 'node:crypto';
import { AppError } from '../../../src-shared/api';
import { toLatinDigits } from '../../../src-shared/domain/text';
import type { KaraDb } from '../../db/connection';
import type { Actor } from '../../api/types';
import type { CaseRow } from '../../db/queries/cases';
import { countMobileVerifications, insertMobileVerification, latestMobileVerification, updateMobileVerification } from '../../db/queries/intake';
import { appendAudit } from '../audit/chain';
import { smsSender } from './sms';

/** A code lives 5 minutes; 5 wrong readings spend it; a case may be sent 5 codes in all. */
export const CODE_TTL_MS = 5 * 60_000;
export const MAX_ATTEMPTS_PER_CODE = 5;
export const MAX_SENDS_PER_CASE = 5;

function hashCode(code: string, salt: string): string {
  return createHmac('sha256', salt).update(code).digest('hex');
}

export interface CodeState {
  pending: boolean;
  expiresAt: string | null;
  attemptsLeft: number;
  sendsLeft: number;
}

export async function mobileCodeState(db: KaraDb, caseId: string, now: Date): Promise<CodeState> {
  const last = await latestMobileVerification(db, caseId);
  const sends = await countMobileVerifications(db, caseId);
  const live = !!last && !last.confirmed_at && last.attempts < MAX_ATTEMPTS_PER_CODE && new Date(last.expires_at) > now;
  return {
    pending: live,
    expiresAt: live ? last!.expires_at : null,
    attemptsLeft: live ? MAX_ATTEMPTS_PER_CODE - last!.attempts : 0,
    sendsLeft: Math.max(0, MAX_SENDS_PER_CASE - sends),
  };
}

export function maskMobile(mobile: string): string {
  return `${mobile.slice(0, 4)}***${mobile.slice(-4)}`;
}

export async function sendMobileCode(db: KaraDb, actor: Actor, c: CaseRow, mobile: string, now: Date) {
  const sends = await countMobileVerifications(db, c.id);
  if (sends >= MAX_SENDS_PER_CASE) {
    await appendAudit(db, { at: now.toISOString(), staffId: actor.staffId, officeId: actor.officeId, action: 'intake.mobileCode.send', entity: 'case', entityId: c.id, outcome: 'refused', payload: { reason: 'send_limit' } });
    throw new AppError('refused', 'intake.mobileCode.sendLimit', { commit: true });
  }
  const code = String(randomInt(0, 1_000_000)).padStart(6, '0');
  const salt = randomBytes(16).toString('hex');
  const expiresAt = new Date(now.getTime() + CODE_TTL_MS).toISOString();
  await insertMobileVerification(db, {
    case_id: c.id, mobile, code_hash: hashCode(code, salt), salt, sent_at: now.toISOString(), expires_at: expiresAt, attempts: 0, confirmed_at: null, staff_id: actor.staffId,
  });
  const sender = smsSender();
  await sender.send(db, {
    at: now.toISOString(), mobile, purpose: 'mobile_ownership', caseId: c.id, staffId: actor.staffId,
    body: `کارا — کد تأیید شمارهٔ همراه: ${code}\nاین کد را فقط به کارشناس پذیرش بگویید. Kara code: ${code}`,
  });
  await appendAudit(db, { at: now.toISOString(), staffId: actor.staffId, officeId: actor.officeId, action: 'intake.mobileCode.send', entity: 'case', entityId: c.id, payload: { sender: sender.name, send: sends + 1 } });
  return { sentTo: maskMobile(mobile), expiresAt, attemptsLeft: MAX_ATTEMPTS_PER_CODE, sendsLeft: MAX_SENDS_PER_CASE - sends - 1 };
}

/**
 * Checks a code read back by the applicant. A wrong code counts an attempt and is audited even
 * though the call fails (the refusal commits).
 */
export async function checkMobileCode(db: KaraDb, actor: Actor, c: CaseRow, mobile: string, typed: string, now: Date): Promise<void> {
  const code = toLatinDigits(typed.trim());
  const last = await latestMobileVerification(db, c.id);
  const audit = (outcome: 'ok' | 'refused', reason: string | null) =>
    appendAudit(db, { at: now.toISOString(), staffId: actor.staffId, officeId: actor.officeId, action: 'intake.mobileCode.confirm', entity: 'case', entityId: c.id, outcome, payload: { reason } });
  if (!last || last.confirmed_at || last.mobile !== mobile) {
    await audit('refused', 'no_code');
    throw new AppError('refused', 'intake.mobileCode.noneSent', { field: 'code', commit: true });
  }
  if (new Date(last.expires_at) <= now) {
    await audit('refused', 'expired');
    throw new AppError('refused', 'intake.mobileCode.expired', { field: 'code', commit: true });
  }
  if (last.attempts >= MAX_ATTEMPTS_PER_CODE) {
    await audit('refused', 'attempts');
    throw new AppError('refused', 'intake.mobileCode.tooManyAttempts', { field: 'code', commit: true });
  }
  const expected = Buffer.from(last.code_hash, 'hex');
  const actual = Buffer.from(hashCode(code, last.salt), 'hex');
  if (!timingSafeEqual(expected, actual)) {
    const attempts = last.attempts + 1;
    await updateMobileVerification(db, last.id, { attempts });
    await audit('refused', 'wrong_code');
    const left = MAX_ATTEMPTS_PER_CODE - attempts;
    throw new AppError('refused', left > 0 ? 'intake.mobileCode.wrong' : 'intake.mobileCode.tooManyAttempts', { field: 'code', params: { left }, commit: true });
  }
  await updateMobileVerification(db, last.id, { confirmed_at: now.toISOString(), attempts: last.attempts + 1 });
  await audit('ok', null);
}
