import type { Locale } from '../../src-shared/i18n';

/** A reference row's name in the screen's language (rows carry both). */
export const localName = (row: { nameFa: string; nameEn: string }, locale: Locale): string => (locale === 'fa' ? row.nameFa : row.nameEn);
