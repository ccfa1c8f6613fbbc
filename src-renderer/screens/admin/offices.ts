import type { z } from 'zod';
import type { officeSchema } from '../../../src-shared/api/reference';
import type { Locale } from '../../../src-shared/i18n';
import { localName } from '../../i18n/local-name';

export type Office = z.infer<typeof officeSchema>;

export function officeName(office: Office | undefined, fallbackId: string, locale: Locale): string {
  if (!office) return fallbackId;
  return localName(office, locale);
}
