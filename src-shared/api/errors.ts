import type { MessageKey } from '../i18n';

export const ERROR_CODES = [
  'validation',
  'unauthenticated',
  'forbidden',
  'not_found',
  'conflict',
  'refused',
  'locked',
  'password_change_required',
  'internal',
] as const;
export type ErrorCode = (typeof ERROR_CODES)[number];

/** What every host sends back for a failed call. */
export interface ApiError {
  code: ErrorCode;
  message: string;
  field?: string;
  /** Extra data the screen may use (e.g. other branches that have credit). */
  details?: unknown;
}

/**
 * A refusal a handler raises on purpose. `commit` keeps the transaction's writes (a failed
 * login still counts against the account and is audited).
 */
export class AppError extends Error {
  constructor(
    readonly code: ErrorCode,
    readonly messageKey: MessageKey,
    readonly options: { field?: string; params?: Record<string, string | number>; details?: unknown; commit?: boolean } = {},
  ) {
    super(messageKey);
    this.name = 'AppError';
  }
}
