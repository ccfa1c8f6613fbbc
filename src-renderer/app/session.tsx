import { createContext, useCallback, useContext, useEffect, useMemo, useState, type ReactNode } from 'react';
import type { ActorInfo } from '../../src-shared/api/auth';
import type { ApiError } from '../../src-shared/api';
import { useClient, toApiError } from './client';
import { useLocale } from '../i18n/locale';

/** `message` is an i18n key or text main already translated. */
export interface Notice {
  tone: 'success' | 'warning';
  message: string;
}

/** Where start-up has got to; each phase has one screen. */
export type Phase =
  | { kind: 'loading' }
  | { kind: 'unavailable'; error: ApiError }
  | { kind: 'firstRun' }
  | { kind: 'login'; notice?: Notice }
  | { kind: 'changePassword'; actor: ActorInfo }
  | { kind: 'signedIn'; actor: ActorInfo };

interface SessionValue {
  phase: Phase;
  /** Asks main who is signed in and moves to the matching phase. */
  refresh: () => Promise<void>;
  enter: (actor: ActorInfo) => void;
  firstRunDone: () => void;
  logout: () => Promise<void>;
  /** A call failed because the session ended or needs a password change: true if handled here. */
  handleSessionError: (error: ApiError) => boolean;
  /**
   * The idle lock: the session ended (or the user was idle) while signed in. The shell stays
   * mounted under the lock, so whatever is on screen, typed but unsaved, survives.
   */
  locked: boolean;
  lock: () => void;
  unlocked: (actor: ActorInfo) => void;
}

const SessionContext = createContext<SessionValue | null>(null);

function phaseFor(actor: ActorInfo): Phase {
  return actor.mustChangePassword ? { kind: 'changePassword', actor } : { kind: 'signedIn', actor };
}

/** `initialPhase` lets a component test start at a given screen without asking main. */
export function SessionProvider({ children, initialPhase }: { children: ReactNode; initialPhase?: Phase }) {
  const client = useClient();
  const { getLocale } = useLocale();
  const [phase, setPhase] = useState<Phase>(initialPhase ?? { kind: 'loading' });
  const [skipStartup] = useState(initialPhase !== undefined);
  const [locked, setLocked] = useState(false);

  const refresh = useCallback(async () => {
    try {
      const status = await client.call('auth.status', {});
      if (!status.initialised) setPhase({ kind: 'firstRun' });
      else if (!status.actor) setPhase({ kind: 'login' });
      else setPhase(phaseFor(status.actor));
    } catch (error) {
      setPhase({ kind: 'unavailable', error: toApiError(error, getLocale()) });
    }
  }, [client, getLocale]);

  useEffect(() => {
    if (!skipStartup) void refresh();
  }, [refresh, skipStartup]);

  const logout = useCallback(async () => {
    try {
      await client.call('auth.logout', {});
    } catch {
      // The session may already be gone; the user asked to leave either way.
    }
    setLocked(false);
    setPhase({ kind: 'login' });
  }, [client]);

  const handleSessionError = useCallback(
    (error: ApiError) => {
      if (error.code === 'unauthenticated' && phase.kind === 'signedIn') {
        setLocked(true);
        return true;
      }
      if (error.code === 'unauthenticated') {
        setPhase({ kind: 'login', notice: { tone: 'warning', message: error.message } });
        return true;
      }
      if (error.code === 'password_change_required') {
        void refresh();
        return true;
      }
      return false;
    },
    [refresh, phase.kind],
  );

  const value = useMemo<SessionValue>(
    () => ({
      phase,
      refresh,
      enter: (actor) => setPhase(phaseFor(actor)),
      firstRunDone: () => setPhase({ kind: 'login', notice: { tone: 'success', message: 'firstRun.done' } }),
      logout,
      handleSessionError,
      locked,
      lock: () => setLocked(true),
      unlocked: (actor) => {
        setLocked(false);
        setPhase(phaseFor(actor));
      },
    }),
    [phase, refresh, logout, handleSessionError, locked],
  );

  return <SessionContext.Provider value={value}>{children}</SessionContext.Provider>;
}

export function useSession(): SessionValue {
  const value = useContext(SessionContext);
  if (!value) throw new Error('useSession outside SessionProvider');
  return value;
}

/** The signed-in member of staff; only for screens inside the shell. */
export function useActor(): ActorInfo {
  const { phase } = useSession();
  if (phase.kind !== 'signedIn' && phase.kind !== 'changePassword') throw new Error('useActor without a signed-in actor');
  return phase.actor;
}
