import { createContext, useCallback, useContext, useMemo, useRef, useState, type ReactNode } from 'react';
import { isMessageKey, translate, type Locale } from '../../src-shared/i18n';
import { formatNumber } from './format';

const STORAGE_KEY = 'karaDesk.locale';

export type Params = Record<string, string | number>;

export function storedLocale(): Locale {
  try {
    return localStorage.getItem(STORAGE_KEY) === 'en' ? 'en' : 'fa';
  } catch {
    return 'fa';
  }
}

export function directionOf(locale: Locale): 'rtl' | 'ltr' {
  return locale === 'fa' ? 'rtl' : 'ltr';
}

/** Set before React renders too, so the first paint already has the right direction. */
export function applyLocaleToDocument(locale: Locale): void {
  const root = document.documentElement;
  root.lang = locale;
  root.dir = directionOf(locale);
  document.title = translate(locale, 'app.name');
}

interface LocaleValue {
  locale: Locale;
  dir: 'rtl' | 'ltr';
  /** Read at call time by the API client, so a request always carries the current locale. */
  getLocale: () => Locale;
  setLocale: (locale: Locale) => void;
  toggleLocale: () => void;
  /** Translates a key; numeric params are shown with the locale's digits. */
  t: (key: string, params?: Params) => string;
  /** A message that may be an i18n key (schema messages) or text already translated (server). */
  message: (text: string | undefined) => string | undefined;
}

const LocaleContext = createContext<LocaleValue | null>(null);

export function LocaleProvider({ children }: { children: ReactNode }) {
  const [locale, setLocaleState] = useState<Locale>(storedLocale);
  const current = useRef(locale);
  // Stable, so the client (and every query that depends on it) survives a locale switch.
  const getLocale = useCallback(() => current.current, []);

  const setLocale = useCallback((next: Locale) => {
    current.current = next;
    applyLocaleToDocument(next);
    try {
      localStorage.setItem(STORAGE_KEY, next);
    } catch {
      // Storage may be unavailable (private window); the switch still works for this run.
    }
    setLocaleState(next);
  }, []);

  const value = useMemo<LocaleValue>(() => {
    const t = (key: string, params?: Params) => translate(locale, key, params && localiseParams(params, locale));
    return {
      locale,
      dir: directionOf(locale),
      getLocale,
      setLocale,
      toggleLocale: () => setLocale(current.current === 'fa' ? 'en' : 'fa'),
      t,
      message: (text) => (text === undefined ? undefined : isMessageKey(text) ? t(text) : text),
    };
  }, [locale, getLocale, setLocale]);

  return <LocaleContext.Provider value={value}>{children}</LocaleContext.Provider>;
}

function localiseParams(params: Params, locale: Locale): Params {
  return Object.fromEntries(Object.entries(params).map(([k, v]) => [k, typeof v === 'number' ? formatNumber(v, locale) : v]));
}

export function useLocale(): LocaleValue {
  const value = useContext(LocaleContext);
  if (!value) throw new Error('useLocale outside LocaleProvider');
  return value;
}
