import { app, BrowserWindow, dialog, type IpcMain } from 'electron';
import { writeFile } from 'node:fs/promises';
import { basename, join } from 'node:path';

/**
 * "Save as PDF" for printable pages (the intake receipt): the page's own print stylesheet
 * (@page A5) decides the layout; the clerk chooses where the file goes.
 */
export function registerPrintToPdf(ipcMain: IpcMain, isTrusted: (event: Electron.IpcMainInvokeEvent) => boolean): void {
  ipcMain.handle('kara:printToPdf', async (event, fileName: unknown) => {
    if (!isTrusted(event)) return { saved: false };
    const safeName = basename(typeof fileName === 'string' && /^[\w.-]{1,100}\.pdf$/.test(fileName) ? fileName : 'kara-desk.pdf');
    const pdf = await event.sender.printToPDF({ pageSize: 'A5', printBackground: true, preferCSSPageSize: true });
    const window = BrowserWindow.fromWebContents(event.sender);
    const options = { defaultPath: join(app.getPath('documents'), safeName), filters: [{ name: 'PDF', extensions: ['pdf'] }] };
    const choice = window ? await dialog.showSaveDialog(window, options) : await dialog.showSaveDialog(options);
    if (choice.canceled || !choice.filePath) return { saved: false };
    await writeFile(choice.filePath, pdf);
    return { saved: true, path: choice.filePath };
  });
}
