import { openDatabase, type Database } from './db/connection';
import { createRouter, type Router } from './api/router';
import { handlers } from './api/handlers';
import { systemClock, type Clock } from './services/clock';

export interface App {
  database: Database;
  router: Router;
  close(): Promise<void>;
}

/** The whole back end, with no host attached: Electron, the browser host and the CLI share it. */
export async function openApp(options: { dbPath: string; nativeBinding?: string; clock?: Clock }): Promise<App> {
  const database = await openDatabase({ path: options.dbPath, ...(options.nativeBinding ? { nativeBinding: options.nativeBinding } : {}) });
  const router = createRouter({
    db: database.db,
    handlers,
    clock: options.clock ?? systemClock,
    onInternalError: (error, method) => {
      // The message and stack only: inputs may carry personal data and are never logged.
      console.error(`[kara-desk] internal error in ${method}:`, error instanceof Error ? error.stack : String(error));
    },
  });
  return { database, router, close: () => database.close() };
}
