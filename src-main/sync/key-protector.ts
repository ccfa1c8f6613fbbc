/**
 * Protects this office's private keys at rest inside the database file.
 * - Electron: `safeStorageProtector` (src-main/electron/key-protector.ts) encrypts them with the
 *   operating system's key store (DPAPI, Keychain, libsecret) through Electron's safeStorage.
 * - Node (CLI, tests, the headless central hub): `plainProtector` stores them as they are.
 *   NOTE: with the plain protector whoever can read the database file can sign bundles and
 *   open bundles addressed to this office; protect the file by the operating system's means
 *   (an account of its own, disk encryption). The central hub runs this way.
 */
export interface KeyProtector {
  readonly kind: 'plain' | 'safeStorage';
  protect(secret: Buffer): Buffer;
  unprotect(stored: Buffer): Buffer;
}

export const plainProtector: KeyProtector = {
  kind: 'plain',
  protect: (secret) => Buffer.from(secret),
  unprotect: (stored) => Buffer.from(stored),
};

let current: KeyProtector = plainProtector;

/** Electron's main process installs safeStorage here at start-up; Node keeps the plain one. */
export function setKeyProtector(p: KeyProtector): void {
  current = p;
}

export function keyProtector(): KeyProtector {
  return current;
}

export function protectorFor(kind: string): KeyProtector {
  if (kind === current.kind) return current;
  if (kind === 'plain') return plainProtector;
  throw new Error(`this office's keys are protected by ${kind}, which is only available in the desktop app`);
}
