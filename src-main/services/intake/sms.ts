import type { KaraDb } from '../../db/connection';
import { insertOutboxMessage } from '../../db/queries/intake';

export interface SmsMessage {
  at: string;
  mobile: string;
  body: string;
  /** What the message is for, e.g. 'mobile_ownership'. */
  purpose: string;
  caseId: string | null;
  staffId: number | null;
}

/**
 * Sends a text message. A real gateway is out of scope; an office that has one plugs it in
 * with `setSmsSender`. The sender runs inside the command's transaction: a throw undoes the step.
 */
export interface SmsSender {
  readonly name: string;
  send(db: KaraDb, message: SmsMessage): Promise<void>;
}

/** The default: records the message in the local outbox, which the supervisor can read. */
export const outboxSender: SmsSender = {
  name: 'outbox',
  async send(db, m) {
    await insertOutboxMessage(db, { at: m.at, mobile: m.mobile, body: m.body, purpose: m.purpose, case_id: m.caseId, staff_id: m.staffId });
  },
};

let current: SmsSender = outboxSender;

export function smsSender(): SmsSender {
  return current;
}

/** Replaces the sender (a gateway adapter, or a failing one in a test); returns the previous one. */
export function setSmsSender(sender: SmsSender): SmsSender {
  const previous = current;
  current = sender;
  return previous;
}
