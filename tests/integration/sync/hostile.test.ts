// Hostile and damaged bundles are refused by the real CLI with exit 2 and the database
// unchanged; the same bundle twice changes nothing; a gap in sequence numbers is named.
import { generateKeyPairSync } from 'node:crypto';
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import yazl from 'yazl';
import { runCli } from '../../../src-main/hosts/cli/index';
import type { CliIo } from '../../../src-main/hosts/cli/context';
import { callerFor, completeDraft } from '../../support/harness';
import { startSession } from '../../../src-main/services/auth/sessions';
import { BundleRefused, writeBundle } from '../../../src-main/sync/bundle';
import { generateOfficeKeys, rawPublic } from '../../../src-main/sync/crypto';
import { importBundle } from '../../../src-main/services/sync/import';
import { loadIdentity, SyncRefused } from '../../../src-main/services/sync/identity';
import type { SyncRefusalKind } from '../../../src-shared/api/sync';
import { createOffice, eligibleWorkshop, fingerprintOf, link, send, type Office } from './support';

let central: Office;
let intake: Office;
let good: string; // a genuine bundle from intake to central
let goodBytes: Buffer;

async function cli(office: Office, args: string[]) {
  const out: string[] = [];
  const err: string[] = [];
  const io: CliIo = { out: (l) => void out.push(l), err: (l) => void err.push(l), readStdin: async () => '' };
  const status = await runCli([...args, '--db', join(office.h.dir, 'kara.sqlite')], io);
  return { status, stdout: out.join('\n'), stderr: err.join('\n') };
}

function fingerprint(office: Office): string {
  return fingerprintOf(office.h.app.database.sqlite);
}

async function submitCase(office: Office) {
  const db = office.h.app.database.db;
  const staff = await db.selectFrom('staff').select('id').where('username', '=', 'clerk').executeTakeFirstOrThrow();
  const clerk = callerFor(office.h.app);
  clerk.session.set(await startSession(db, staff.id, office.h.clock));
  const draft = completeDraft(office.h);
  await eligibleWorkshop(office.h, draft.applicant.nationalCode);
  await eligibleWorkshop(central.h, draft.applicant.nationalCode);
  const c = await clerk.call('intake.createDraft', draft);
  return clerk.call('cases.submit', { caseId: c.id, expectedVersion: c.version });
}


/** The members of a zip, in order (for building doctored copies of a genuine bundle). */
async function membersOf(bytes: Buffer): Promise<Array<[string, Buffer]>> {
  const { default: yauzl } = await import('yauzl');
  return new Promise((resolve, reject) => {
    yauzl.fromBuffer(bytes, { lazyEntries: true }, (err, z) => {
      if (err || !z) return reject(err);
      const list: Array<[string, Buffer]> = [];
      z.on('entry', (e: import('yauzl').Entry) => z.openReadStream(e, (e2, s) => {
        if (e2 || !s) return reject(e2);
        const chunks: Buffer[] = [];
        s.on('data', (c: Buffer) => chunks.push(c));
        s.on('end', () => { list.push([e.fileName, Buffer.concat(chunks)]); z.readEntry(); });
      }));
      z.on('end', () => resolve(list));
      z.on('error', reject);
      z.readEntry();
    });
  });
}


/** Where each member's stored bytes lie in the file: [name, offset, size]. */
async function memberRanges(bytes: Buffer): Promise<Array<[string, number, number]>> {
  const { default: yauzl } = await import('yauzl');
  return new Promise((resolve, reject) => {
    yauzl.fromBuffer(bytes, { lazyEntries: true }, (err, z) => {
      if (err || !z) return reject(err);
      const list: Array<[string, number, number]> = [];
      z.on('entry', (e: import('yauzl').Entry) => {
        const at = e.relativeOffsetOfLocalHeader;
        const nameLen = bytes.readUInt16LE(at + 26);
        const extraLen = bytes.readUInt16LE(at + 28);
        list.push([e.fileName, at + 30 + nameLen + extraLen, e.compressedSize]);
        z.readEntry();
      });
      z.on('end', () => resolve(list));
      z.readEntry();
    });
  });
}

/** The kind the screen is told, from the import service itself (the CLI prints only the detail). */
async function refusalKind(office: Office, file: string): Promise<SyncRefusalKind | 'not refused'> {
  try {
    await importBundle(office.h.app.database.db, file, { now: office.h.clock.now().toISOString() });
    return 'not refused';
  } catch (e) {
    if (e instanceof BundleRefused || e instanceof SyncRefused) return e.kind;
    throw e;
  }
}

/** A bundle signed with INT-1's own key (trusted by central), for the refusals a trusted signer can still earn. */
async function fromIntake(name: string, options: { target?: string; seq: number; recipientX25519?: string; createdAt?: string }): Promise<string> {
  const me = await loadIdentity(intake.h.app.database.db);
  const centralKey = await central.h.app.database.db.selectFrom('sync_identity').select('x25519_public').executeTakeFirstOrThrow();
  const out = join(intake.h.dir, name);
  await writeBundle({
    out, source: { officeId: 'INT-1', kind: 'intake' }, target: options.target ?? 'CENTRAL', seq: options.seq, createdAt: options.createdAt ?? new Date().toISOString(),
    auditHead: { entries: 0, hash: '0'.repeat(64) }, signingKeyDer: me.ed25519PrivateDer,
    recipientX25519: options.recipientX25519 ?? centralKey.x25519_public, members: [{ entity: 'offices', records: [] }],
  });
  return out;
}

function variant(name: string, bytes: Buffer): string {
  const file = join(intake.h.dir, name);
  writeFileSync(file, bytes);
  return file;
}

function zipOf(entries: Array<{ name: string; data: Buffer; compress?: boolean }>): Promise<Buffer> {
  const zip = new yazl.ZipFile();
  for (const e of entries) zip.addBuffer(e.data, e.name, { compress: e.compress ?? false });
  zip.end();
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    zip.outputStream.on('data', (c: Buffer) => chunks.push(c));
    zip.outputStream.on('end', () => resolve(Buffer.concat(chunks)));
    zip.outputStream.on('error', reject);
  });
}

/** Renames a member in both zip headers (same length), leaving the signed manifest intact. */
function renameMember(bytes: Buffer, from: string, to: string): Buffer {
  expect(to.length).toBe(from.length);
  const out = Buffer.from(bytes);
  const inManifest = out.indexOf(from); // the manifest is stored first: its mention stays
  let at = out.indexOf(from, inManifest + 1);
  let n = 0;
  while (at >= 0) {
    out.write(to, at, 'latin1');
    n += 1;
    at = out.indexOf(from, at + 1);
  }
  expect(n).toBe(2);
  return out;
}

beforeAll(async () => {
  central = await createOffice('central', () => ({ id: 'CENTRAL' }));
  intake = await createOffice('intake', () => ({ id: 'INT-1' }));
  await link(central, intake);
  await submitCase(intake);
  good = await send(intake, central);
  goodBytes = readFileSync(good);
});

afterAll(async () => {
  await central?.h.close();
  await intake?.h.close();
});

describe('hostile bundles', () => {
  /** Refused by the CLI (exit 2, the detail on stderr) and by the service with one of `kinds`; nothing changed. */
  const refusedUnchanged = async (file: string, expectMessage: RegExp, kinds: SyncRefusalKind | SyncRefusalKind[]) => {
    const before = fingerprint(central);
    const r = await cli(central, ['sync', 'import', file]);
    expect(r.status, r.stderr).toBe(2);
    expect(r.stderr).toMatch(expectMessage);
    expect(fingerprint(central)).toBe(before);
    const v = await cli(central, ['sync', 'verify', file]);
    expect(v.status).toBe(2);
    expect([kinds].flat(), `${file}: ${r.stderr}`).toContain(await refusalKind(central, file));
    expect(fingerprint(central)).toBe(before);
  };

  it('refuses an empty file', async () => {
    await refusedUnchanged(variant('empty.kdb', Buffer.alloc(0)), /not a readable bundle/, 'damaged');
  });

  it('refuses a truncated bundle, wherever it is cut', async () => {
    for (const fraction of [0.1, 0.5, 0.9, 0.999]) {
      await refusedUnchanged(variant(`cut-${fraction}.kdb`, goodBytes.subarray(0, Math.floor(goodBytes.length * fraction))), /./, 'damaged');
    }
  });

  it('refuses a bundle with a flipped byte in the manifest, the signature or any encrypted member', async () => {
    const manifestText = goodBytes.indexOf('"seq"');
    const sig = goodBytes.indexOf('manifest.sig') + 'manifest.sig'.length + 10; // inside the signature's base64
    expect(manifestText).toBeGreaterThan(0);
    // A changed manifest is unreadable (damaged) or no longer matches its signature (untrusted).
    const positions: Array<[number, string, SyncRefusalKind[]]> = [[manifestText + 7, 'manifest', ['damaged', 'untrusted']], [sig, 'signature', ['untrusted']]];
    // Every member's stored bytes: the first, a middle and the last byte (IV, ciphertext, tag).
    for (const [name, start, size] of await memberRanges(goodBytes)) {
      if (name.startsWith('manifest')) continue;
      positions.push([start, `${name} IV`, ['damaged']], [start + Math.floor(size / 2), `${name} body`, ['damaged']], [start + size - 1, `${name} tag`, ['damaged']]);
    }
    for (const [at, label, kinds] of positions) {
      const flipped = Buffer.from(goodBytes);
      flipped[at] = flipped[at]! ^ 0x01;
      await refusedUnchanged(variant(`flip-${label.replace(/\W/g, '_')}.kdb`, flipped), /./, kinds);
    }
    expect(positions.length).toBeGreaterThan(12);
  });

  it('refuses a tampered manifest (the signature no longer matches)', async () => {
    const entries = new Map(await membersOf(goodBytes));
    const manifest = JSON.parse(entries.get('manifest.json')!.toString());
    manifest.counts.cases = 99;
    const tampered = await zipOf([...entries].map(([name, data]) => ({ name, data: name === 'manifest.json' ? Buffer.from(JSON.stringify(manifest, null, 1)) : data })));
    await refusedUnchanged(variant('tampered.kdb', tampered), /signature does not match/, 'untrusted');
  });

  it('refuses a bundle re-signed by a key central does not trust', async () => {
    const rogue = generateKeyPairSync('ed25519');
    const peer = await central.h.app.database.db.selectFrom('sync_identity').select('x25519_public').executeTakeFirstOrThrow();
    const out = join(intake.h.dir, 'rogue.kdb');
    await writeBundle({
      out, source: { officeId: 'INT-1', kind: 'intake' }, target: 'CENTRAL', seq: 50, createdAt: new Date().toISOString(),
      auditHead: { entries: 0, hash: '0'.repeat(64) }, signingKeyDer: rogue.privateKey.export({ format: 'der', type: 'pkcs8' }),
      recipientX25519: peer.x25519_public, members: [{ entity: 'offices', records: [] }],
    });
    await refusedUnchanged(out, /signature does not match office INT-1/, 'untrusted');
    expect(rawPublic(rogue.publicKey)).not.toBe((await central.h.app.database.db.selectFrom('sync_peers').select('ed25519_public').where('office_id', '=', 'INT-1').executeTakeFirstOrThrow()).ed25519_public);
    // And from an office central has never heard of.
    const out2 = join(intake.h.dir, 'stranger.kdb');
    await writeBundle({
      out: out2, source: { officeId: 'INT-9', kind: 'intake' }, target: 'CENTRAL', seq: 1, createdAt: new Date().toISOString(),
      auditHead: { entries: 0, hash: '0'.repeat(64) }, signingKeyDer: rogue.privateKey.export({ format: 'der', type: 'pkcs8' }),
      recipientX25519: peer.x25519_public, members: [{ entity: 'offices', records: [] }],
    });
    await refusedUnchanged(out2, /INT-9, which this office does not trust/, 'untrusted');
  });

  it('refuses member paths that are absolute or leave the bundle', async () => {
    await refusedUnchanged(variant('traversal.kdb', renameMember(goodBytes, 'records/cases.ndjson', '../../../../etc/pass')), /relative path|leaves the bundle/, 'unsafe');
    await refusedUnchanged(variant('absolute.kdb', renameMember(goodBytes, 'records/cases.ndjson', '/tmp/records/cases.j')), /absolute|relative path|leaves the bundle/, 'unsafe');
    await refusedUnchanged(variant('inside.kdb', renameMember(goodBytes, 'records/cases.ndjson', 'records/x/../cases.j')), /relative path|leaves the bundle/, 'unsafe');
  });

  it('refuses zip bombs: a huge manifest, and a member that inflates past its declared size', async () => {
    const bomb = await zipOf([{ name: 'manifest.json', data: Buffer.alloc(80 * 1024 * 1024, 0x20), compress: true }]);
    expect(bomb.length).toBeLessThan(1024 * 1024);
    await refusedUnchanged(variant('bomb-manifest.kdb', bomb), /larger than|ratio/, 'unsafe');

    const entries = await membersOf(goodBytes);
    const bombed = await zipOf(entries.map(([name, data]) => (name === 'records/offices.ndjson'
      ? { name, data: Buffer.alloc(60 * 1024 * 1024), compress: true }
      : { name, data, compress: name === 'manifest.json' })));
    await refusedUnchanged(variant('bomb-member.kdb', bombed), /ratio/, 'unsafe');
  });

  it('refuses a bundle addressed to another office', async () => {
    // Its own outgoing bundle, picked up by mistake at the office that made it.
    const before = fingerprint(intake);
    const r = await cli(intake, ['sync', 'import', good]);
    expect(r.status).toBe(2);
    expect(r.stderr).toMatch(/made by this office \(INT-1\) and is addressed to CENTRAL/);
    expect(fingerprint(intake)).toBe(before);
    expect(await refusalKind(intake, good)).toBe('misaddressed');
    // Signed by a trusted office, for another office; and for central's id, encrypted to another key.
    await refusedUnchanged(await fromIntake('elsewhere.kdb', { target: 'INT-2', seq: 60 }), /addressed to INT-2, not to this office/, 'misaddressed');
    await refusedUnchanged(await fromIntake('other-key.kdb', { seq: 61, recipientX25519: generateOfficeKeys().x25519Public }), /cannot open the bundle key/, 'misaddressed');
  });
});

describe('idempotence and gaps', () => {
  it('verifies without changing anything, imports once, and the second import changes nothing', async () => {
    const before = fingerprint(central);
    const v = await cli(central, ['sync', 'verify', good]);
    expect(v.status, v.stderr).toBe(0);
    expect(v.stdout).toMatch(/signature and hashes verified/);
    expect(fingerprint(central)).toBe(before);

    const first = await cli(central, ['sync', 'import', good]);
    expect(first.status, first.stderr).toBe(0);
    const after = fingerprint(central);
    expect(after).not.toBe(before);
    const again = await cli(central, ['sync', 'import', good]);
    expect(again.status).toBe(0);
    expect(again.stdout).toMatch(/already imported: nothing changed/);
    expect(fingerprint(central)).toBe(after);

    // Another bundle #1 from INT-1, genuinely signed, with other contents: refused as a conflicting copy.
    const other = await fromIntake('conflicting-1.kdb', { seq: 1, createdAt: '2020-01-01T00:00:00.000Z' });
    const conflicting = await cli(central, ['sync', 'import', other]);
    expect(conflicting.status).toBe(2);
    expect(conflicting.stderr).toMatch(/INT-1 #1 was already imported with different contents/);
    expect(await refusalKind(central, other)).toBe('conflictingCopy');
    expect(fingerprint(central)).toBe(after);
  });

  it('names a missing bundle, applies the later one, and fills the gap when the missing one arrives', async () => {
    await submitCase(intake);
    const second = await send(intake, central);
    await submitCase(intake);
    const third = await send(intake, central);
    const r3 = await cli(central, ['sync', 'import', third]);
    expect(r3.status, r3.stderr).toBe(0);
    expect(r3.stderr).toMatch(/INT-1 #2 have not arrived/);
    const status = await cli(central, ['sync', 'status']);
    expect(status.stdout).toMatch(/MISSING #2/);
    const r2 = await cli(central, ['sync', 'import', second]);
    expect(r2.status, r2.stderr).toBe(0);
    const after = await cli(central, ['sync', 'status', '--json']);
    const peer = JSON.parse(after.stdout).peers.find((p: { officeId: string }) => p.officeId === 'INT-1');
    expect(peer).toMatchObject({ lastSeqReceived: 3, missing: [] });
    expect(await central.h.app.database.db.selectFrom('cases').select('id').execute()).toHaveLength(3);
  });
});
