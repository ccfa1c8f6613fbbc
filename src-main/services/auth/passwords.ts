import { randomBytes, scrypt as scryptCallback, timingSafeEqual, type ScryptOptions } from 'node:crypto';

// OWASP's scrypt parameters (N=2^17, r=8, p=1). The hash records its parameters, so raising
// them later makes old hashes "stale" and they are rehashed at the next successful login.
export const CURRENT_SCRYPT: ScryptCost = { N: 2 ** 17, r: 8, p: 1, keyLength: 32 };
export interface ScryptCost { N: number; r: number; p: number; keyLength: number }
const SALT_BYTES = 16;

function scrypt(password: string, salt: Buffer, params: { N: number; r: number; p: number; keyLength: number }): Promise<Buffer> {
  const options: ScryptOptions = { N: params.N, r: params.r, p: params.p, maxmem: 256 * params.N * params.r + 1024 * 1024 };
  return new Promise((resolve, reject) =>
    scryptCallback(password.normalize('NFC'), salt, params.keyLength, options, (err, key) => (err ? reject(err) : resolve(key))),
  );
}

/** Format: scrypt$N$r$p$salt(base64)$hash(base64). */
export async function hashPassword(password: string, params = CURRENT_SCRYPT): Promise<string> {
  const salt = randomBytes(SALT_BYTES);
  const key = await scrypt(password, salt, params);
  return ['scrypt', params.N, params.r, params.p, salt.toString('base64'), key.toString('base64')].join('$');
}

export interface VerifyResult {
  ok: boolean;
  /** The hash uses weaker parameters than the current ones. */
  stale: boolean;
}

/** `current`: the cost new hashes get; a stored hash below it is stale. */
export async function verifyPassword(password: string, stored: string, current: ScryptCost = CURRENT_SCRYPT): Promise<VerifyResult> {
  const parts = stored.split('$');
  if (parts.length !== 6 || parts[0] !== 'scrypt') return { ok: false, stale: false };
  const [N, r, p] = [Number(parts[1]), Number(parts[2]), Number(parts[3])];
  const salt = Buffer.from(parts[4]!, 'base64');
  const expected = Buffer.from(parts[5]!, 'base64');
  const actual = await scrypt(password, salt, { N, r, p, keyLength: expected.length });
  const ok = actual.length === expected.length && timingSafeEqual(actual, expected);
  const stale = N < current.N || r < current.r || p < current.p;
  return { ok, stale };
}

/** Hashing and checking passwords at one cost: what the handlers get (HandlerContext.passwords). */
export interface Passwords {
  hash(password: string): Promise<string>;
  verify(password: string, stored: string): Promise<VerifyResult>;
}

/**
 * The app's passwords at `cost`: OWASP's unless the app is opened with another. The integration
 * tests open theirs cheaper (as Rails does in its test environment), except the tests of signing
 * in itself: at this cost every hash takes 0.7 s of a core here, and the suite hashes over a hundred.
 */
export function passwordsAt(cost: ScryptCost = CURRENT_SCRYPT): Passwords {
  return {
    hash: (password) => hashPassword(password, cost),
    verify: (password, stored) => verifyPassword(password, stored, cost),
  };
}
