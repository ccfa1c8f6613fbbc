import type { ApiError } from '../../src-shared/api';
import type { ChoosePath } from './native-dialogs';

export type CallResult = { ok: true; data: unknown } | { ok: false; error: ApiError };

/** What the preload exposes in Electron (see src-main/electron/preload.ts). */
export interface KaraBridge {
  invoke(method: string, input: unknown, locale: string): Promise<CallResult>;
  /** The system's open dialog; optional because screens offer "Browse…" only where it is there. */
  choosePath?: ChoosePath;
}

declare global {
  interface Window {
    karaDesk?: KaraBridge;
  }
}

export interface Transport {
  readonly kind: 'ipc' | 'http';
  call(method: string, input: unknown, locale: string): Promise<CallResult>;
}

function ipcTransport(bridge: KaraBridge): Transport {
  return { kind: 'ipc', call: (method, input, locale) => bridge.invoke(method, input, locale) };
}

/** The loopback browser host: the launch cookie and the session cookie ride along. */
function httpTransport(): Transport {
  return {
    kind: 'http',
    async call(method, input, locale) {
      let response: Response;
      try {
        response = await fetch(`/api/${encodeURIComponent(method)}`, {
          method: 'POST',
          credentials: 'same-origin',
          headers: { 'content-type': 'application/json', 'x-kara-desk': '1', 'accept-language': locale },
          body: JSON.stringify(input ?? {}),
        });
      } catch {
        return { ok: false, error: { code: 'internal', message: locale === 'fa' ? 'ارتباط با برنامه برقرار نشد.' : 'Could not reach the application.' } };
      }
      return (await response.json()) as CallResult;
    },
  };
}

export function pickTransport(): Transport {
  return typeof window !== 'undefined' && window.karaDesk ? ipcTransport(window.karaDesk) : httpTransport();
}
