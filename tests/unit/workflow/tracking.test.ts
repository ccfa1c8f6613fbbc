import { describe, expect, it } from 'vitest';
import { formatTrackingCode, isTrackingCode, makeTrackingCode, verhoeffCheckDigit, verhoeffValid } from '../../../src-shared/workflow/tracking';

describe('tracking codes', () => {
  it('computes the published Verhoeff vectors', () => {
    expect(verhoeffCheckDigit('236')).toBe(3);
    expect(verhoeffValid('2363')).toBe(true);
    expect(verhoeffCheckDigit('12345')).toBe(1);
    expect(verhoeffCheckDigit('142857')).toBe(0);
  });

  it('makes 12-digit codes from the office prefix and the sequence', () => {
    const code = makeTrackingCode(1234, 56);
    expect(code).toMatch(/^12340000056\d$/);
    expect(isTrackingCode(code)).toBe(true);
    expect(formatTrackingCode(code)).toBe(`1234-0000056-${code[11]}`);
  });

  it('catches every single-digit error and every swap of adjacent digits', () => {
    for (const seq of [1, 77, 12345, 9_999_999]) {
      const code = makeTrackingCode(4821, seq);
      for (let i = 0; i < code.length; i += 1) {
        for (let d = 0; d <= 9; d += 1) {
          if (String(d) === code[i]) continue;
          expect(isTrackingCode(code.slice(0, i) + d + code.slice(i + 1))).toBe(false);
        }
        if (i + 1 < code.length && code[i] !== code[i + 1]) {
          expect(isTrackingCode(code.slice(0, i) + code[i + 1] + code[i] + code.slice(i + 2))).toBe(false);
        }
      }
    }
  });

  it('refuses prefixes and sequences out of range', () => {
    expect(() => makeTrackingCode(999, 1)).toThrow();
    expect(() => makeTrackingCode(1000, 0)).toThrow();
    expect(() => makeTrackingCode(1000, 10_000_000)).toThrow();
  });
});
