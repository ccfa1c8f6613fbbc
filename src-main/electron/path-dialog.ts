import type { IpcMainInvokeEvent, OpenDialogOptions } from 'electron';
import { BUNDLE_EXTENSION, PATH_CHOICES, type PathChoice } from '../../src-shared/api/sync';
import { translate, type Locale } from '../../src-shared/i18n';

// Electron-free (types only) so the unit tests can load it: choose-path.ts wires it to the real dialog.

export const CHOOSE_PATH_CHANNEL = 'kara:choosePath';

export function isPathChoice(kind: unknown): kind is PathChoice {
  return (PATH_CHOICES as readonly unknown[]).includes(kind);
}

/** The screen's language (anything else: Persian, the app's default). */
function localeOf(locale: unknown): Locale {
  return locale === 'en' ? 'en' : 'fa';
}

/** The open dialog, in the screen's language, for what the sync screen asks for; null for anything it does not ask for. */
export function pathDialogOptions(kind: unknown, locale?: unknown): OpenDialogOptions | null {
  if (!isPathChoice(kind)) return null;
  const t = (key: string) => translate(localeOf(locale), key);
  if (kind === 'exportFolder') return { title: t('sync.browseFolder'), properties: ['openDirectory', 'createDirectory'] };
  return {
    title: t('sync.browseFile'),
    properties: ['openFile'],
    filters: [
      { name: t('sync.bundleFilter'), extensions: [BUNDLE_EXTENSION] },
      { name: t('sync.allFiles'), extensions: ['*'] },
    ],
  };
}

export type OpenDialog = (event: IpcMainInvokeEvent, options: OpenDialogOptions) => Promise<{ canceled: boolean; filePaths: string[] }>;

/** The handler's answer: a path only for a trusted sender, a known kind and a dialog not cancelled. */
export async function choosePath(event: IpcMainInvokeEvent, kind: unknown, locale: unknown, isTrusted: (event: IpcMainInvokeEvent) => boolean, open: OpenDialog): Promise<{ path: string | null }> {
  const options = isTrusted(event) ? pathDialogOptions(kind, locale) : null;
  if (!options) return { path: null };
  const choice = await open(event, options);
  return { path: choice.canceled ? null : (choice.filePaths[0] ?? null) };
}
