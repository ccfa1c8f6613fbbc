import { performance } from 'node:perf_hooks';
import { openDatabase, type Database, type OpenOptions } from './db/connection';
import { createRouter, type Router } from './api/router';
import { handlers } from './api/handlers';
import { systemClock, type Clock } from './services/clock';
import { passwordsAt, type ScryptCost } from './services/auth/passwords';
import { backupBeforeMigration, createBackup, needsBackupBefore } from './services/trust/backups';
import { prewarmDatabaseFile, type Prewarm, type PrewarmOptions, type PrewarmOutcome } from './db/sqlite/prewarm';

export interface App {
  database: Database;
  router: Router;
  /** The background read of the database file into the OS cache, when asked for (`prewarm`). */
  prewarmed: Promise<PrewarmOutcome> | null;
  close(): Promise<void>;
}

/** The whole back end, with no host attached: Electron, the browser host and the CLI share it. */
export async function openApp(options: {
  dbPath: string; nativeBinding?: string; clock?: Clock; onQuery?: OpenOptions['onQuery'];
  /** The scrypt cost of new password hashes (OWASP's by default; the tests pass a cheaper one). */
  passwordCost?: ScryptCost;
  /** Read the database file into the OS cache in the background (the hosts that serve staff do). */
  prewarm?: boolean;
}): Promise<App> {
  const clock = options.clock ?? systemClock;
  const database = await openDatabase({
    path: options.dbPath,
    ...(options.nativeBinding ? { nativeBinding: options.nativeBinding } : {}),
    ...(options.onQuery ? { onQuery: options.onQuery } : {}),
    // An upgrade of a database that already holds data starts with a backup of it.
    beforeMigrate: async (db, sqlite) => void (await backupBeforeMigration(db, { sqlite, path: options.dbPath }, clock)),
  });
  const router = createRouter({
    db: database.db,
    database,
    handlers,
    clock,
    passwords: passwordsAt(options.passwordCost),
    // Imports replace much data: an online backup is taken first, outside the command's transaction.
    backupBefore: { needs: needsBackupBefore, take: async () => void (await createBackup(database, { reason: 'import', clock })) },
    onInternalError: (error, method) => {
      // The message and stack only: inputs may carry personal data and are never logged.
      console.error(`[kara-desk] internal error in ${method}:`, error instanceof Error ? error.stack : String(error));
    },
  });
  const served = options.prewarm ? prewarmBetweenCalls(router, options.dbPath) : { router, prewarm: null };
  const prewarm = served.prewarm;
  return {
    database,
    router: served.router,
    prewarmed: prewarm?.done ?? null,
    async close() {
      prewarm?.stop();
      await prewarm?.done;
      await database.close();
      // Only now: closing the prewarm's handle first would drop SQLite's locks on the file (prewarm.ts).
      await prewarm?.closeFile();
    },
  };
}

/** Starts the prewarm, which reads between the router's calls, not during them (prewarm.ts). */
export function prewarmBetweenCalls(router: Router, dbPath: string, options: Omit<PrewarmOptions, 'lastActivityAt'> = {}): { router: Router; prewarm: Prewarm } {
  let answering = 0;
  let lastAnsweredAt = Number.NEGATIVE_INFINITY;
  const noted = <T>(call: () => Promise<T>) => {
    answering += 1;
    return new Promise<T>((resolve) => resolve(call())).finally(() => {
      answering -= 1;
      lastAnsweredAt = performance.now();
    });
  };
  return {
    router: {
      call: (method, input, ctx) => noted(() => router.call(method, input, ctx)),
      callAsSystem: (method, input, actor, locale) => noted(() => router.callAsSystem(method, input, actor, locale)),
    },
    prewarm: prewarmDatabaseFile(dbPath, { ...options, lastActivityAt: () => (answering > 0 ? performance.now() : lastAnsweredAt) }),
  };
}
