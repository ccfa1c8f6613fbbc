// The renderer's one door to the domain's digit and date helpers, so screens stay unaware of
// which domain module each lives in.
import type { Locale } from '../../src-shared/i18n';
import { formatDate as domainFormatDate, formatDateTime as domainFormatDateTime, toLatinDigits, toPersianDigits } from '../../src-shared/domain';

/** Digits in a string (a code, a phone number) in the locale's script; nothing else changes. */
export function localDigits(text: string, locale: Locale): string {
  return locale === 'fa' ? toPersianDigits(text) : text;
}

/** A number grouped by thousands, in the locale's digits and separator. */
export function formatNumber(value: number, locale: Locale): string {
  const grouped = new Intl.NumberFormat('en-US', { maximumFractionDigits: 2 }).format(value);
  return locale === 'fa' ? toPersianDigits(grouped.replace(/,/g, '٬').replace('.', '٫')) : grouped;
}

/** fa: Jalali with Persian digits; en: Gregorian. Tehran time. */
export function formatDate(value: string | Date, locale: Locale): string {
  return domainFormatDate(value, locale);
}

export function formatDateTime(value: string | Date, locale: Locale): string {
  return domainFormatDateTime(value, locale);
}

/**
 * What a person typed as a number (Persian, Arabic or Latin digits, with group separators)
 * as a number; NaN if it is not one, so the schema reports it.
 */
export function parseLocalNumber(input: unknown): number {
  if (typeof input === 'number') return input;
  if (typeof input !== 'string') return Number.NaN;
  const plain = toLatinDigits(input).replace(/[\s,٬،']/g, '').replace('٫', '.');
  return /^-?\d+(\.\d+)?$/.test(plain) ? Number(plain) : Number.NaN;
}
