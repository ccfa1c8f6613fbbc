// Tracking codes: 4-digit office prefix + 7-digit sequence + a Verhoeff check digit.
// Each office issues from its own prefix (assigned when central provisions it), so codes are
// unique without any coordination at issue time; the check digit catches every single-digit
// typo and every swap of adjacent digits when a code is read out over the phone.

const D = [
  [0, 1, 2, 3, 4, 5, 6, 7, 8, 9], [1, 2, 3, 4, 0, 6, 7, 8, 9, 5], [2, 3, 4, 0, 1, 7, 8, 9, 5, 6],
  [3, 4, 0, 1, 2, 8, 9, 5, 6, 7], [4, 0, 1, 2, 3, 9, 5, 6, 7, 8], [5, 9, 8, 7, 6, 0, 4, 3, 2, 1],
  [6, 5, 9, 8, 7, 1, 0, 4, 3, 2], [7, 6, 5, 9, 8, 2, 1, 0, 4, 3], [8, 7, 6, 5, 9, 3, 2, 1, 0, 4],
  [9, 8, 7, 6, 5, 4, 3, 2, 1, 0],
];
const P = [
  [0, 1, 2, 3, 4, 5, 6, 7, 8, 9], [1, 5, 7, 6, 2, 8, 3, 0, 9, 4], [5, 8, 0, 3, 7, 9, 6, 1, 4, 2],
  [8, 9, 1, 6, 0, 4, 3, 5, 2, 7], [9, 4, 5, 3, 1, 2, 6, 8, 7, 0], [4, 2, 8, 6, 5, 7, 3, 9, 0, 1],
  [2, 7, 9, 3, 8, 0, 6, 4, 1, 5], [7, 0, 4, 6, 9, 1, 3, 2, 5, 8],
];
const INV = [0, 4, 3, 2, 1, 5, 6, 7, 8, 9];

export function verhoeffCheckDigit(digits: string): number {
  let c = 0;
  const reversed = digits.split('').reverse();
  for (let i = 0; i < reversed.length; i += 1) c = D[c]![P[(i + 1) % 8]![Number(reversed[i])]!]!;
  return INV[c]!;
}

export function verhoeffValid(digitsWithCheck: string): boolean {
  let c = 0;
  const reversed = digitsWithCheck.split('').reverse();
  for (let i = 0; i < reversed.length; i += 1) c = D[c]![P[i % 8]![Number(reversed[i])]!]!;
  return c === 0;
}

export const TRACKING_CODE_LENGTH = 12;

export function makeTrackingCode(officePrefix: number, sequence: number): string {
  if (!Number.isInteger(officePrefix) || officePrefix < 1000 || officePrefix > 9999) throw new Error('office prefix must have 4 digits');
  if (!Number.isInteger(sequence) || sequence < 1 || sequence > 9_999_999) throw new Error('tracking sequence out of range');
  const body = `${officePrefix}${String(sequence).padStart(7, '0')}`;
  return `${body}${verhoeffCheckDigit(body)}`;
}

/** A 12-digit code with a valid check digit (input already normalised to Latin digits). */
export function isTrackingCode(code: string): boolean {
  return /^\d{12}$/.test(code) && verhoeffValid(code);
}

/** 1234-0000567-8: grouped for reading aloud and printing. */
export function formatTrackingCode(code: string): string {
  return code.length === TRACKING_CODE_LENGTH ? `${code.slice(0, 4)}-${code.slice(4, 11)}-${code.slice(11)}` : code;
}
