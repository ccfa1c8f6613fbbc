import { z } from 'zod';
import { contract, isMethodName, mayCall, AppError, type ApiError, type MethodName } from '../../src-shared/api';
import { translate, isMessageKey, type Locale } from '../../src-shared/i18n';
import type { KaraDb } from '../db/connection';
import type { Clock } from '../services/clock';
import { resolveSession } from '../services/auth/sessions';
import type { Actor, CallContext, HandlerRegistry } from './types';

export type CallResult = { ok: true; data: unknown } | { ok: false; error: ApiError };

export interface Router {
  call(method: string, input: unknown, ctx: CallContext): Promise<CallResult>;
  /** For the CLI host only: runs a method as the machine's owner, without a session. */
  callAsSystem(method: MethodName, input: unknown, actor: Actor, locale?: Locale): Promise<CallResult>;
}

/** Methods a member of staff with a temporary password may still call. */
const ALLOWED_BEFORE_PASSWORD_CHANGE = new Set<string>(['auth.status', 'auth.logout', 'auth.changePassword']);

const zodLocales = { fa: z.locales.fa(), en: z.locales.en() };

export function createRouter(deps: { db: KaraDb; handlers: HandlerRegistry; clock: Clock; onInternalError?: (e: unknown, method: string) => void }): Router {
  const { db, handlers, clock } = deps;

  async function run(method: string, rawInput: unknown, ctx: CallContext, systemActor: Actor | null): Promise<CallResult> {
    const locale = ctx.locale;
    if (!isMethodName(method)) return fail({ code: 'not_found', message: translate(locale, 'error.unknownMethod') });
    const spec = contract[method];
    const parsed = spec.input.safeParse(rawInput ?? {}, { error: zodLocales[locale].localeError });
    if (!parsed.success) return fail(validationError(parsed.error, locale));

    let committedRefusal: AppError | null = null;
    try {
      const data = await db.transaction().execute(async (trx) => {
        const actor = systemActor ?? (await resolveSession(trx, ctx.session.token(), clock));
        if (!mayCall(spec.access, actor?.role ?? null)) {
          throw new AppError(actor ? 'forbidden' : 'unauthenticated', actor ? 'error.forbidden' : 'error.unauthenticated');
        }
        if (actor?.mustChangePassword && !ALLOWED_BEFORE_PASSWORD_CHANGE.has(method)) {
          throw new AppError('password_change_required', 'error.passwordChangeRequired');
        }
        const handler = handlers[method] as (input: unknown, c: unknown) => Promise<unknown>;
        try {
          const result = await handler(parsed.data, { db: trx, actor, session: ctx.session, clock, locale });
          // Parsing the output strips anything the contract does not name (a hash, a secret).
          return spec.output.parse(result);
        } catch (error) {
          if (error instanceof AppError && error.options.commit) {
            committedRefusal = error;
            return undefined;
          }
          throw error;
        }
      });
      if (committedRefusal) return fail(fromAppError(committedRefusal, locale));
      return { ok: true, data };
    } catch (error) {
      if (error instanceof AppError) return fail(fromAppError(error, locale));
      deps.onInternalError?.(error, method);
      return fail({ code: 'internal', message: translate(locale, 'error.internal') });
    }
  }

  return {
    call: (method, input, ctx) => run(method, input, ctx, null),
    callAsSystem: (method, input, actor, locale = 'en') =>
      run(method, input, { locale, host: 'cli', session: { token: () => undefined, set() {}, clear() {} } }, actor),
  };
}

function fail(error: ApiError): CallResult {
  return { ok: false, error };
}

function fromAppError(error: AppError, locale: Locale): ApiError {
  const params = error.options.params ? translateParams(error.options.params, locale) : undefined;
  return {
    code: error.code,
    message: translate(locale, error.messageKey, params),
    ...(error.options.field ? { field: error.options.field } : {}),
    ...(error.options.details !== undefined ? { details: error.options.details } : {}),
  };
}

/** Parameters that are themselves message keys (a role, a stage) are shown translated. */
function translateParams(params: Record<string, string | number>, locale: Locale): Record<string, string | number> {
  return Object.fromEntries(
    Object.entries(params).map(([k, v]) => [k, typeof v === 'string' && isMessageKey(v) ? translate(locale, v) : v]),
  );
}

function validationError(error: z.ZodError, locale: Locale): ApiError {
  const issues = error.issues.map((issue) => ({
    field: issue.path.join('.'),
    message: isMessageKey(issue.message) ? translate(locale, issue.message) : issue.message,
  }));
  const first = issues[0];
  return {
    code: 'validation',
    message: first?.message ?? translate(locale, 'error.validation'),
    ...(first?.field ? { field: first.field } : {}),
    details: { issues },
  };
}
