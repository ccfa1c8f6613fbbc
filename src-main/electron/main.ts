import { app, BrowserWindow, ipcMain } from 'electron';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { existsSync } from 'node:fs';
import { openApp, type App } from '../app';
import { DATABASE_FILE } from '../paths';
import { registerIpcHost } from '../hosts/electron-ipc/register';
import { registerPrintToPdf } from './print';
import { registerChoosePath } from './choose-path';
import { lockDownContents, secureWindowOptions, isTrustedSender } from './hardening';
import { startBackupSchedule } from '../services/trust/backups';
import { systemClock } from '../services/clock';
import { installSyncKeyProtection } from './key-protector';

// better-sqlite3 built for Electron's ABI lives apart from node_modules (scripts/start.mjs puts
// it there), so launching the app never breaks the Node build that the tests load.
const here = dirname(fileURLToPath(import.meta.url));
const ELECTRON_NATIVE = join(here, '../../.cache/electron-native/better_sqlite3.node');

let backend: App | undefined;

if (!app.requestSingleInstanceLock()) {
  // One process owns the database file.
  app.quit();
} else {
  app.on('second-instance', () => {
    const [window] = BrowserWindow.getAllWindows();
    if (window) {
      if (window.isMinimized()) window.restore();
      window.focus();
    }
  });
  app.whenReady().then(start).catch((error) => {
    console.error('[kara-desk] failed to start:', error);
    app.exit(1);
  });
}

async function start(): Promise<void> {
  const dbPath = process.env.KARA_DESK_DB ?? join(app.getPath('userData'), DATABASE_FILE);
  installSyncKeyProtection(existsSync(ELECTRON_NATIVE) ? ELECTRON_NATIVE : undefined);
  backend = await openApp({ dbPath, prewarm: true, ...(existsSync(ELECTRON_NATIVE) ? { nativeBinding: ELECTRON_NATIVE } : {}) });
  // Hourly online backups into <db>.backups/, rotated.
  startBackupSchedule(backend.database, { clock: systemClock, onError: (e) => console.error('[kara-desk] scheduled backup failed:', e instanceof Error ? e.message : String(e)) });
  const rendererIndex = join(here, '../renderer/index.html');
  const appOrigin = 'file://';
  registerIpcHost(ipcMain, backend.router, (event) => isTrustedSender(event, appOrigin));
  registerPrintToPdf(ipcMain, (event) => isTrustedSender(event, appOrigin));
  registerChoosePath(ipcMain, (event) => isTrustedSender(event, appOrigin));

  app.on('web-contents-created', (_event, contents) => lockDownContents(contents, appOrigin));
  const window = new BrowserWindow(secureWindowOptions(join(here, '../preload/index.cjs')));
  window.once('ready-to-show', () => window.show());
  await window.loadFile(rendererIndex);
}

app.on('window-all-closed', () => {
  app.quit();
});

// The process waits for the database to close (its WAL checkpointed, the prewarm's handle
// released after it) before it exits; app.exit() emits no second will-quit.
app.on('will-quit', (event) => {
  const closing = backend;
  if (!closing) return;
  backend = undefined;
  event.preventDefault();
  closing.close().catch((error) => console.error('[kara-desk] closing the database failed:', error)).finally(() => app.exit(0));
});
