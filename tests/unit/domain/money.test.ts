import { describe, expect, it } from 'vitest';
import {
  formatMoney,
  moneyTomanSchema,
  parseMoneyInput,
  rialsToToman,
  tomanToRials,
} from '../../../src-shared/domain/money';

describe('toman and rials', () => {
  it('converts at 10 rials to the toman', () => {
    expect(tomanToRials(12_000_000)).toBe(120_000_000);
    expect(tomanToRials(1.5)).toBe(15);
    expect(rialsToToman(120_000_000)).toBe(12_000_000);
    expect(rialsToToman(15)).toBe(1.5);
  });

  it('refuses amounts that are not whole rials', () => {
    expect(() => tomanToRials(0.05)).toThrow(RangeError);
    expect(() => tomanToRials(Number.NaN)).toThrow(RangeError);
    expect(() => tomanToRials(Number.MAX_SAFE_INTEGER)).toThrow(RangeError);
  });
});

describe('formatMoney', () => {
  it('writes Persian digits, the Arabic thousands separator and تومان', () => {
    expect(formatMoney(120_000_000, 'fa')).toBe('۱۲٬۰۰۰٬۰۰۰ تومان');
    expect(formatMoney(120_000_000, 'fa').includes('\u066C')).toBe(true);
  });

  it('writes rials when asked', () => {
    expect(formatMoney(120_000_000, 'fa', 'rial')).toBe('۱۲۰٬۰۰۰٬۰۰۰ ریال');
    expect(formatMoney(120_000_000, 'en', 'rial')).toBe('120,000,000 rial');
  });

  it('writes English with Latin digits and commas', () => {
    expect(formatMoney(120_000_000, 'en')).toBe('12,000,000 toman');
    expect(formatMoney(0, 'en')).toBe('0 toman');
  });

  it('shows an odd rial as a toman decimal', () => {
    expect(formatMoney(15, 'en')).toBe('1.5 toman');
    expect(formatMoney(15, 'fa')).toBe('۱٫۵ تومان');
  });

  it('refuses a non-integer rial amount', () => {
    expect(() => formatMoney(1.5, 'fa')).toThrow(RangeError);
  });
});

describe('parseMoneyInput', () => {
  it.each([
    ['12000000', 12_000_000],
    ['12,000,000', 12_000_000],
    ['۱۲٬۰۰۰٬۰۰۰', 12_000_000],
    ['١٢،٠٠٠،٠٠٠', 12_000_000],
    [' 12 000 000 ', 12_000_000],
    ['12\u00A0000\u202F000', 12_000_000],
    ['0', 0],
  ])('reads %s', (input, expected) => {
    expect(parseMoneyInput(input)).toBe(expected);
  });

  it.each(['', '   ', '12.5', '12.000.000', '۱۲٫۵', '-5', '12 تومان', 'abc', '99999999999999999999'])('refuses %s', (input) => {
    expect(parseMoneyInput(input)).toBeNull();
  });
});

describe('moneyTomanSchema', () => {
  it('reads typed text and API numbers as whole toman', () => {
    expect(moneyTomanSchema.parse('۱۲٬۰۰۰٬۰۰۰')).toBe(12_000_000);
    expect(moneyTomanSchema.parse(5000)).toBe(5000);
  });

  it('reports keys, not prose', () => {
    const messageOf = (input: unknown) => moneyTomanSchema.safeParse(input).error?.issues[0]?.message;
    expect(messageOf('')).toBe('validation.required');
    expect(messageOf(undefined)).toBe('validation.required');
    expect(messageOf('12.5')).toBe('validation.money.invalid');
    expect(messageOf(-1)).toBe('validation.money.invalid');
    expect(messageOf(1.5)).toBe('validation.money.invalid');
    expect(messageOf(true)).toBe('validation.invalidType');
  });
});
