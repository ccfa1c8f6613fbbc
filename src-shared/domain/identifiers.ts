import { isShebaValid, verifyIranianNationalId } from '@persian-tools/persian-tools';
import { toLatinDigits } from './text';

// What people put between digit groups when they type or paste a code: spaces of every
// kind, hyphens and dashes, dots, slashes, brackets, joiners and direction marks.
const GROUP_SEPARATORS = /[\s\-\u2010-\u2015\u2212_./()\u0640\u200C\u200D\u200E\u200F\u061C\u202A-\u202E\u2066-\u2069]/g;

const TEN_EQUAL_DIGITS = /^(\d)\1{9}$/;

/** Latin digits, separators removed; anything else (letters) is kept for the validator to refuse. */
function compactCode(input: string): string {
  return toLatinDigits(input).replace(GROUP_SEPARATORS, '');
}

// ---- National code (کد ملی) ----

export type NationalCodeProblem = 'length' | 'repeated' | 'checksum';

/**
 * Never pads a short code with leading zeros (persian-tools' verifier does): the code is
 * used to fetch the applicant from the civil registry, so a guessed code is worse than a refusal.
 */
export function normalizeNationalCode(input: string): string {
  return compactCode(input);
}

export function nationalCodeProblem(input: string): NationalCodeProblem | null {
  const code = normalizeNationalCode(input);
  if (!/^\d{10}$/.test(code)) return 'length';
  if (TEN_EQUAL_DIGITS.test(code)) return 'repeated';
  // checkPrefix is off: its table of registry-office prefixes is a snapshot, and a real but
  // unlisted prefix must not lock an applicant out; the check digit is the registry's own rule.
  return verifyIranianNationalId(code, { checkPrefix: false }) ? null : 'checksum';
}

export function isValidNationalCode(input: string): boolean {
  return nationalCodeProblem(input) === null;
}

/** Appends the check digit (persian-tools can only make random codes, not complete a given one). */
export function nationalCodeFromNine(nineDigits: string): string {
  const nine = compactCode(nineDigits);
  if (!/^\d{9}$/.test(nine)) throw new RangeError(`nationalCodeFromNine needs nine digits, got "${nineDigits}"`);
  return `${nine}${nationalCodeCheckDigit(nine)}`;
}

function nationalCodeCheckDigit(nine: string): number {
  let sum = 0;
  for (let i = 0; i < 9; i += 1) sum += Number(nine.charAt(i)) * (10 - i);
  const remainder = sum % 11;
  return remainder < 2 ? remainder : 11 - remainder;
}

// ---- Mobile ----

// Only the shape is checked, not the operator: persian-tools' isPhoneNumberValid looks the
// prefix up in a fixed table (it refuses 0934…, for one) and such tables go stale as operators
// open new ranges; whether the number is the applicant's is settled by the ownership check.
const MOBILE_WITH_PREFIX = /^(?:\+98|0098|98)?0?(9\d{9})$/;

/** Canonical 09xxxxxxxxx, or null when the input is no Iranian mobile number. */
export function normalizeMobile(input: string): string | null {
  const match = MOBILE_WITH_PREFIX.exec(compactCode(input));
  return match ? `0${match[1]}` : null;
}

export function isValidMobile(input: string): boolean {
  return normalizeMobile(input) !== null;
}

// ---- Postal code (کد پستی) ----

/*
 * Rules enforced:
 * - 10 digits (Iran Post, "10-Digit postal codes", post.ir).
 * - No 0 or 2 in the first five digits, the area part; they are left out there because
 *   handwritten ۰/۵ and ۲/۳ are easily confused (Persian Wikipedia «کد پستی», as cited in
 *   VahidN/DNTPersianUtils.Core PR #22; the rule is in every Iranian validator we looked at).
 * - Not ten equal digits: 1111111111 is what people type as a placeholder.
 * Rules some libraries add that we leave out, since refusing a real code blocks a registration:
 * - "no 2 in the last five": contradicted by the real code 5951412749
 *   (sadegh19b/laravel-persian-validation #18, after which that library dropped the rule);
 * - "first four digits not all equal": Iran Post says Tehran's distribution part uses the
 *   digit 1 in every position (gavahi.post.ir), so 1111… cannot be ruled out;
 * - "fifth digit is not 5": we found no source for it.
 */
const POSTAL_CODE = /^[13-9]{5}\d{5}$/;

export function normalizePostalCode(input: string): string {
  return compactCode(input);
}

export function isValidPostalCode(input: string): boolean {
  const code = normalizePostalCode(input);
  return POSTAL_CODE.test(code) && !TEN_EQUAL_DIGITS.test(code);
}

// ---- Sheba (IBAN) ----

/** IR + 24 digits; a bare 24-digit number gets its IR. */
export function normalizeSheba(input: string): string {
  const compact = compactCode(input).toUpperCase();
  return /^\d{24}$/.test(compact) ? `IR${compact}` : compact;
}

export function isValidSheba(input: string): boolean {
  const sheba = normalizeSheba(input);
  // The shape is checked first on purpose: persian-tools' mod-97 helper loops forever on
  // letters it does not expect, so only "IR" + digits ever reaches it.
  return /^IR\d{24}$/.test(sheba) && isShebaValid(sheba);
}

// ---- Social-security workshop code (کد کارگاهی) ----

/*
 * Assumption, for want of a published format: digits only, 7 to 10 of them, not all zeros.
 * Ten also admits the owner's national code, which a workshop without a social-security code
 * is registered under (applicant's guide, p.6).
 */
const WORKSHOP_CODE = /^\d{7,10}$/;

export function normalizeWorkshopCode(input: string): string {
  return compactCode(input);
}

export function isValidWorkshopCode(input: string): boolean {
  const code = normalizeWorkshopCode(input);
  return WORKSHOP_CODE.test(code) && !/^0+$/.test(code);
}
