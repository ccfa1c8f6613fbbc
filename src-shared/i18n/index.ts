import { fa } from './fa';
import { en } from './en';
import { domainMessages } from '../domain/messages';
import { workflowMessages } from './workflow-messages';

export type Locale = 'fa' | 'en';
export const LOCALES: readonly Locale[] = ['fa', 'en'];

const catalogues = {
  fa: { ...fa, ...domainMessages.fa, ...workflowMessages.fa },
  en: { ...en, ...domainMessages.en, ...workflowMessages.en },
} as const;

export type MessageKey = keyof typeof catalogues.fa;

export function isMessageKey(key: string): key is MessageKey {
  return Object.prototype.hasOwnProperty.call(catalogues.fa, key);
}

/** Translates a key; `{name}` placeholders are filled from params. Unknown keys come back as-is. */
export function translate(locale: Locale, key: string, params?: Record<string, string | number>): string {
  const catalogue = catalogues[locale] as Record<string, string>;
  const template = catalogue[key] ?? key;
  if (!params) return template;
  return template.replace(/\{(\w+)\}/g, (whole, name: string) => (name in params ? String(params[name]) : whole));
}

export function catalogue(locale: Locale): Readonly<Record<string, string>> {
  return catalogues[locale];
}
