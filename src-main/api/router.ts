import { z } from 'zod';
import { contract, isMethodName, AppError, type ApiError, type MethodName } from '../../src-shared/api';
import { translate, isMessageKey, type Locale } from '../../src-shared/i18n';
import type { KaraDb, Database } from '../db/connection';
import type { Clock } from '../services/clock';
import { passwordsAt, type Passwords } from '../services/auth/passwords';
import { resolveSession } from '../services/auth/sessions';
import type { Actor, CallContext, HandlerContext, HandlerRegistry } from './types';
import { appendAudit } from '../services/audit/chain';
import { mayRun } from '../../src-shared/api/trust';
import { lastAuditEvent } from '../db/queries/audit';

export type CallResult = { ok: true; data: unknown } | { ok: false; error: ApiError };

export interface Router {
  call(method: string, input: unknown, ctx: CallContext): Promise<CallResult>;
  /** For the CLI host only: runs a method as the machine's owner, without a session. */
  callAsSystem(method: MethodName, input: unknown, actor: Actor, locale?: Locale): Promise<CallResult>;
}

/** Methods a member of staff with a temporary password may still call. */
const ALLOWED_BEFORE_PASSWORD_CHANGE = new Set<string>(['auth.status', 'auth.logout', 'auth.changePassword']);

const zodLocales = { fa: z.locales.fa(), en: z.locales.en() };

export interface RouterDeps {
  db: KaraDb;
  handlers: HandlerRegistry;
  clock: Clock;
  /** Password hashing (default: OWASP's scrypt cost). */
  passwords?: Passwords;
  onInternalError?: (e: unknown, method: string) => void;
  /** The open database, handed to handlers for whole-file work (backups). */
  database?: Pick<Database, 'sqlite' | 'path' | 'db'>;
  /** Methods that get an online backup before they run (imports, restores). */
  backupBefore?: { needs(method: string): boolean; take(method: string): Promise<void> };
}

class InvalidInput extends Error {
  constructor(readonly apiError: ApiError) {
    super('invalid input');
  }
}

async function lastAuditId(db: KaraDb): Promise<number> {
  return (await lastAuditEvent(db))?.id ?? 0;
}

export function createRouter(deps: RouterDeps): Router {
  const { db, handlers, clock } = deps;
  const passwords = deps.passwords ?? passwordsAt();

  async function run(method: string, rawInput: unknown, ctx: CallContext, systemActor: Actor | null): Promise<CallResult> {
    const locale = ctx.locale;
    if (!isMethodName(method)) return fail({ code: 'not_found', message: translate(locale, 'error.unknownMethod') });
    const spec = contract[method];

    // Who is calling is settled before the input is looked at: a caller without the right
    // learns nothing about a method's input shape from its validation errors.
    const authorise = async (trx: KaraDb): Promise<{ actor: Actor | null; input: unknown }> => {
      const actor = systemActor ?? (await resolveSession(trx, ctx.session.token(), clock));
      if (!mayRun(method, spec, actor?.role ?? null)) {
        throw new AppError(actor ? 'forbidden' : 'unauthenticated', actor ? 'error.forbidden' : 'error.unauthenticated');
      }
      if (actor?.mustChangePassword && !ALLOWED_BEFORE_PASSWORD_CHANGE.has(method)) {
        throw new AppError('password_change_required', 'error.passwordChangeRequired');
      }
      const parsed = spec.input.safeParse(rawInput ?? {}, { error: zodLocales[locale].localeError });
      if (!parsed.success) throw new InvalidInput(validationError(parsed.error, locale));
      return { actor, input: parsed.data };
    };

    let committedRefusal: AppError | null = null;
    const afterCommit: Array<() => Promise<unknown>> = [];
    try {
      if (deps.backupBefore?.needs(method)) {
        // A safety copy before a command that replaces much data (an import, a restore):
        // taken outside any transaction, and only for a caller who may run the command.
        await db.transaction().execute(authorise);
        await deps.backupBefore.take(method);
      }
      const data = await db.transaction().execute(async (trx) => {
        const { actor, input } = await authorise(trx);
        const handler = handlers[method] as (input: unknown, c: unknown) => Promise<unknown>;
        const auditBefore = spec.mutates ? await lastAuditId(trx) : 0;
        try {
          const handlerCtx: HandlerContext = {
            db: trx, actor, session: ctx.session, clock, locale, passwords, afterCommit: (fn) => void afterCommit.push(fn),
            ...(deps.database ? { database: deps.database } : {}),
          };
          const result = await handler(input, handlerCtx);
          // Parsing the output strips anything the contract does not name (a hash, a secret).
          const output = spec.output.parse(result);
          // Every command that changes data leaves an audit entry in its own transaction; a
          // handler that wrote none gets the router's (method, actor, outcome: ids only).
          if (spec.mutates && (await lastAuditId(trx)) === auditBefore) {
            await appendAudit(trx, {
              at: clock.now().toISOString(), staffId: actor?.staffId ?? null, officeId: actor?.officeId ?? null,
              action: method, entity: 'command', entityId: null, payload: { host: ctx.host },
            });
          }
          return output;
        } catch (error) {
          if (error instanceof AppError && error.options.commit) {
            committedRefusal = error;
            return undefined;
          }
          throw error;
        }
      });
      if (committedRefusal) return fail(fromAppError(committedRefusal, locale));
      // Work after the commit may replace the result (a backup reports the file it wrote).
      let result = data;
      for (const fn of afterCommit) {
        const replaced = await fn();
        if (replaced !== undefined) result = spec.output.parse(replaced);
      }
      return { ok: true, data: result };
    } catch (error) {
      if (error instanceof InvalidInput) return fail(error.apiError);
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
