import type { Locale } from '../../../src-shared/i18n';
import { formatNumber } from '../../i18n/format';

/** Rials as toman, grouped, in the locale's digits. */
export function tomanOf(rials: number | null, locale: Locale): string {
  return rials === null ? '—' : formatNumber(Math.round(rials / 10), locale);
}

/** Toman typed in a filter as rials. */
export function rialsOf(toman: number | string | undefined): number | undefined {
  return typeof toman === 'number' && Number.isFinite(toman) ? Math.round(toman * 10) : undefined;
}
