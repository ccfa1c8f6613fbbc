// The disk-encryption check: each platform's answer parsed, and the real check run on this
// machine (whatever its disk, the answer is one of the three states, never an exception).
import { describe, expect, it } from 'vitest';
import { checkDiskEncryption, parseBitLockerProtection, parseFileVaultStatus, parseLsblkTypes, type RunCommand } from '../../../src-main/services/system/disk-encryption';
import { diskEncryptionSchema } from '../../../src-shared/api/system';

describe('BitLocker (Windows Shell property)', () => {
  it.each([
    ['1\r\n', 'encrypted', null],
    ['6', 'encrypted', null],
    ['2', 'unencrypted', null],
    ['3', 'unencrypted', 'encrypting'],
    ['5', 'unencrypted', 'suspended'],
    ['', 'unknown', null],
  ])('%j → %s', (out, state, detail) => {
    expect(parseBitLockerProtection(out, 'C:')).toEqual({ method: 'bitlocker', volume: 'C:', state, detail });
  });
});

describe('dm-crypt (lsblk -s) and FileVault', () => {
  it('a crypt device under the partition is encrypted', () => {
    expect(parseLsblkTypes('part\ncrypt\npart\ndisk\n', '/dev/mapper/root').state).toBe('encrypted');
    expect(parseLsblkTypes('part\ndisk\n', '/dev/sda2').state).toBe('unencrypted');
    expect(parseLsblkTypes('', '/dev/sda2').state).toBe('unknown');
  });
  it('fdesetup status', () => {
    expect(parseFileVaultStatus('FileVault is On.\n').state).toBe('encrypted');
    expect(parseFileVaultStatus('FileVault is Off.\n').state).toBe('unencrypted');
  });
});

describe('checkDiskEncryption', () => {
  it('asks Windows about the drive that holds the database', async () => {
    const calls: string[][] = [];
    const run: RunCommand = async (file, args) => (calls.push([file, ...args]), '2');
    const r = await checkDiskEncryption('D:\\Kara\\kara-desk.sqlite', { platform: 'win32', run });
    expect(calls[0]![0]).toBe('powershell.exe');
    expect(calls[0]!.at(-1)).toContain("NameSpace('D:\\')");
    expect(r).toMatchObject({ state: 'unencrypted', volume: 'D:' });
  });
  it('a failing command is "unknown" with the reason, not an exception', async () => {
    const run: RunCommand = async () => { throw new Error('spawn powershell.exe ENOENT'); };
    expect(await checkDiskEncryption('C:\\x.sqlite', { platform: 'win32', run })).toMatchObject({ state: 'unknown', detail: 'spawn powershell.exe ENOENT' });
  });
  it('runs for real on this machine and answers within the contract', async () => {
    const r = await checkDiskEncryption(__filename);
    expect(diskEncryptionSchema.parse(r)).toEqual(r);
  });
});
