import { safeStorage } from 'electron';
import { setKeyProtector, type KeyProtector } from '../sync/key-protector';
import { setWorkerNativeBinding } from '../sync/jobs';

/** Private keys encrypted with the operating system's key store; null when it is unavailable. */
export function safeStorageProtector(): KeyProtector | null {
  if (!safeStorage.isEncryptionAvailable()) return null;
  return {
    kind: 'safeStorage',
    protect: (secret) => safeStorage.encryptString(secret.toString('base64')),
    unprotect: (stored) => Buffer.from(safeStorage.decryptString(stored), 'base64'),
  };
}

/** At start-up: office keys go through safeStorage, and sync workers load Electron's SQLite build. */
export function installSyncKeyProtection(nativeBinding: string | undefined): void {
  const p = safeStorageProtector();
  if (p) setKeyProtector(p);
  setWorkerNativeBinding(nativeBinding);
}
