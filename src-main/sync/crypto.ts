// Keys and primitives of the bundle format (docs/sync-format.md): Ed25519 signatures,
// X25519 key agreement + HKDF-SHA256 to wrap a fresh AES-256-GCM bundle key.
import {
  createCipheriv, createDecipheriv, createHash, createPrivateKey, createPublicKey, diffieHellman, generateKeyPairSync,
  hkdfSync, randomBytes, sign, verify, type KeyObject,
} from 'node:crypto';

export const WRAP_INFO = 'kara-desk bundle key v1';
export const IV_BYTES = 12;
export const TAG_BYTES = 16;

export interface OfficeKeys {
  ed25519Public: string; // base64 of the raw 32 bytes
  ed25519Private: Buffer; // PKCS#8 DER
  x25519Public: string;
  x25519Private: Buffer;
}

export function generateOfficeKeys(): OfficeKeys {
  const ed = generateKeyPairSync('ed25519');
  const x = generateKeyPairSync('x25519');
  return {
    ed25519Public: rawPublic(ed.publicKey),
    ed25519Private: ed.privateKey.export({ format: 'der', type: 'pkcs8' }),
    x25519Public: rawPublic(x.publicKey),
    x25519Private: x.privateKey.export({ format: 'der', type: 'pkcs8' }),
  };
}

export function rawPublic(key: KeyObject): string {
  const jwk = key.export({ format: 'jwk' });
  return Buffer.from(jwk.x!, 'base64url').toString('base64');
}

export function publicKeyFromRaw(raw: string, crv: 'Ed25519' | 'X25519'): KeyObject {
  const bytes = Buffer.from(raw, 'base64');
  if (bytes.length !== 32) throw new Error(`a ${crv} public key is 32 bytes`);
  return createPublicKey({ key: { kty: 'OKP', crv, x: bytes.toString('base64url') }, format: 'jwk' });
}

export function privateKeyFromDer(der: Buffer): KeyObject {
  return createPrivateKey({ key: der, format: 'der', type: 'pkcs8' });
}

export function signBytes(privateDer: Buffer, data: Buffer): string {
  return sign(null, data, privateKeyFromDer(privateDer)).toString('base64');
}

export function verifySignature(publicRaw: string, data: Buffer, signatureB64: string): boolean {
  const sig = Buffer.from(signatureB64, 'base64');
  if (sig.length !== 64) return false;
  try {
    return verify(null, data, publicKeyFromRaw(publicRaw, 'Ed25519'), sig);
  } catch {
    return false;
  }
}

export function sha256Hex(data: Buffer | string): string {
  return createHash('sha256').update(data).digest('hex');
}

export interface WrappedKey {
  alg: 'X25519-HKDF-SHA256-A256GCM';
  /** SHA-256 (hex) of the recipient's raw X25519 public key: which key can open it. */
  recipientKeySha256: string;
  ephemeralPublicKey: string;
  iv: string;
  ciphertext: string;
  tag: string;
}

function kek(shared: Buffer, ephemeralRaw: Buffer, recipientRaw: Buffer): Buffer {
  return Buffer.from(hkdfSync('sha256', shared, Buffer.concat([ephemeralRaw, recipientRaw]), WRAP_INFO, 32));
}

/** Wraps a bundle key for the recipient's X25519 public key (ECIES-style, fresh ephemeral key). */
export function wrapKey(bundleKey: Buffer, recipientX25519Raw: string): WrappedKey {
  const recipient = publicKeyFromRaw(recipientX25519Raw, 'X25519');
  const eph = generateKeyPairSync('x25519');
  const ephRaw = Buffer.from(rawPublic(eph.publicKey), 'base64');
  const recipientRaw = Buffer.from(recipientX25519Raw, 'base64');
  const key = kek(diffieHellman({ privateKey: eph.privateKey, publicKey: recipient }), ephRaw, recipientRaw);
  const iv = randomBytes(IV_BYTES);
  const cipher = createCipheriv('aes-256-gcm', key, iv);
  const ciphertext = Buffer.concat([cipher.update(bundleKey), cipher.final()]);
  return {
    alg: 'X25519-HKDF-SHA256-A256GCM',
    recipientKeySha256: sha256Hex(recipientRaw),
    ephemeralPublicKey: ephRaw.toString('base64'),
    iv: iv.toString('base64'),
    ciphertext: ciphertext.toString('base64'),
    tag: cipher.getAuthTag().toString('base64'),
  };
}

export function unwrapKey(wrapped: WrappedKey, x25519PrivateDer: Buffer, x25519PublicRaw: string): Buffer {
  const recipientRaw = Buffer.from(x25519PublicRaw, 'base64');
  if (sha256Hex(recipientRaw) !== wrapped.recipientKeySha256) throw new Error('the bundle is encrypted to another office key');
  const ephRaw = Buffer.from(wrapped.ephemeralPublicKey, 'base64');
  const shared = diffieHellman({ privateKey: privateKeyFromDer(x25519PrivateDer), publicKey: publicKeyFromRaw(wrapped.ephemeralPublicKey, 'X25519') });
  const decipher = createDecipheriv('aes-256-gcm', kek(shared, ephRaw, recipientRaw), Buffer.from(wrapped.iv, 'base64'));
  decipher.setAuthTag(Buffer.from(wrapped.tag, 'base64'));
  const key = Buffer.concat([decipher.update(Buffer.from(wrapped.ciphertext, 'base64')), decipher.final()]);
  if (key.length !== 32) throw new Error('bad bundle key');
  return key;
}
