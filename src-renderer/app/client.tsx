import { createContext, useContext, useMemo, type ReactNode } from 'react';
import { createClient, ApiCallError, type KaraClient } from '../client';
import type { ApiError } from '../../src-shared/api';
import { translate, type Locale } from '../../src-shared/i18n';
import { useLocale } from '../i18n/locale';

const ClientContext = createContext<KaraClient | null>(null);

export function ClientProvider({ children, client }: { children: ReactNode; client?: KaraClient }) {
  const { getLocale } = useLocale();
  const value = useMemo(() => client ?? createClient(getLocale), [client, getLocale]);
  return <ClientContext.Provider value={value}>{children}</ClientContext.Provider>;
}

export function useClient(): KaraClient {
  const client = useContext(ClientContext);
  if (!client) throw new Error('useClient outside ClientProvider');
  return client;
}

/** Any failure as the router's error shape; a bug in the screen must not show a stack trace. */
export function toApiError(error: unknown, locale: Locale): ApiError {
  if (error instanceof ApiCallError) return error.error;
  console.error(error);
  return { code: 'internal', message: translate(locale, 'error.internal') };
}
