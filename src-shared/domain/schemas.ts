import { z } from 'zod';
import {
  isValidPostalCode,
  isValidSheba,
  isValidWorkshopCode,
  nationalCodeProblem,
  normalizeMobile,
  normalizeNationalCode,
  normalizePostalCode,
  normalizeSheba,
  normalizeWorkshopCode,
} from './identifiers';
import { parseJalaliDate } from './jalali';
import { messageKeys, type DomainMessageKey } from './messages';
import { normalizeForStorage } from './text';

export { messageKeys, type DomainMessageKey } from './messages';

/** A string field whose missing value reads "required", not zod's "expected string". */
export function stringField() {
  return z.string({
    error: (issue) => (issue.input === undefined || issue.input === null ? messageKeys.required : messageKeys.invalidType),
  });
}

/**
 * Normalises first, so the rule and the stored value see the same text, then reports at most
 * one key: "required" when nothing is left, else the rule's own.
 */
function normalisedField(normalise: (raw: string) => string, problemOf: (value: string) => DomainMessageKey | null) {
  return stringField()
    .transform(normalise)
    .superRefine((value, ctx) => {
      const problem = value === '' ? messageKeys.required : problemOf(value);
      if (problem !== null) ctx.addIssue({ code: 'custom', message: problem });
    });
}

const NATIONAL_CODE_MESSAGE = {
  length: messageKeys.nationalCodeLength,
  repeated: messageKeys.nationalCodeRepeated,
  checksum: messageKeys.nationalCodeChecksum,
} as const;

export const nationalCodeSchema = normalisedField(normalizeNationalCode, (code) => {
  const problem = nationalCodeProblem(code);
  return problem === null ? null : NATIONAL_CODE_MESSAGE[problem];
});

// An invalid number keeps its compacted digits, so a form shows back what was typed.
export const mobileSchema = normalisedField(
  (raw) => normalizeMobile(raw) ?? normalizeForStorage(raw).replace(/[\s-]/g, ''),
  (mobile) => (normalizeMobile(mobile) === mobile ? null : messageKeys.mobileInvalid),
);

export const postalCodeSchema = normalisedField(normalizePostalCode, (code) =>
  isValidPostalCode(code) ? null : messageKeys.postalCodeInvalid,
);

export const shebaSchema = normalisedField(normalizeSheba, (sheba) => (isValidSheba(sheba) ? null : messageKeys.shebaInvalid));

export const workshopCodeSchema = normalisedField(normalizeWorkshopCode, (code) =>
  isValidWorkshopCode(code) ? null : messageKeys.workshopCodeInvalid,
);

// A letter is Persian/Arabic-script (any diacritics after it allowed) or Latin. Hyphen and
// apostrophe may join letters because Latin transliterations need them ("Mohammad-Reza",
// "Sa'di"); Persian spellings of registry names never contain them.
const LETTER = '(?:[\\u0621-\\u063A\\u0641-\\u064A\\u066E\\u066F\\u0671-\\u06D3\\u06D5][\\u064B-\\u065F\\u0670]*|[A-Za-z\\u00C0-\\u00D6\\u00D8-\\u00F6\\u00F8-\\u024F])';
const PERSON_NAME = new RegExp(`^${LETTER}+(?:[ \\u200C'\\u2019-]${LETTER}+)*$`);
export const PERSON_NAME_LENGTH = { min: 2, max: 60 } as const;

export const personNameSchema = normalisedField(normalizeForStorage, (name) => {
  if (!PERSON_NAME.test(name)) return messageKeys.nameInvalid;
  const length = [...name].length;
  return length < PERSON_NAME_LENGTH.min || length > PERSON_NAME_LENGTH.max ? messageKeys.nameLength : null;
});

/** A Jalali date as typed (۱۳۹۹/۰۵/۱۲, 1399-5-12) → its Gregorian ISO date. */
export const jalaliDateSchema = stringField()
  .transform((raw) => normalizeForStorage(raw))
  .transform((text, ctx) => {
    const iso = text === '' ? null : parseJalaliDate(text);
    if (iso === null) {
      ctx.addIssue({ code: 'custom', message: text === '' ? messageKeys.required : messageKeys.date });
      return z.NEVER;
    }
    return iso;
  });

/**
 * Makes a field optional for forms, which send "" for an untouched input: blank becomes
 * undefined instead of failing with "required".
 */
export function optionalField<T extends z.ZodType>(schema: T) {
  return z.preprocess((value) => (typeof value === 'string' && normalizeForStorage(value) === '' ? undefined : value), schema.optional());
}
