import { fa } from './fa';
import { en } from './en';
import { domainMessages } from '../domain/messages';
import { workflowMessages } from './workflow-messages';
import { intakeMessages } from './intake-messages';
import { ticketsMessages } from './tickets-messages';
import { trustMessages } from './trust-messages';
import { queueMessages } from './queue-messages';
import { syncMessages } from './sync-messages';
import { syncScreenMessages } from './sync-screen-messages';
import { referenceMessages } from './reference-messages';

export type Locale = 'fa' | 'en';
export const LOCALES: readonly Locale[] = ['fa', 'en'];

// Each area keeps its messages in its own file; add the area here, one line each.
const PARTS = [
  { fa, en },
  domainMessages,
  workflowMessages,
  intakeMessages,
  ticketsMessages,
  trustMessages,
  queueMessages,
  syncMessages,
  syncScreenMessages,
  referenceMessages,
] as const;

type Part = (typeof PARTS)[number];
export type MessageKey = Part extends infer P ? (P extends { fa: infer F } ? keyof F & string : never) : never;

const catalogues = {
  fa: Object.assign({}, ...PARTS.map((p) => p.fa)) as Record<MessageKey, string>,
  en: Object.assign({}, ...PARTS.map((p) => p.en)) as Record<MessageKey, string>,
};

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
