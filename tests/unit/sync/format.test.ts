import { readFileSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { renderSyncFormatDoc, SYNC_FORMAT_DOC } from '../../../src-main/sync/format-doc';
import { generateOfficeKeys, signBytes, unwrapKey, verifySignature, wrapKey } from '../../../src-main/sync/crypto';
import { BundleRefused, openBundle, writeBundle, assertSafeMemberName } from '../../../src-main/sync/bundle';
import { SYNC_ENTITY_ORDER } from '../../../src-shared/api/sync';

const dir = mkdtempSync(join(tmpdir(), 'kara-sync-unit-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

describe('docs/sync-format.md', () => {
  it('is generated from the current schemas', () => {
    expect(readFileSync(SYNC_FORMAT_DOC, 'utf8')).toBe(renderSyncFormatDoc());
  });
  it('holds the JSON Schema of every record', () => {
    const doc = renderSyncFormatDoc();
    for (const e of SYNC_ENTITY_ORDER) expect(doc).toContain(`### ${e}\n\n\`\`\`json`);
  });
});

describe('keys', () => {
  it('signs and verifies, and a signature fails on other bytes or another key', () => {
    const a = generateOfficeKeys();
    const b = generateOfficeKeys();
    const sig = signBytes(a.ed25519Private, Buffer.from('manifest'));
    expect(verifySignature(a.ed25519Public, Buffer.from('manifest'), sig)).toBe(true);
    expect(verifySignature(a.ed25519Public, Buffer.from('manifesT'), sig)).toBe(false);
    expect(verifySignature(b.ed25519Public, Buffer.from('manifest'), sig)).toBe(false);
    expect(verifySignature(a.ed25519Public, Buffer.from('manifest'), 'AAAA')).toBe(false);
  });
  it('wraps a bundle key that only the recipient can unwrap', () => {
    const r = generateOfficeKeys();
    const other = generateOfficeKeys();
    const key = Buffer.alloc(32, 7);
    const w = wrapKey(key, r.x25519Public);
    expect(unwrapKey(w, r.x25519Private, r.x25519Public)).toEqual(key);
    expect(() => unwrapKey(w, other.x25519Private, other.x25519Public)).toThrow(/another office key/);
    expect(() => unwrapKey({ ...w, recipientKeySha256: w.recipientKeySha256 }, other.x25519Private, r.x25519Public)).toThrow();
  });
});

describe('bundle writer and reader', () => {
  const sender = generateOfficeKeys();
  const recipient = generateOfficeKeys();
  const keys = (trusted: boolean) => ({
    officeId: 'CENTRAL', x25519PrivateDer: recipient.x25519Private, x25519Public: recipient.x25519Public,
    signerOf: (id: string) => (trusted && id === 'INT-1' ? { ed25519Public: sender.ed25519Public } : null),
  });
  const write = (out: string, records: unknown[]) => writeBundle({
    out, source: { officeId: 'INT-1', kind: 'intake' }, target: 'CENTRAL', seq: 1, createdAt: '2020-08-01T06:30:00.000Z',
    auditHead: { entries: 0, hash: '0'.repeat(64) }, signingKeyDer: sender.ed25519Private, recipientX25519: recipient.x25519Public,
    members: [{ entity: 'offices', records }, { entity: 'attachment', attachment: { sha256: 'e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855', bytes: Buffer.alloc(0) } }],
  });
  const office = { id: 'INT-1', kind: 'intake', name_fa: 'دفتر', name_en: 'Office', agency_code: null, branch_code: null, county_code: null };

  it('round-trips records; the payload is not readable in the file', async () => {
    const out = join(dir, 'a.kdb');
    const many = Array.from({ length: 3000 }, (_, i) => ({ ...office, id: `OFFICE-SECRET-${i}` }));
    await write(out, many);
    expect(readFileSync(out).includes(Buffer.from('OFFICE-SECRET'))).toBe(false);
    const b = await openBundle(out, keys(true));
    const got: unknown[] = [];
    let attachments = 0;
    await b.readMembers({ record: (_e, r) => void got.push(r), attachment: () => void (attachments += 1) });
    b.close();
    expect(got).toEqual(many);
    expect(attachments).toBe(1);
    expect(b.manifest.counts).toEqual({ offices: 3000, attachments: 1 });
  });

  it('refuses a record that does not follow its schema, even when properly signed', async () => {
    const out = join(dir, 'b.kdb');
    await write(out, [{ ...office, kind: 'bank' }]);
    const b = await openBundle(out, keys(true));
    await expect(b.readMembers({ record: () => undefined, attachment: () => undefined })).rejects.toThrow(/record 1 is invalid/);
    b.close();
  });

  it('refuses an untrusted signer before reading any record', async () => {
    const out = join(dir, 'c.kdb');
    await write(out, [office]);
    const refusal = await openBundle(out, keys(false)).catch((e: unknown) => e);
    expect(refusal).toBeInstanceOf(BundleRefused);
    expect((refusal as BundleRefused).kind).toBe('untrusted');
  });

  it('refuses unsafe member names', () => {
    for (const bad of ['/etc/passwd', '../x', 'records/../../x', 'C:/x', 'a\\b', 'records//x', './x']) {
      expect(() => assertSafeMemberName(bad)).toThrow(BundleRefused);
      expect(() => assertSafeMemberName(bad)).toThrow(expect.objectContaining({ kind: 'unsafe' }));
    }
    expect(() => assertSafeMemberName('records/cases.ndjson')).not.toThrow();
  });
});
