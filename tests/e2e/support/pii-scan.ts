// Finds what looks like an Iranian national code (10 digits with a valid check digit) or a
// mobile number (09xxxxxxxxx, +989…) in text, Persian and Arabic digits included. Digits that
// are part of a longer token (a hash, a token, a UUID) are not a match.
import { isValidNationalCode } from '../../../src-shared/domain/identifiers';

const toAscii = (s: string) => s.replace(/[۰-۹]/g, (d) => String(d.charCodeAt(0) - 0x06f0)).replace(/[٠-٩]/g, (d) => String(d.charCodeAt(0) - 0x0660));

export function findPersonalData(text: string): string[] {
  const ascii = toAscii(text);
  const found: string[] = [];
  for (const m of ascii.matchAll(/(?<![0-9A-Za-z_\-+])\d{10}(?![0-9A-Za-z_-])/g)) {
    if (isValidNationalCode(m[0]) && !/^(\d)\1{9}$/.test(m[0])) found.push(`national code ${m[0]} at ${m.index}`);
  }
  for (const m of ascii.matchAll(/(?<![0-9A-Za-z_-])(?:\+98|0098|0)9\d{9}(?![0-9A-Za-z_-])/g)) found.push(`mobile ${m[0]} at ${m.index}`);
  return found;
}
