import type { z } from 'zod';
import type { parameterSchema } from '../../../src-shared/api/reference';
import { formatMoney, parseJalaliDate, parseMoneyInput, toLatinDigits, tomanToRials } from '../../../src-shared/domain';
import { isMessageKey, translate, type Locale } from '../../../src-shared/i18n';
import { formatDate, formatNumber, localDigits, parseLocalNumber } from '../../i18n/format';

export type Parameter = z.infer<typeof parameterSchema>;

/** 13990701 → "1399/07/01"; the parameter stores a Jalali date as one integer. */
function jalaliText(value: number): string {
  const s = String(value).padStart(8, '0');
  return `${s.slice(0, 4)}/${s.slice(4, 6)}/${s.slice(6, 8)}`;
}

function unitLabel(unit: string, locale: Locale): string {
  const key = `unit.${unit}`;
  return isMessageKey(key) ? translate(locale, key) : unit;
}

/** How a parameter's value reads in a table cell. */
export function formatParameterValue(p: Parameter, locale: Locale): string {
  switch (p.unit) {
    case 'toman':
      return formatMoney(tomanToRials(p.value), locale, 'toman');
    case 'jalali_yyyymmdd': {
      const jalali = jalaliText(p.value);
      if (locale === 'fa') return localDigits(jalali, locale);
      const iso = parseJalaliDate(jalali);
      return iso ? `${jalali} (${formatDate(iso, 'en')})` : jalali;
    }
    case 'percent':
      return locale === 'fa' ? `${formatNumber(p.value, locale)} ${unitLabel(p.unit, locale)}` : `${p.value}%`;
    default:
      return `${formatNumber(p.value, locale)} ${unitLabel(p.unit, locale)}`;
  }
}

/** The value as the edit field first shows it. */
export function parameterInputText(p: Parameter, locale: Locale): string {
  if (p.unit === 'jalali_yyyymmdd') return localDigits(jalaliText(p.value), locale);
  return formatNumber(p.value, locale);
}

/** The field's hint: the unit, or the date pattern. */
export function parameterInputHint(p: Parameter, locale: Locale): string {
  return p.unit === 'jalali_yyyymmdd' ? translate(locale, 'admin.params.dateHint') : unitLabel(p.unit, locale);
}

/** Typed text → the integer the contract stores; NaN when it is not one, for the schema to report. */
export function parseParameterInput(unit: string, input: unknown): number {
  if (typeof input !== 'string') return parseLocalNumber(input);
  if (unit === 'toman') return parseMoneyInput(input) ?? Number.NaN;
  if (unit === 'jalali_yyyymmdd') {
    if (!parseJalaliDate(input)) return Number.NaN;
    const [y, m, d] = toLatinDigits(input).trim().split(/\s*[/\-.]\s*/).map(Number);
    return y! * 10000 + m! * 100 + d!;
  }
  return parseLocalNumber(input);
}
