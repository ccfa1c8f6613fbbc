// The packaged app's Electron fuses (issue 9, "fuses set at packaging"). electron-builder flips
// them from package.json's build.electronFuses right before signing. The Electron binary cannot
// be downloaded here, so the flip runs on a stand-in file carrying Electron's fuse wire (the
// sentinel, wire version 1, length, one byte per fuse), through electron-builder's own
// config-to-wire mapping and @electron/fuses — the same code a packaging run executes.
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createRequire } from 'node:module';
import { afterAll, describe, expect, it } from 'vitest';
import { FuseV1Options, flipFuses, getCurrentFuseWire } from '@electron/fuses';
import { FuseState } from '@electron/fuses/dist/constants';

const require = createRequire(import.meta.url);
const pkg = JSON.parse(readFileSync(join(__dirname, '../../../package.json'), 'utf8')) as { build?: { electronFuses?: Record<string, boolean>; asar?: boolean } };
// Through the package's entry point: its modules import each other in a cycle.
const { PlatformPackager } = require('app-builder-lib') as { PlatformPackager: { prototype: { generateFuseConfig(f: unknown): Promise<Parameters<typeof flipFuses>[1]> } } };
const SENTINEL = 'dL7pKGdnNz796PbbjQWNKmHXBZaB9tsX';

const dir = mkdtempSync(join(tmpdir(), 'kara-fuses-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

/** A file laid out like an Electron binary around its fuse wire, every fuse at `state`. */
function standInBinary(state: number): string {
  const file = join(dir, `electron-${state}`);
  const wire = Buffer.from([1, 8, ...Array<number>(8).fill(state)]);
  writeFileSync(file, Buffer.concat([Buffer.alloc(4096, 0x90), Buffer.from(SENTINEL, 'ascii'), wire, Buffer.alloc(4096, 0x90)]));
  return file;
}

// What the Electron security checklist asks of a packaged app (docs/security.md).
const REQUIRED: Record<number, number> = {
  [FuseV1Options.RunAsNode]: FuseState.DISABLE,
  [FuseV1Options.EnableCookieEncryption]: FuseState.ENABLE,
  [FuseV1Options.EnableNodeOptionsEnvironmentVariable]: FuseState.DISABLE,
  [FuseV1Options.EnableNodeCliInspectArguments]: FuseState.DISABLE,
  [FuseV1Options.EnableEmbeddedAsarIntegrityValidation]: FuseState.ENABLE,
  [FuseV1Options.OnlyLoadAppFromAsar]: FuseState.ENABLE,
};

describe('packaging fuses', () => {
  it('package.json configures every fuse of the wire explicitly, with asar on', () => {
    const fuses = pkg.build?.electronFuses ?? {};
    expect(pkg.build?.asar).toBe(true);
    const names = Object.keys(FuseV1Options).filter((k) => Number.isNaN(Number(k)));
    for (const name of names) expect(typeof fuses[name[0]!.toLowerCase() + name.slice(1)], name).toBe('boolean');
  });

  for (const initial of [FuseState.ENABLE, FuseState.DISABLE]) {
    it(`electron-builder's flip leaves the binary hardened (fuses initially ${initial === FuseState.ENABLE ? 'on' : 'off'})`, async () => {
      const binary = standInBinary(initial);
      const config = await PlatformPackager.prototype.generateFuseConfig.call({}, pkg.build!.electronFuses);
      await flipFuses(binary, config);
      const wire = (await getCurrentFuseWire(binary)) as unknown as Record<number, number>;
      for (const [fuse, state] of Object.entries(REQUIRED)) expect(wire[Number(fuse)], FuseV1Options[Number(fuse)]).toBe(state);
      // The file protocol keeps its privileges while the renderer is loaded with loadFile (documented).
      expect(wire[FuseV1Options.GrantFileProtocolExtraPrivileges]).toBe(FuseState.ENABLE);
    });
  }
});
