import { digitsArToEn, digitsArToFa, digitsEnToFa, digitsFaToEn } from '@persian-tools/persian-tools';

const ZWNJ = '\u200C';

// Text pasted from Word, PDFs or web pages carries direction marks and BOMs that are
// invisible on screen but make two equal-looking values compare unequal.
const INVISIBLE_CONTROLS = /[\u00AD\u061C\u200E\u200F\u202A-\u202E\u2066-\u2069\uFEFF]/g;

// Arabic presentation forms (from PDFs and old fonts) are compatibility characters:
// NFKC maps each back to its base letter, which the letter table below then fixes.
const ARABIC_PRESENTATION_FORMS = /[\uFB50-\uFDFF\uFE70-\uFEFC]/g;

// Only encoding variants are rewritten: an Arabic keyboard types ي ى ك for the letters
// a Persian keyboard types as ی ک, and they are the same letter to a reader.
// ة (teh marbuta) is deliberately absent: it is a different letter, not a keyboard
// variant, and names are fetched from the civil registry by national code, so silently
// rewriting «…ة» to «…ه» in storage could make our record disagree with the registry's.
// Search tolerance for it lives in foldForSearch, which never reaches storage.
const PERSIAN_LETTER_FOR: Readonly<Record<string, string>> = {
  '\u064A': '\u06CC', // ي → ی
  '\u0649': '\u06CC', // ى → ی
  '\u0643': '\u06A9', // ك → ک
};
const ARABIC_LETTER_VARIANTS = /[\u064A\u0649\u0643]/g;

// Folding for search only: spellings a searcher does not distinguish.
const SEARCH_LETTER_FOR: Readonly<Record<string, string>> = {
  '\u0629': '\u0647', // ة → ه
  '\u06D5': '\u0647', // ە (also what ۀ decomposes to) → ه
  '\u06C1': '\u0647', // ہ → ه
  '\u06BE': '\u0647', // ھ → ه
  '\u0671': '\u0627', // ٱ → ا
};
const SEARCH_LETTER_VARIANTS = /[\u0629\u06D5\u06C1\u06BE\u0671]/g;

// Harakat, tanvin, the combining hamza/madda left by NFD, superscript alef, Quranic marks,
// and Latin accents.
const COMBINING_MARKS = /[\u0300-\u036F\u064B-\u065F\u0670\u06D6-\u06ED]/g;
const TATWEEL = /\u0640/g;

export function toLatinDigits(s: string): string {
  return digitsArToEn(digitsFaToEn(s));
}

export function toPersianDigits(s: string): string {
  return digitsEnToFa(digitsArToFa(s));
}

export function digitsOnly(s: string): string {
  return toLatinDigits(s).replace(/[^0-9]/g, '');
}

export function normalizePersianLetters(s: string): string {
  return s
    .normalize('NFC')
    .replace(ARABIC_PRESENTATION_FORMS, (form) => form.normalize('NFKC'))
    .replace(ARABIC_LETTER_VARIANTS, (letter) => PERSIAN_LETTER_FOR[letter] ?? letter);
}

/** For single-line fields: names, addresses, codes typed by hand. */
export function normalizeForStorage(s: string): string {
  return tidyJoinersAndSpaces(toLatinDigits(normalizePersianLetters(s)).replace(INVISIBLE_CONTROLS, ''));
}

/** Like normalizeForStorage, but keeps line breaks (at most one blank line in a row). */
export function normalizeMultilineForStorage(s: string): string {
  return s
    .split(/\r\n|[\r\n\u2028\u2029]/)
    .map(normalizeForStorage)
    .join('\n')
    .replace(/\n{3,}/g, '\n\n')
    .replace(/^\n+|\n+$/g, '');
}

/** Key for full-text search; apply the same function to stored text and to queries. */
export function foldForSearch(s: string): string {
  // NFD splits آ أ إ ؤ ئ ۀ and accented Latin letters into base letter + mark,
  // so dropping the marks folds them all onto their base letter.
  const unmarked = normalizeForStorage(s)
    .toLowerCase()
    .normalize('NFD')
    .replace(COMBINING_MARKS, '')
    .replace(TATWEEL, '');
  return normalizePersianLetters(unmarked)
    .replace(SEARCH_LETTER_VARIANTS, (letter) => SEARCH_LETTER_FOR[letter] ?? letter)
    .replace(/[\u200C\u200D]/g, ' ')
    .replace(/\s+/g, ' ')
    .trim();
}

function tidyJoinersAndSpaces(s: string): string {
  return (
    s
      // A joiner touching a space or an edge joins nothing: it is a stray keystroke.
      .replace(/[\u200C\u200D]+(?=\s)|(?<=\s)[\u200C\u200D]+/g, '')
      .replace(/\s+/g, ' ')
      .replace(/^[\s\u200C\u200D]+|[\s\u200C\u200D]+$/g, '')
      .replace(/\u200C{2,}/g, ZWNJ)
  );
}
