import type { IpcMainInvokeEvent, OpenDialogOptions } from 'electron';
import { BUNDLE_EXTENSION, PATH_CHOICES, type PathChoice } from '../../src-shared/api/sync';

// Electron-free (types only) so the unit tests can load it: choose-path.ts wires it to the real dialog.

export const CHOOSE_PATH_CHANNEL = 'kara:choosePath';

export function isPathChoice(kind: unknown): kind is PathChoice {
  return (PATH_CHOICES as readonly unknown[]).includes(kind);
}

/** The open dialog for what the sync screen asks for; null for anything it does not ask for. */
export function pathDialogOptions(kind: unknown): OpenDialogOptions | null {
  if (!isPathChoice(kind)) return null;
  if (kind === 'exportFolder') return { properties: ['openDirectory', 'createDirectory'] };
  return {
    properties: ['openFile'],
    filters: [
      { name: 'Kara Desk bundle', extensions: [BUNDLE_EXTENSION] },
      { name: 'All files', extensions: ['*'] },
    ],
  };
}

export type OpenDialog = (event: IpcMainInvokeEvent, options: OpenDialogOptions) => Promise<{ canceled: boolean; filePaths: string[] }>;

/** The handler's answer: a path only for a trusted sender, a known kind and a dialog not cancelled. */
export async function choosePath(event: IpcMainInvokeEvent, kind: unknown, isTrusted: (event: IpcMainInvokeEvent) => boolean, open: OpenDialog): Promise<{ path: string | null }> {
  const options = isTrusted(event) ? pathDialogOptions(kind) : null;
  if (!options) return { path: null };
  const choice = await open(event, options);
  return { path: choice.canceled ? null : (choice.filePaths[0] ?? null) };
}
