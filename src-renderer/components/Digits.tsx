import { useLocale } from '../i18n/locale';
import { formatNumber, localDigits } from '../i18n/format';

/**
 * A number (grouped) or a string of digits (a code, kept as written) shown with the locale's
 * digits. Numbers are isolated so an RTL line does not reorder them.
 */
export function Digits({ value }: { value: number | string }) {
  const { locale } = useLocale();
  const text = typeof value === 'number' ? formatNumber(value, locale) : localDigits(value, locale);
  return <bdi>{text}</bdi>;
}
