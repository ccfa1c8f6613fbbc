// The bundle file: a zip of manifest.json, manifest.sig and encrypted members (docs/sync-format.md).
// Writing: records -> NDJSON -> raw DEFLATE -> AES-256-GCM -> a temp file of ciphertext only
// -> the zip. Reading: one streaming pass with every size, ratio, hash and tag checked.
import { createCipheriv, createDecipheriv, createHash, randomBytes, type CipherGCM, type DecipherGCM } from 'node:crypto';
import { createReadStream, createWriteStream, mkdtempSync, renameSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Readable, Transform, type TransformCallback } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import { createDeflateRaw, createInflateRaw } from 'node:zlib';
import yauzl from 'yauzl';
import yazl from 'yazl';
import {
  BUNDLE_FORMAT, BUNDLE_VERSION, SYNC_ENTITIES, manifestSchema, type Manifest, type SyncEntity, type SyncJobProgress, type SyncRefusalKind,
} from '../../src-shared/api/sync';
import { IV_BYTES, TAG_BYTES, sha256Hex, signBytes, unwrapKey, verifySignature, wrapKey } from './crypto';

export const MAX_MANIFEST_BYTES = 64 * 1024 * 1024;
export const MAX_LINE_BYTES = 16 * 1024 * 1024;
export const MAX_ATTACHMENT_BYTES = 64 * 1024 * 1024;
/** Inflated bytes per stored byte allowed, for the zip's own compression and the payload's. */
export const MAX_ZIP_RATIO = 50;
export const MAX_PAYLOAD_RATIO = 200;
/** Bytes zlib hands on at a time, both ways: fewer, larger hops between zlib's thread and this one. */
const INFLATE_CHUNK = 256 * 1024;

/**
 * A bundle refused for what it is (exit 2): nothing has been changed. The message is the
 * technical detail (what the CLI prints); `kind` is what the screen explains in the user's language.
 */
export class BundleRefused extends Error {
  override name = 'BundleRefused';
  constructor(message: string, readonly kind: SyncRefusalKind) {
    super(message);
  }
}

/** yauzl's own refusals of a member's name (strictFileNames) are about safety, not damage. */
const UNSAFE_ZIP_NAME = /^(absolute path|invalid relative path|invalid characters in fileName): /;

// ------------------------------------------------------------------------------------------
// Writing

export interface MemberSource {
  entity: SyncEntity | 'attachment';
  /** NDJSON records of one entity, or the bytes of one attachment. */
  records?: AsyncIterable<unknown> | Iterable<unknown>;
  /** The records a page at a time (one await per page rather than per record). */
  pages?: AsyncIterable<readonly unknown[]>;
  /** The records a page at a time, each already one line of JSON text (the database wrote it). */
  lines?: AsyncIterable<readonly string[]>;
  attachment?: { sha256: string; bytes: Buffer };
}

export interface WriteBundleInput {
  out: string;
  source: Manifest['source'];
  target: string;
  seq: number;
  createdAt: string;
  auditHead: Manifest['auditHead'];
  signingKeyDer: Buffer;
  recipientX25519: string;
  members: AsyncIterable<MemberSource> | Iterable<MemberSource>;
  /** Records as the manifest counts them (an attachment's file is one), then the finishing phase. */
  onProgress?: (p: SyncJobProgress) => void;
  /** Runs once the file is complete under a temporary name; the bundle appears only if it succeeds. */
  beforeRename?: (result: { manifest: Manifest; fileSha256: string; bytes: number }) => Promise<void>;
}

/** Frames AES-GCM output as IV || ciphertext || tag, hashing and counting what it emits. */
class GcmFramer extends Transform {
  readonly hash = createHash('sha256');
  size = 0;
  constructor(private readonly cipher: CipherGCM, iv: Buffer) {
    super();
    this.emitBytes(iv);
  }
  private emitBytes(b: Buffer) {
    this.hash.update(b);
    this.size += b.length;
    this.push(b);
  }
  override _transform(chunk: Buffer, _e: BufferEncoding, cb: TransformCallback) {
    this.emitBytes(chunk);
    cb();
  }
  override _flush(cb: TransformCallback) {
    this.emitBytes(this.cipher.getAuthTag());
    cb();
  }
}

async function* inPages(records: AsyncIterable<unknown> | Iterable<unknown>): AsyncIterable<readonly unknown[]> {
  if (Array.isArray(records)) yield records;
  else for await (const r of records) yield [r];
}

async function* ndjson(pages: AsyncIterable<readonly unknown[]>, counter: { n: number; plain: number }, onRecord: () => void, asText: boolean) {
  // Lines are encoded straight into ~1 MiB pieces (one native write per line, no joined copy).
  const PIECE = 1 << 20;
  let buf = Buffer.allocUnsafe(PIECE);
  let used = 0;
  const piece = () => {
    const b = buf.subarray(0, used);
    counter.plain += used;
    buf = Buffer.allocUnsafe(PIECE);
    used = 0;
    return b;
  };
  for await (const page of pages) {
    for (const r of page) {
      const line = (asText ? (r as string) : JSON.stringify(r)) + '\n';
      counter.n += 1;
      onRecord();
      const most = line.length * 3; // UTF-8 bytes per UTF-16 unit, at most
      if (used + most > PIECE) {
        if (used) yield piece();
        if (most > PIECE) {
          const big = Buffer.from(line);
          counter.plain += big.length;
          yield big;
          continue;
        }
      }
      used += buf.write(line, used);
    }
  }
  if (used) yield piece();
}

export async function writeBundle(input: WriteBundleInput): Promise<{ manifest: Manifest; fileSha256: string; bytes: number }> {
  const bundleKey = randomBytes(32);
  const work = mkdtempSync(join(tmpdir(), 'kara-bundle-'));
  const members: Manifest['members'] = [];
  const counts: Record<string, number> = {};
  const files: string[] = [];
  let records = 0;
  let bytes = 0;
  try {
    for await (const m of input.members) {
      const name = m.entity === 'attachment' ? `attachments/${m.attachment!.sha256}` : `records/${m.entity}.ndjson`;
      const iv = randomBytes(IV_BYTES);
      const cipher = createCipheriv('aes-256-gcm', bundleKey, iv);
      cipher.setAAD(Buffer.from(name));
      const framer = new GcmFramer(cipher, iv);
      const file = join(work, String(files.length));
      const counter = { n: 0, plain: 0 };
      const counted = () => {
        records += 1;
        if (records % 1000 === 0) input.onProgress?.({ records, bytes });
      };
      const source = m.attachment ? Readable.from([m.attachment.bytes]) : Readable.from(ndjson(m.lines ?? m.pages ?? inPages(m.records ?? []), counter, counted, m.lines !== undefined));
      if (m.attachment) {
        counter.plain = m.attachment.bytes.length;
        counted();
      }
      // Only ciphertext reaches the disk: the temp file receives the framer's output. Deflate's
      // fastest level: an export took 15 % less time for a bundle a third larger (USB sticks).
      // Its output in 256 KiB pieces, as the reader inflates (16 KiB, zlib's default, made the
      // 100,000-case export 12 % slower: more hops between zlib's thread and this one).
      await pipeline(source, createDeflateRaw({ level: 1, chunkSize: INFLATE_CHUNK }), cipher, framer, createWriteStream(file));
      bytes += framer.size;
      files.push(file);
      members.push({ name, entity: m.entity, size: framer.size, sha256: framer.hash.digest('hex'), plainSize: counter.plain, records: m.attachment ? 1 : counter.n });
      const key = m.entity === 'attachment' ? 'attachments' : m.entity;
      if (m.entity !== 'attachments') counts[key] = (counts[key] ?? 0) + (m.attachment ? 1 : counter.n);
    }
    // Every record is written; copying the members into the zip and recording the bundle as
    // sent take a while for a large bundle.
    input.onProgress?.({ records, bytes, phase: 'finishing' });
    const manifest: Manifest = {
      format: BUNDLE_FORMAT,
      version: BUNDLE_VERSION,
      source: input.source,
      target: input.target,
      seq: input.seq,
      createdAt: input.createdAt,
      auditHead: input.auditHead,
      encryption: wrapKey(bundleKey, input.recipientX25519),
      members,
      counts,
    };
    const manifestBytes = Buffer.from(JSON.stringify(manifest, null, 1));
    const zip = new yazl.ZipFile();
    const mtime = new Date(input.createdAt);
    zip.addBuffer(manifestBytes, 'manifest.json', { mtime, compress: false }); // readable as it is
    zip.addBuffer(Buffer.from(signBytes(input.signingKeyDer, manifestBytes)), 'manifest.sig', { mtime, compress: false });
    members.forEach((m, i) => zip.addReadStream(createReadStream(files[i]!), m.name, { mtime, compress: false, size: m.size }));
    zip.end();
    const partial = `${input.out}.partial`;
    const fileHash = createHash('sha256');
    let fileBytes = 0;
    await pipeline(
      zip.outputStream,
      new Transform({ transform(chunk: Buffer, _e, cb) { fileHash.update(chunk); fileBytes += chunk.length; cb(null, chunk); } }),
      createWriteStream(partial),
    );
    const result = { manifest, fileSha256: fileHash.digest('hex'), bytes: fileBytes };
    try {
      await input.beforeRename?.(result);
    } catch (e) {
      rmSync(partial, { force: true });
      throw e;
    }
    renameSync(partial, input.out);
    input.onProgress?.({ records, bytes: fileBytes });
    return result;
  } finally {
    bundleKey.fill(0);
    rmSync(work, { recursive: true, force: true });
  }
}

// ------------------------------------------------------------------------------------------
// Reading

export interface TrustedSigner {
  ed25519Public: string;
}

export interface ReadKeys {
  /** This office: the bundle must be addressed to it. */
  officeId: string;
  x25519PrivateDer: Buffer;
  x25519Public: string;
  /** The trusted signer for an office id, or null (unknown or untrusted: refused). */
  signerOf(officeId: string): TrustedSigner | null;
}

export type RecordSink = (entity: SyncEntity, record: unknown) => Promise<void> | void;
export type AttachmentSink = (sha256: string, bytes: Buffer) => Promise<void> | void;

export interface OpenedBundle {
  manifest: Manifest;
  manifestSha256: string;
  /** Streams every member through the checks, handing each validated record to the sinks. */
  readMembers(sinks: { record: RecordSink; attachment: AttachmentSink; onProgress?: (p: { records: number; bytes: number }) => void }): Promise<void>;
  close(): void;
}

function openZip(file: string): Promise<yauzl.ZipFile> {
  return new Promise((resolve, reject) => {
    yauzl.open(file, { lazyEntries: true, autoClose: false, validateEntrySizes: true, strictFileNames: true, decodeStrings: true }, (err, zip) => {
      if (err || !zip) reject(new BundleRefused(`not a readable bundle: ${err?.message ?? 'unknown'}`, 'damaged'));
      else resolve(zip);
    });
  });
}

function nextEntry(zip: yauzl.ZipFile): Promise<yauzl.Entry | null> {
  return new Promise((resolve, reject) => {
    const onEntry = (e: yauzl.Entry) => { cleanup(); resolve(e); };
    const onEnd = () => { cleanup(); resolve(null); };
    const onError = (err: Error) => { cleanup(); reject(new BundleRefused(`damaged bundle: ${err.message}`, UNSAFE_ZIP_NAME.test(err.message) ? 'unsafe' : 'damaged')); };
    const cleanup = () => { zip.off('entry', onEntry); zip.off('end', onEnd); zip.off('error', onError); };
    zip.on('entry', onEntry);
    zip.on('end', onEnd);
    zip.on('error', onError);
    zip.readEntry();
  });
}

function entryStream(zip: yauzl.ZipFile, entry: yauzl.Entry): Promise<Readable> {
  return new Promise((resolve, reject) => {
    zip.openReadStream(entry, (err, stream) => (err || !stream ? reject(new BundleRefused(`damaged member ${entry.fileName}: ${err?.message}`, 'damaged')) : resolve(stream)));
  });
}

/** Refuses a member path that is absolute, leaves the bundle, or is not one the format names. */
export function assertSafeMemberName(name: string): void {
  if (name.startsWith('/') || name.startsWith('\\') || /^[a-zA-Z]:/.test(name) || name.includes('\\') || name.split('/').some((p) => p === '..' || p === '.' || p === '')) {
    throw new BundleRefused(`member path "${name}" is absolute or leaves the bundle`, 'unsafe');
  }
}

function checkEntrySize(entry: yauzl.Entry, expected: number, what: string): void {
  assertSafeMemberName(entry.fileName);
  // The ratio first: a zip bomb is refused as one, whatever size it claims.
  if (entry.uncompressedSize > 0 && entry.uncompressedSize > Math.max(1024, entry.compressedSize * MAX_ZIP_RATIO)) {
    throw new BundleRefused(`${what}: compression ratio above ${MAX_ZIP_RATIO} (a zip bomb?)`, 'unsafe');
  }
  if (entry.uncompressedSize !== expected) throw new BundleRefused(`${what}: size ${entry.uncompressedSize} differs from the manifest's ${expected}`, 'damaged');
}

async function readSmall(zip: yauzl.ZipFile, entry: yauzl.Entry, max: number): Promise<Buffer> {
  assertSafeMemberName(entry.fileName);
  if (entry.uncompressedSize > max) throw new BundleRefused(`${entry.fileName} is larger than ${max} bytes`, 'unsafe');
  if (entry.uncompressedSize > Math.max(4096, entry.compressedSize * MAX_ZIP_RATIO)) throw new BundleRefused(`${entry.fileName}: compression ratio too high (a zip bomb?)`, 'unsafe');
  const chunks: Buffer[] = [];
  let n = 0;
  try {
    for await (const chunk of await entryStream(zip, entry)) {
      n += (chunk as Buffer).length;
      if (n > max) throw new BundleRefused(`${entry.fileName} is larger than ${max} bytes`, 'unsafe');
      chunks.push(chunk as Buffer);
    }
  } catch (e) {
    if (e instanceof BundleRefused) throw e;
    throw new BundleRefused(`damaged member ${entry.fileName}: ${(e as Error).message}`, 'damaged');
  }
  return Buffer.concat(chunks);
}

/** Counts and hashes stored bytes; refuses more than the manifest declared. */
class StoredCheck extends Transform {
  readonly hash = createHash('sha256');
  size = 0;
  constructor(private readonly max: number, private readonly name: string, private readonly onBytes: (n: number) => void) {
    super();
  }
  override _transform(chunk: Buffer, _e: BufferEncoding, cb: TransformCallback) {
    this.size += chunk.length;
    if (this.size > this.max) return cb(new BundleRefused(`${this.name} is longer than the manifest says`, 'damaged'));
    this.hash.update(chunk);
    this.onBytes(chunk.length);
    cb(null, chunk);
  }
}

/** IV || ciphertext || tag -> plaintext; the tag is checked before the stream ends. */
class GcmOpener extends Transform {
  private head = Buffer.alloc(0);
  private decipher: DecipherGCM | null = null;
  private held = Buffer.alloc(0);
  constructor(private readonly key: Buffer, private readonly name: string) {
    super();
  }
  override _transform(chunk: Buffer, _e: BufferEncoding, cb: TransformCallback) {
    let data = chunk;
    if (!this.decipher) {
      this.head = Buffer.concat([this.head, data]);
      if (this.head.length < IV_BYTES) return cb();
      this.decipher = createDecipheriv('aes-256-gcm', this.key, this.head.subarray(0, IV_BYTES));
      this.decipher.setAAD(Buffer.from(this.name));
      data = this.head.subarray(IV_BYTES);
    }
    const all = Buffer.concat([this.held, data]);
    const cut = Math.max(0, all.length - TAG_BYTES);
    this.held = all.subarray(cut);
    cb(null, cut > 0 ? this.decipher.update(all.subarray(0, cut)) : undefined);
  }
  override _flush(cb: TransformCallback) {
    if (!this.decipher || this.held.length !== TAG_BYTES) return cb(new BundleRefused(`${this.name} is truncated`, 'damaged'));
    try {
      this.decipher.setAuthTag(this.held);
      cb(null, this.decipher.final());
    } catch {
      cb(new BundleRefused(`${this.name} fails its authentication tag (damaged or tampered)`, 'damaged'));
    }
  }
}

/** Whether a member's stored bytes are the ones the signed manifest names (read again, on a refusal only). */
async function storedBytesMatch(zip: yauzl.ZipFile, entry: yauzl.Entry, sha256: string): Promise<boolean> {
  const hash = createHash('sha256');
  try {
    for await (const chunk of await entryStream(zip, entry)) hash.update(chunk as Buffer);
  } catch {
    return false;
  }
  return hash.digest('hex') === sha256;
}

class PlainLimit extends Transform {
  size = 0;
  constructor(private readonly max: number, private readonly name: string) {
    super();
  }
  override _transform(chunk: Buffer, _e: BufferEncoding, cb: TransformCallback) {
    this.size += chunk.length;
    if (this.size > this.max) return cb(new BundleRefused(`${this.name} inflates beyond the manifest's size (a zip bomb?)`, 'unsafe'));
    cb(null, chunk);
  }
}

/**
 * Opens a bundle and checks its manifest: the first member, its signature (a trusted signer
 * only), its addressee, and the wrapped key. Records are read later by `readMembers`.
 */
export async function openBundle(file: string, keys: ReadKeys): Promise<OpenedBundle> {
  const zip = await openZip(file);
  try {
    const first = await nextEntry(zip);
    if (!first || first.fileName !== 'manifest.json') throw new BundleRefused('the first member must be manifest.json', 'damaged');
    const manifestBytes = await readSmall(zip, first, MAX_MANIFEST_BYTES);
    const second = await nextEntry(zip);
    if (!second || second.fileName !== 'manifest.sig') throw new BundleRefused('the second member must be manifest.sig', 'damaged');
    const signature = (await readSmall(zip, second, 200)).toString('utf8').trim();
    let parsedJson: unknown;
    try {
      parsedJson = JSON.parse(manifestBytes.toString('utf8'));
    } catch {
      throw new BundleRefused('manifest.json is not JSON', 'damaged');
    }
    const parsed = manifestSchema.safeParse(parsedJson);
    if (!parsed.success) throw new BundleRefused(`manifest.json does not follow the format: ${parsed.error.issues[0]?.path.join('.')} ${parsed.error.issues[0]?.message}`, 'damaged');
    const manifest = parsed.data;
    // This office's own outgoing bundle, picked up by mistake: said as such, not as an untrusted signer.
    if (manifest.source.officeId === keys.officeId) throw new BundleRefused(`the bundle was made by this office (${keys.officeId}) and is addressed to ${manifest.target}: import it there`, 'misaddressed');
    const signer = keys.signerOf(manifest.source.officeId);
    if (!signer) throw new BundleRefused(`the bundle is signed by office ${manifest.source.officeId}, which this office does not trust`, 'untrusted');
    if (!verifySignature(signer.ed25519Public, manifestBytes, signature)) throw new BundleRefused(`the signature does not match office ${manifest.source.officeId}'s trusted key (tampered, or signed by another key)`, 'untrusted');
    if (manifest.target !== keys.officeId) throw new BundleRefused(`the bundle is addressed to ${manifest.target}, not to this office (${keys.officeId})`, 'misaddressed');
    const names = new Set<string>();
    for (const m of manifest.members) {
      assertSafeMemberName(m.name);
      if (names.has(m.name)) throw new BundleRefused(`member ${m.name} is listed twice`, 'damaged');
      names.add(m.name);
      if (m.plainSize > Math.max(65536, m.size * MAX_PAYLOAD_RATIO)) throw new BundleRefused(`${m.name}: declared compression ratio too high`, 'unsafe');
    }
    let bundleKey: Buffer;
    try {
      bundleKey = unwrapKey(manifest.encryption, keys.x25519PrivateDer, keys.x25519Public);
    } catch (e) {
      throw new BundleRefused(`cannot open the bundle key: ${(e as Error).message}`, 'misaddressed');
    }
    const manifestSha256 = sha256Hex(manifestBytes);

    return {
      manifest,
      manifestSha256,
      close: () => zip.close(),
      async readMembers(sinks) {
        let records = 0;
        let bytes = manifestBytes.length;
        const progress = () => sinks.onProgress?.({ records, bytes });
        for (const member of manifest.members) {
          const entry = await nextEntry(zip);
          if (!entry) throw new BundleRefused(`member ${member.name} is missing (truncated bundle?)`, 'damaged');
          if (entry.fileName !== member.name) throw new BundleRefused(`found member "${entry.fileName}" where the manifest lists ${member.name}`, 'damaged');
          checkEntrySize(entry, member.size, member.name);
          const stored = new StoredCheck(member.size, member.name, (n) => { bytes += n; });
          const limit = new PlainLimit(member.plainSize, member.name);
          let count = 0;
          const consume = async (src: AsyncIterable<Buffer>) => {
            if (member.entity === 'attachment') {
              const chunks: Buffer[] = [];
              for await (const c of src) chunks.push(c);
              const data = Buffer.concat(chunks);
              const sha = member.name.slice('attachments/'.length);
              if (data.length > MAX_ATTACHMENT_BYTES) throw new BundleRefused(`${member.name} is too large`, 'unsafe');
              if (sha256Hex(data) !== sha) throw new BundleRefused(`${member.name} does not hash to its name`, 'damaged');
              count = 1;
              records += 1;
              await sinks.attachment(sha, data);
              return;
            }
            const entity = member.entity as SyncEntity;
            if (`records/${entity}.ndjson` !== member.name) throw new BundleRefused(`member ${member.name} does not hold ${entity}`, 'damaged');
            const schema = SYNC_ENTITIES[entity];
            const tooLong = () => new BundleRefused(`${member.name} has a line longer than ${MAX_LINE_BYTES} bytes`, 'unsafe');
            const handle = (line: string): Promise<void> | void => {
              if (!line) return;
              let value: unknown;
              try {
                value = JSON.parse(line);
              } catch {
                throw new BundleRefused(`${member.name} line ${count + 1} is not JSON`, 'damaged');
              }
              const r = schema.safeParse(value);
              if (!r.success) throw new BundleRefused(`${member.name} record ${count + 1} is invalid: ${r.error.issues[0]?.path.join('.')} ${r.error.issues[0]?.message}`, 'invalidRecord');
              count += 1;
              records += 1;
              if (records % 500 === 0) progress();
              return sinks.record(entity, r.data);
            };
            // Lines end at a newline byte, which never occurs inside a multi-byte UTF-8 sequence:
            // each chunk is decoded once, up to its last newline, and the rest waits for the next.
            let held: Buffer = Buffer.alloc(0);
            for await (const c of src) {
              const chunk: Buffer = held.length ? Buffer.concat([held, c as Buffer]) : (c as Buffer);
              const last = chunk.lastIndexOf(0x0a);
              if (last < 0) {
                held = chunk;
                if (held.length > MAX_LINE_BYTES) throw tooLong();
                continue;
              }
              held = chunk.subarray(last + 1);
              if (held.length > MAX_LINE_BYTES) throw tooLong();
              const text = chunk.toString('utf8', 0, last + 1);
              let from = 0;
              for (let nl = text.indexOf('\n'); nl >= 0; nl = text.indexOf('\n', from)) {
                if (nl - from > MAX_LINE_BYTES) throw tooLong();
                // The sink is awaited only when it has work to wait for.
                const pending = handle(text.slice(from, nl));
                from = nl + 1;
                if (pending) await pending;
              }
            }
            if (held.toString('utf8').trim()) throw new BundleRefused(`${member.name} does not end with a newline (truncated?)`, 'damaged');
          };
          let firstRefusal: unknown = null;
          const consumeOnce = async (src: AsyncIterable<Buffer>) => {
            try {
              await consume(src);
            } catch (e) {
              firstRefusal ??= e;
              throw e;
            }
          };
          try {
            await pipeline(await entryStream(zip, entry), stored, new GcmOpener(bundleKey, member.name), createInflateRaw({ chunkSize: INFLATE_CHUNK }), limit, consumeOnce);
          } catch (e) {
            // The sink's own error (a refusal, or a database error to roll back) comes first.
            const failure = firstRefusal ?? (e instanceof BundleRefused ? e : new BundleRefused(`${member.name} is damaged: ${(e as Error).message}`, 'damaged'));
            // Records reach the sinks before the member's tag is checked at its end: a failure over
            // what a changed byte made of them (an invalid record, a bomb, a database constraint)
            // is told as the damage it is. Read again on this path only.
            if (!(failure instanceof BundleRefused && failure.kind === 'damaged') && !(await storedBytesMatch(zip, entry, member.sha256))) {
              throw new BundleRefused(`${member.name} does not match its SHA-256 in the manifest`, 'damaged');
            }
            throw failure;
          }
          if (stored.size !== member.size) throw new BundleRefused(`${member.name} is shorter than the manifest says`, 'damaged');
          if (stored.hash.digest('hex') !== member.sha256) throw new BundleRefused(`${member.name} does not match its SHA-256 in the manifest`, 'damaged');
          if (limit.size !== member.plainSize) throw new BundleRefused(`${member.name} inflates to ${limit.size} bytes, not ${member.plainSize}`, 'damaged');
          if (count !== member.records) throw new BundleRefused(`${member.name} holds ${count} records, not ${member.records}`, 'damaged');
          progress();
        }
        const extra = await nextEntry(zip);
        if (extra) throw new BundleRefused(`member "${extra.fileName}" is not listed in the manifest`, 'damaged');
      },
    };
  } catch (e) {
    zip.close();
    throw e;
  }
}
