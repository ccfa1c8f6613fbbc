// Data at rest relies on the operating system's full-disk encryption (docs/security.md §8:
// BitLocker rather than SQLCipher), so the app checks that the volume holding the database is
// encrypted and tells the supervisor when it is not. Each platform is asked with a command any
// user may run (no administrator rights), and its answer is parsed by a pure function.
import { execFile } from 'node:child_process';
import { posix, win32 } from 'node:path';
import type { DiskEncryption } from '../../../src-shared/api/system';

/** Runs a program and returns its stdout; rejects on a non-zero exit or timeout. */
export type RunCommand = (file: string, args: string[]) => Promise<string>;

const runCommand: RunCommand = (file, args) =>
  new Promise((done, fail) => {
    execFile(file, args, { timeout: 8000, windowsHide: true, encoding: 'utf8' }, (error, stdout) => (error ? fail(error) : done(stdout)));
  });

/**
 * Windows Shell's System.Volume.BitLockerProtection: 1 on, 2 off, 3 encrypting, 4 decrypting,
 * 5 suspended, 6 on and locked; empty where BitLocker does not apply.
 */
export function parseBitLockerProtection(stdout: string, volume: string): DiskEncryption {
  const code = Number.parseInt(stdout.trim(), 10);
  const base = { method: 'bitlocker', volume } as const;
  if (code === 1 || code === 6) return { ...base, state: 'encrypted', detail: null };
  if (code === 2) return { ...base, state: 'unencrypted', detail: null };
  if (code === 3) return { ...base, state: 'unencrypted', detail: 'encrypting' };
  if (code === 4) return { ...base, state: 'unencrypted', detail: 'decrypting' };
  if (code === 5) return { ...base, state: 'unencrypted', detail: 'suspended' };
  return { ...base, state: 'unknown', detail: stdout.trim() || null };
}

/** `lsblk -s` lists the device and the devices under it; a `crypt` one is dm-crypt/LUKS. */
export function parseLsblkTypes(stdout: string, volume: string): DiskEncryption {
  const types = stdout.split(/\s+/).filter(Boolean);
  if (types.includes('crypt')) return { method: 'dm-crypt', volume, state: 'encrypted', detail: null };
  if (types.length > 0) return { method: 'dm-crypt', volume, state: 'unencrypted', detail: null };
  return { method: null, volume, state: 'unknown', detail: null };
}

export function parseFileVaultStatus(stdout: string): DiskEncryption {
  if (/FileVault is On/i.test(stdout)) return { method: 'filevault', volume: '/', state: 'encrypted', detail: null };
  if (/FileVault is Off/i.test(stdout)) return { method: 'filevault', volume: '/', state: 'unencrypted', detail: null };
  return { method: 'filevault', volume: '/', state: 'unknown', detail: stdout.trim() || null };
}

function unknown(volume: string | null, reason: string): DiskEncryption {
  return { method: null, volume, state: 'unknown', detail: reason.slice(0, 200) };
}

/** Whether the volume that holds `databasePath` is encrypted by the operating system. */
export async function checkDiskEncryption(databasePath: string, options: { platform?: NodeJS.Platform; run?: RunCommand } = {}): Promise<DiskEncryption> {
  const platform = options.platform ?? process.platform;
  const run = options.run ?? runCommand;
  // The database path is in the platform's own syntax (a drive letter on Windows).
  const path = platform === 'win32' ? win32 : posix;
  const folder = path.dirname(path.resolve(databasePath));
  try {
    if (platform === 'win32') {
      const volume = path.parse(folder).root.replace(/\\$/, '') || 'C:';
      const script = `(New-Object -ComObject Shell.Application).NameSpace('${volume.replace(/'/g, "''")}\\').Self.ExtendedProperty('System.Volume.BitLockerProtection')`;
      return parseBitLockerProtection(await run('powershell.exe', ['-NoProfile', '-NonInteractive', '-Command', script]), volume);
    }
    if (platform === 'linux') {
      const device = (await run('findmnt', ['-n', '-o', 'SOURCE', '--target', folder])).trim().split('\n')[0] ?? '';
      // overlay, tmpfs, a network share: not a block device this check can judge.
      if (!device.startsWith('/dev/')) return unknown(device || null, `not a block device: ${device || '?'}`);
      return parseLsblkTypes(await run('lsblk', ['-n', '-s', '-o', 'TYPE', device.replace(/\[.*\]$/, '')]), device);
    }
    if (platform === 'darwin') return parseFileVaultStatus(await run('fdesetup', ['status']));
    return unknown(null, `platform ${platform}`);
  } catch (error) {
    return unknown(null, error instanceof Error ? error.message : String(error));
  }
}
