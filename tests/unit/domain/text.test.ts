import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import {
  digitsOnly,
  foldForSearch,
  normalizeForStorage,
  normalizeMultilineForStorage,
  normalizePersianLetters,
  toLatinDigits,
  toPersianDigits,
} from '../../../src-shared/domain/text';

const ZWNJ = '\u200C';
const ZWJ = '\u200D';

describe('digits', () => {
  it('turns Persian and Arabic-Indic digits into Latin ones, leaving the rest alone', () => {
    expect(toLatinDigits('۰۱۲۳۴۵۶۷۸۹')).toBe('0123456789');
    expect(toLatinDigits('٠١٢٣٤٥٦٧٨٩')).toBe('0123456789');
    expect(toLatinDigits('کد ۰۴۹۹-٣٧٠٨٩٩ x1')).toBe('کد 0499-370899 x1');
  });

  it('turns Latin and Arabic-Indic digits into Persian ones', () => {
    expect(toPersianDigits('1399/05/12')).toBe('۱۳۹۹/۰۵/۱۲');
    expect(toPersianDigits('٤٥٦ and 789')).toBe('۴۵۶ and ۷۸۹');
  });

  it('keeps only the digits, as Latin digits', () => {
    expect(digitsOnly(' ۰۹۱۲-۳۴۵ ٦٧٨٩ ')).toBe('09123456789');
    expect(digitsOnly('IR06')).toBe('06');
    expect(digitsOnly('بدون رقم')).toBe('');
  });
});

describe('normalizePersianLetters', () => {
  it('maps Arabic yeh, alef maksura and kaf to their Persian letters', () => {
    expect(normalizePersianLetters('علي')).toBe('علی');
    expect(normalizePersianLetters('موسى')).toBe('موسی');
    expect(normalizePersianLetters('كريم')).toBe('کریم');
  });

  it('keeps teh marbuta in stored text (it is a letter, not a keyboard variant)', () => {
    expect(normalizePersianLetters('فاطمة')).toBe('فاطمة');
  });

  it('maps Arabic presentation forms (pasted from PDFs) to plain letters', () => {
    // ﻋﻠﻲ: initial ain, medial lam, final yeh
    expect(normalizePersianLetters('\uFECB\uFEE0\uFEF2')).toBe('علی');
    expect(normalizePersianLetters('\uFEFB')).toBe('لا');
  });

  it('composes alef + madda into آ', () => {
    expect(normalizePersianLetters('\u0627\u0653ب')).toBe('آب');
  });
});

describe('normalizeForStorage', () => {
  it('trims, collapses whitespace and converts digits and letters', () => {
    expect(normalizeForStorage('  علي \t  كريمي\u00A0\u00A0۱۲۳  ')).toBe('علی کریمی 123');
  });

  it('keeps a half-space between letters', () => {
    expect(normalizeForStorage(`محمد${ZWNJ}رضا`)).toBe(`محمد${ZWNJ}رضا`);
    expect(normalizeForStorage(`می${ZWNJ}${ZWNJ}خواهم`)).toBe(`می${ZWNJ}خواهم`);
  });

  it('drops joiners that touch a space or an edge', () => {
    expect(normalizeForStorage(`کریمی ${ZWNJ}زاده`)).toBe('کریمی زاده');
    expect(normalizeForStorage(`کریمی${ZWNJ} ${ZWJ} زاده`)).toBe('کریمی زاده');
    expect(normalizeForStorage(`${ZWNJ}علی${ZWNJ}`)).toBe('علی');
    expect(normalizeForStorage(`${ZWNJ} ${ZWJ}`)).toBe('');
  });

  it('removes direction marks and BOMs that make equal-looking values differ', () => {
    expect(normalizeForStorage('\u200F0912\u200E345\uFEFF6789\u202B')).toBe('09123456789');
  });

  it('is idempotent', () => {
    const persianish = fc.string({
      unit: fc.constantFrom('ع', 'ل', 'ي', 'ك', 'ة', 'آ', '۱', '٢', '3', ' ', '\t', '\u00A0', ZWNJ, ZWJ, '\u200F', 'a', 'B'),
    });
    fc.assert(fc.property(persianish, (s) => normalizeForStorage(normalizeForStorage(s)) === normalizeForStorage(s)));
  });
});

describe('normalizeMultilineForStorage', () => {
  it('normalises each line and keeps at most one blank line', () => {
    expect(normalizeMultilineForStorage('\n  سلام  علي \r\n\r\n\r\n\r\nکد ۱۲۳ \n\n')).toBe('سلام علی\n\nکد 123');
  });
});

describe('foldForSearch', () => {
  it('lower-cases Latin, turns half-spaces into spaces and collapses spaces', () => {
    expect(foldForSearch(`  Ali  Reza   محمد${ZWNJ}رضا `)).toBe('ali reza محمد رضا');
  });

  it('removes diacritics and tatweel', () => {
    expect(foldForSearch('مُحَمَّد')).toBe('محمد');
    expect(foldForSearch('بـــانک')).toBe('بانک');
    expect(foldForSearch('Éric')).toBe('eric');
  });

  it('folds spellings a searcher does not tell apart', () => {
    expect(foldForSearch('فاطمة')).toBe(foldForSearch('فاطمه'));
    expect(foldForSearch('خانهٔ')).toBe(foldForSearch('خانه'));
    expect(foldForSearch('خانۀ')).toBe(foldForSearch('خانه'));
    expect(foldForSearch('آقای')).toBe(foldForSearch('اقای'));
    expect(foldForSearch('مؤمن')).toBe(foldForSearch('مومن'));
    expect(foldForSearch('علي كريمي')).toBe(foldForSearch('علی کریمی'));
    expect(foldForSearch('۱۲۳')).toBe('123');
  });

  it('is idempotent, so stored keys and queries fold alike', () => {
    const text = fc.string({
      unit: fc.constantFrom('آ', 'أ', 'ؤ', 'ئ', 'ة', 'ۀ', 'ي', 'ك', 'ـ', '\u064E', 'É', 'A', 'b', '۷', ' ', ZWNJ, ZWJ),
    });
    fc.assert(fc.property(text, (s) => foldForSearch(foldForSearch(s)) === foldForSearch(s)));
  });
});
