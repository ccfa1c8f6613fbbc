import type { z } from 'zod';
import type { officeSchema } from '../../../src-shared/api/reference';
import type { Locale } from '../../../src-shared/i18n';

export type Office = z.infer<typeof officeSchema>;

export function officeName(office: Office | undefined, fallbackId: string, locale: Locale): string {
  if (!office) return fallbackId;
  return locale === 'fa' ? office.nameFa : office.nameEn;
}
