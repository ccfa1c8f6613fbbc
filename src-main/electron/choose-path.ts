import { BrowserWindow, dialog, type IpcMain, type IpcMainInvokeEvent } from 'electron';
import { CHOOSE_PATH_CHANNEL, choosePath, type OpenDialog } from './path-dialog';

// The window's own modal dialog, so it stays above the app and blocks it while open.
const openDialog: OpenDialog = (event, options) => {
  const window = BrowserWindow.fromWebContents(event.sender);
  return window ? dialog.showOpenDialog(window, options) : dialog.showOpenDialog(options);
};

/**
 * The sync screen's "Browse…": the supervisor picks the export folder or the bundle file in the
 * system's own dialog instead of typing its full path. The API still checks whatever comes back.
 */
export function registerChoosePath(ipcMain: IpcMain, isTrusted: (event: IpcMainInvokeEvent) => boolean): void {
  ipcMain.handle(CHOOSE_PATH_CHANNEL, (event, kind: unknown, locale: unknown) => choosePath(event, kind, locale, isTrusted, openDialog));
}
