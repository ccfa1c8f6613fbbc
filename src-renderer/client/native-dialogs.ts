import type { PathChoice } from '../../src-shared/api/sync';
import type { Locale } from '../../src-shared/i18n';

/** The preload's bridge to the system's open dialog (KaraBridge.choosePath). */
export type ChoosePath = (kind: PathChoice, locale: Locale) => Promise<{ path: string | null }>;

/** Resolves to the chosen path, or null when the person cancels. */
export type PathChooser = (kind: PathChoice, locale: Locale) => Promise<string | null>;

type DialogBridge = { choosePath?: ChoosePath | undefined };

// globalThis rather than window: the unit tests load this file under the Node type-check, without the DOM.
function windowBridge(): DialogBridge | undefined {
  return (globalThis as { karaDesk?: DialogBridge }).karaDesk;
}

/** The desktop shell's native file dialog; null in the browser, where paths are typed. */
export function nativePathChooser(bridge: DialogBridge | undefined = windowBridge()): PathChooser | null {
  const choosePath = bridge?.choosePath;
  if (!choosePath) return null;
  return async (kind, locale) => (await choosePath.call(bridge, kind, locale)).path;
}
