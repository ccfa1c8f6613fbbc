import type { IpcMain, IpcMainInvokeEvent } from 'electron';
import type { Router } from '../../api/router';
import type { SessionPort } from '../../api/types';
import type { Locale } from '../../../src-shared/i18n';

export const INVOKE_CHANNEL = 'kara:invoke';

/**
 * One IPC channel into the router. The session token stays here, keyed by the window's
 * web contents: the renderer never sees it. Calls from any frame but the app's own main
 * frame are refused.
 */
export function registerIpcHost(ipcMain: IpcMain, router: Router, isTrustedSender: (event: IpcMainInvokeEvent) => boolean): void {
  const tokens = new Map<number, string>();
  ipcMain.handle(INVOKE_CHANNEL, async (event, method: unknown, input: unknown, locale: unknown) => {
    if (!isTrustedSender(event) || typeof method !== 'string') {
      return { ok: false, error: { code: 'forbidden', message: 'untrusted sender' } };
    }
    const id = event.sender.id;
    const session: SessionPort = {
      token: () => tokens.get(id),
      set: (token) => void tokens.set(id, token),
      clear: () => void tokens.delete(id),
    };
    const callLocale: Locale = locale === 'en' ? 'en' : 'fa';
    return router.call(method, input, { locale: callLocale, session, host: 'ipc' });
  });
}
