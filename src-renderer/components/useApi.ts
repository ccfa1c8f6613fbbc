import { useCallback, useEffect, useState } from 'react';
import type { ApiError, InputOf, MethodName, OutputOf } from '../../src-shared/api';
import { useClient, toApiError } from '../app/client';
import { useSession } from '../app/session';
import { useLocale } from '../i18n/locale';

export interface QueryState<T> {
  data: T | undefined;
  error: ApiError | null;
  loading: boolean;
  reload: () => void;
}

/** Loads a read method when the screen mounts and whenever its input changes. */
export function useApiQuery<M extends MethodName>(method: M, input: InputOf<M>): QueryState<OutputOf<M>> {
  const client = useClient();
  const { getLocale } = useLocale();
  const { handleSessionError } = useSession();
  const [state, setState] = useState<Omit<QueryState<OutputOf<M>>, 'reload'>>({ data: undefined, error: null, loading: true });
  const [generation, setGeneration] = useState(0);
  // Compared by value so callers may pass a fresh object literal on every render.
  const inputKey = JSON.stringify(input);

  useEffect(() => {
    let current = true;
    setState((s) => ({ ...s, loading: true, error: null }));
    client.call(method, JSON.parse(inputKey) as InputOf<M>).then(
      (data) => current && setState({ data, error: null, loading: false }),
      (caught: unknown) => {
        if (!current) return;
        const error = toApiError(caught, getLocale());
        if (!handleSessionError(error)) setState((s) => ({ ...s, error, loading: false }));
      },
    );
    return () => {
      current = false;
    };
  }, [client, method, inputKey, generation, getLocale, handleSessionError]);

  const reload = useCallback(() => setGeneration((g) => g + 1), []);
  return { ...state, reload };
}

export interface ActionState {
  /** Runs a method; resolves to its output, or to undefined after recording the error. */
  run: <M extends MethodName>(method: M, input: InputOf<M>) => Promise<OutputOf<M> | undefined>;
  pending: boolean;
  error: ApiError | null;
  clearError: () => void;
}

/** For buttons that change something (enable/disable, …); forms use useApiForm instead. */
export function useApiAction(): ActionState {
  const client = useClient();
  const { getLocale } = useLocale();
  const { handleSessionError } = useSession();
  const [pending, setPending] = useState(false);
  const [error, setError] = useState<ApiError | null>(null);

  const run = useCallback(
    async <M extends MethodName>(method: M, input: InputOf<M>): Promise<OutputOf<M> | undefined> => {
      setPending(true);
      setError(null);
      try {
        return await client.call(method, input);
      } catch (caught) {
        const apiError = toApiError(caught, getLocale());
        if (!handleSessionError(apiError)) setError(apiError);
        return undefined;
      } finally {
        setPending(false);
      }
    },
    [client, getLocale, handleSessionError],
  );

  return { run, pending, error, clearError: useCallback(() => setError(null), []) };
}
