import { z } from 'zod';
import { messageKeys } from './messages';
import { stringField } from './schemas';
import { toLatinDigits } from './text';

// Storage holds integer rials, the unit of banks and of the law; people speak, type and read
// toman, so screens convert at the edge.
export const RIALS_PER_TOMAN = 10;

export type MoneyLocale = 'fa' | 'en';
export type MoneyUnit = 'toman' | 'rial';

const MAX_SAFE_TOMAN = Math.floor(Number.MAX_SAFE_INTEGER / RIALS_PER_TOMAN);

// Thousands separators people type: Latin comma, Arabic thousands separator ٬, Arabic comma ،
// (what the Persian keyboard gives for a comma), apostrophes, and spaces of every kind.
const GROUP_SEPARATORS = /[\s,\u066C\u060C'\u2019\u200C\u200E\u200F]/g;

const UNIT_LABEL: Record<MoneyLocale, Record<MoneyUnit, string>> = {
  fa: { toman: 'تومان', rial: 'ریال' },
  en: { toman: 'toman', rial: 'rial' },
};

const numberFormat: Record<MoneyLocale, Record<MoneyUnit, Intl.NumberFormat>> = {
  // A rial sum is a whole number; a toman sum shows the odd rial as one decimal.
  fa: {
    toman: new Intl.NumberFormat('fa-IR-u-nu-arabext', { maximumFractionDigits: 1 }),
    rial: new Intl.NumberFormat('fa-IR-u-nu-arabext', { maximumFractionDigits: 0 }),
  },
  en: {
    toman: new Intl.NumberFormat('en-US', { maximumFractionDigits: 1 }),
    rial: new Intl.NumberFormat('en-US', { maximumFractionDigits: 0 }),
  },
};

/** Throws RangeError when the result is no whole, safe number of rials. */
export function tomanToRials(toman: number): number {
  const rials = Math.round(toman * RIALS_PER_TOMAN);
  if (!Number.isSafeInteger(rials) || Math.abs(rials - toman * RIALS_PER_TOMAN) > 1e-6) {
    throw new RangeError(`${toman} toman is not a whole number of rials`);
  }
  return rials;
}

/** May have one decimal: 15 rials are 1.5 toman. */
export function rialsToToman(rials: number): number {
  return rials / RIALS_PER_TOMAN;
}

/** fa: «۱۲٬۰۰۰٬۰۰۰ تومان»; en: "12,000,000 toman". The amount is always given in rials. */
export function formatMoney(rials: number, locale: MoneyLocale, unit: MoneyUnit = 'toman'): string {
  if (!Number.isSafeInteger(rials)) throw new RangeError(`Money is held in whole rials, got ${rials}`);
  const amount = unit === 'toman' ? rialsToToman(rials) : rials;
  return `${numberFormat[locale][unit].format(amount)} ${UNIT_LABEL[locale][unit]}`;
}

/**
 * A whole amount as typed, in any digits, with thousands separators anywhere; null for
 * anything else. Decimal points are refused rather than guessed at: "12.000.000" is a
 * European-style grouping to one person and twelve to another.
 */
export function parseMoneyInput(s: string): number | null {
  const compact = toLatinDigits(s).replace(GROUP_SEPARATORS, '');
  if (!/^\d+$/.test(compact)) return null;
  const amount = Number(compact);
  return Number.isSafeInteger(amount) ? amount : null;
}

/** A toman amount from a form (text) or the API (number) → whole toman; store it via tomanToRials. */
export const moneyTomanSchema = z
  .union([stringField(), z.number()], { error: (issue) => (issue.input == null ? messageKeys.required : messageKeys.invalidType) })
  .transform((value, ctx) => {
    if (typeof value === 'string' && value.trim() === '') {
      ctx.addIssue({ code: 'custom', message: messageKeys.required });
      return z.NEVER;
    }
    const toman = typeof value === 'number' ? value : parseMoneyInput(value);
    if (toman === null || !Number.isSafeInteger(toman) || toman < 0 || toman > MAX_SAFE_TOMAN) {
      ctx.addIssue({ code: 'custom', message: messageKeys.moneyInvalid });
      return z.NEVER;
    }
    return toman;
  });
