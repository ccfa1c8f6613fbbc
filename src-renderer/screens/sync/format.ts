// Sizes, counts and workflow labels as the sync screen shows them, in the locale's digits.
import type { Locale } from '../../../src-shared/i18n';
import { formatNumber } from '../../i18n/format';

type Translate = (key: string, params?: Record<string, string | number>) => string;

const UNITS = [
  { key: 'sync.bytes.gb', size: 1024 ** 3 },
  { key: 'sync.bytes.mb', size: 1024 ** 2 },
  { key: 'sync.bytes.kb', size: 1024 },
] as const;

/** «۴٫۲ کیلوبایت» / "4.2 KB"; whole bytes below a kilobyte. */
export function formatBytes(bytes: number, locale: Locale, t: Translate): string {
  const unit = UNITS.find((u) => bytes >= u.size);
  if (!unit) return t('sync.bytes.b', { n: formatNumber(bytes, locale) });
  const value = bytes / unit.size;
  return t(unit.key, { n: formatNumber(value >= 100 ? Math.round(value) : Math.round(value * 10) / 10, locale) });
}

/** A translated label, or `fallback` when the catalogue has no such key (a newer peer's entity). */
export function labelOr(t: Translate, key: string, fallback: string): string {
  const text = t(key);
  return text === key ? fallback : text;
}

/** A bundle's record counts as "Cases: 8، Applicants: 8", zeros left out. */
export function countsText(counts: Record<string, number>, t: Translate, locale: Locale): string {
  const parts = Object.entries(counts)
    .filter(([, n]) => n > 0)
    .map(([entity, n]) => t('sync.entityCount', { entity: labelOr(t, `sync.entity.${entity}`, entity), n }));
  return parts.length ? parts.join(locale === 'fa' ? '، ' : ', ') : '—';
}

/** A case-flow action ("agency_reject", "request:disburse") as the case page names it. */
export function actionLabel(action: string, t: Translate): string {
  const [prefix, name] = action.includes(':') ? (action.split(':', 2) as [string, string]) : [null, action];
  const base = name === 'assign' ? t('case.assignee') : labelOr(t, `action.${name}`, name);
  return prefix === 'request' ? `⏳ ${base}` : prefix === 'cancel' ? `✕ ${base}` : base;
}
