import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import {
  isValidMobile,
  isValidNationalCode,
  isValidPostalCode,
  isValidSheba,
  isValidWorkshopCode,
  nationalCodeFromNine,
  nationalCodeProblem,
  normalizeMobile,
  normalizeNationalCode,
  normalizePostalCode,
  normalizeSheba,
  normalizeWorkshopCode,
} from '../../../src-shared/domain/identifiers';

/** The registry's check-digit rule written out independently, to test the wrapped library against. */
function referenceCheckDigitHolds(code: string): boolean {
  const digits = [...code].map(Number);
  const sum = digits.slice(0, 9).reduce((acc, digit, i) => acc + digit * (10 - i), 0);
  const remainder = sum % 11;
  return digits[9] === (remainder < 2 ? remainder : 11 - remainder);
}

describe('national code', () => {
  // Published examples; each was checked against the algorithm before being kept.
  const published = ['0499370899', '0790419904', '0084575948', '0067749828', '0650451252', '1583250689', '4032152314'];

  it.each(published)('accepts the published code %s', (code) => {
    expect(referenceCheckDigitHolds(code)).toBe(true);
    expect(isValidNationalCode(code)).toBe(true);
    expect(nationalCodeProblem(code)).toBeNull();
  });

  it('accepts Persian and Arabic-Indic digits, spaces and dashes', () => {
    expect(normalizeNationalCode('۰۴۹۹۳۷۰۸۹۹')).toBe('0499370899');
    expect(isValidNationalCode('۰۴۹۹۳۷۰۸۹۹')).toBe(true);
    expect(normalizeNationalCode('٠٧٩-٠٤١٩٩٠-٤')).toBe('0790419904');
    expect(normalizeNationalCode(' 049 937 089 9 ')).toBe('0499370899');
  });

  it('refuses a wrong check digit', () => {
    expect(nationalCodeProblem('0499370898')).toBe('checksum');
    expect(nationalCodeProblem('1583250680')).toBe('checksum');
  });

  it('refuses ten identical digits even where the check digit would fit', () => {
    // 0000000000 and 1111111111 … all satisfy the check-digit formula.
    for (let d = 0; d <= 9; d += 1) expect(nationalCodeProblem(String(d).repeat(10))).toBe('repeated');
  });

  it('refuses a wrong length instead of padding with zeros', () => {
    expect(nationalCodeProblem('499370899')).toBe('length');
    expect(nationalCodeProblem('04993708990')).toBe('length');
    expect(nationalCodeProblem('')).toBe('length');
  });

  it('refuses letters', () => {
    expect(nationalCodeProblem('04993708a9')).toBe('length');
    expect(isValidNationalCode('O499370899')).toBe(false);
  });

  it('completes nine digits with their check digit', () => {
    expect(nationalCodeFromNine('049937089')).toBe('0499370899');
    expect(nationalCodeFromNine('۴۰۳۲۱۵۲۳۱')).toBe('4032152314');
    expect(() => nationalCodeFromNine('12345678')).toThrow(RangeError);
  });

  it('agrees with an independent check-digit implementation', () => {
    const tenDigits = fc.array(fc.integer({ min: 0, max: 9 }), { minLength: 10, maxLength: 10 }).map((d) => d.join(''));
    fc.assert(
      fc.property(tenDigits, (code) => {
        if (/^(\d)\1{9}$/.test(code) || /^\d{3}000000/.test(code)) return true; // refused on other grounds
        return isValidNationalCode(code) === referenceCheckDigitHolds(code);
      }),
      { numRuns: 2000 },
    );
  });

  it('makes valid codes from any nine digits that are not a degenerate serial', () => {
    const nineDigits = fc.array(fc.integer({ min: 0, max: 9 }), { minLength: 9, maxLength: 9 }).map((d) => d.join(''));
    fc.assert(
      fc.property(nineDigits, (nine) => {
        const code = nationalCodeFromNine(nine);
        if (/^(\d)\1{9}$/.test(code) || nine.slice(3) === '000000') return true;
        return isValidNationalCode(code);
      }),
      { numRuns: 2000 },
    );
  });
});

describe('mobile', () => {
  it.each([
    '09123456789',
    '9123456789',
    '+989123456789',
    '00989123456789',
    '989123456789',
    '+98 912 345 6789',
    '+98 (0) 912-345-6789',
    '0912 345 67 89',
    '۰۹۱۲۳۴۵۶۷۸۹',
    '٠٩١٢٣٤٥٦٧٨٩',
    '\u200E+98 912 345 6789',
  ])('normalises %s to 09123456789', (input) => {
    expect(normalizeMobile(input)).toBe('09123456789');
    expect(isValidMobile(input)).toBe(true);
  });

  it('accepts prefixes missing from fixed operator tables', () => {
    expect(normalizeMobile('09341234567')).toBe('09341234567');
  });

  it.each([
    '',
    '0912345678', // ten digits
    '091234567890', // twelve
    '02112345678', // a Tehran landline
    '+9712345678901',
    '0912345678a',
    '+1 912 345 6789',
  ])('refuses %s', (input) => {
    expect(normalizeMobile(input)).toBeNull();
    expect(isValidMobile(input)).toBe(false);
  });
});

describe('postal code', () => {
  it('accepts well-formed codes, in any digits and with a dash', () => {
    expect(isValidPostalCode('1193653471')).toBe(true);
    expect(isValidPostalCode('5951412749')).toBe(true); // reported as a real code (a 2 in its last five)
    expect(isValidPostalCode('۱۹۶۹۸-۳۳۱۱۴')).toBe(true);
    expect(normalizePostalCode('۱۹۶۹۸-۳۳۱۱۴')).toBe('1969833114');
  });

  it('refuses 0 or 2 in the first five digits', () => {
    expect(isValidPostalCode('0193653471')).toBe(false);
    expect(isValidPostalCode('1293653471')).toBe(false);
    expect(isValidPostalCode('1193053471')).toBe(false);
    expect(isValidPostalCode('1193253471')).toBe(false);
  });

  it('refuses wrong lengths, letters and ten equal digits', () => {
    expect(isValidPostalCode('119365347')).toBe(false);
    expect(isValidPostalCode('11936534711')).toBe(false);
    expect(isValidPostalCode('11936a3471')).toBe(false);
    expect(isValidPostalCode('1111111111')).toBe(false);
  });
});

describe('Sheba', () => {
  // IR062960000000100324200001 is the example used across Iranian banking docs; the mod-97
  // check of all three was verified independently when they were chosen.
  const valid = ['IR062960000000100324200001', 'IR820540102680020817909002', 'IR550570022080013447370101'];

  it.each(valid)('accepts %s', (sheba) => {
    expect(isValidSheba(sheba)).toBe(true);
  });

  it('accepts it without IR, with spaces, lower case and Persian digits', () => {
    expect(normalizeSheba('062960000000100324200001')).toBe('IR062960000000100324200001');
    expect(normalizeSheba('ir06 2960 0000 0010 0324 2000 01')).toBe('IR062960000000100324200001');
    expect(isValidSheba('IR۰۶ ۲۹۶۰ ۰۰۰۰ ۰۰۱۰ ۰۳۲۴ ۲۰۰۰ ۰۱')).toBe(true);
  });

  it('refuses a wrong check, a wrong length and stray letters (without hanging)', () => {
    expect(isValidSheba('IR062960000000100324200002')).toBe(false);
    expect(isValidSheba('IR072960000000100324200001')).toBe(false);
    expect(isValidSheba('IR06296000000010032420000')).toBe(false);
    expect(isValidSheba('IR0629600000001003242000011')).toBe(false);
    expect(isValidSheba('DE062960000000100324200001')).toBe(false);
    expect(isValidSheba('IR06296000000010032420000X')).toBe(false);
    expect(isValidSheba('')).toBe(false);
  });
});

describe('workshop code', () => {
  it('accepts 7 to 10 digits in any script', () => {
    expect(isValidWorkshopCode('1234567')).toBe(true);
    expect(isValidWorkshopCode('۱۲۳۴۵۶۷۸۹۰')).toBe(true);
    expect(normalizeWorkshopCode('۱۲۳-۴۵۶۷')).toBe('1234567');
  });

  it('refuses too few or too many digits, letters and zeros', () => {
    expect(isValidWorkshopCode('123456')).toBe(false);
    expect(isValidWorkshopCode('12345678901')).toBe(false);
    expect(isValidWorkshopCode('12345a7')).toBe(false);
    expect(isValidWorkshopCode('0000000')).toBe(false);
  });
});
