import { Button, Group, Modal, PasswordInput, Stack, Text } from '@mantine/core';
import { useEffect, useRef, useState, type FormEvent } from 'react';
import { useClient, toApiError } from '../../app/client';
import { useActor, useSession } from '../../app/session';
import { ErrorAlert } from '../../components/ErrorAlert';
import { useLocale } from '../../i18n/locale';
import type { ApiError } from '../../../src-shared/api';

/** Main ends a session after 30 idle minutes; the screen locks at the same moment. */
export const IDLE_LOCK_MS = 30 * 60 * 1000;

/**
 * The idle lock. It covers the shell without unmounting it, so the screen underneath keeps
 * its state (a half-filled form stays half-filled); the same user's password unlocks it.
 */
export function IdleLock() {
  const { t, getLocale } = useLocale();
  const actor = useActor();
  const client = useClient();
  const { locked, lock, unlocked, logout } = useSession();
  const [password, setPassword] = useState('');
  const [error, setError] = useState<ApiError | null>(null);
  const [pending, setPending] = useState(false);
  const timer = useRef<number | undefined>(undefined);

  useEffect(() => {
    if (locked) return undefined;
    const arm = () => {
      window.clearTimeout(timer.current);
      timer.current = window.setTimeout(lock, IDLE_LOCK_MS);
    };
    const events = ['pointerdown', 'keydown', 'wheel', 'touchstart'] as const;
    for (const e of events) window.addEventListener(e, arm, { passive: true });
    arm();
    return () => {
      window.clearTimeout(timer.current);
      for (const e of events) window.removeEventListener(e, arm);
    };
  }, [locked, lock]);

  async function unlock(event: FormEvent) {
    event.preventDefault();
    setPending(true);
    setError(null);
    try {
      unlocked(await client.call('auth.login', { username: actor.username, password }));
      setPassword('');
    } catch (caught) {
      setPassword('');
      setError(toApiError(caught, getLocale()));
    } finally {
      setPending(false);
    }
  }

  return (
    <Modal opened={locked} onClose={() => undefined} withCloseButton={false} closeOnEscape={false} closeOnClickOutside={false} centered title={t('lock.title')} data-testid="idle-lock">
      <form onSubmit={(e) => void unlock(e)} noValidate>
        <Stack gap="sm">
          <Text size="sm">{t('lock.body', { minutes: IDLE_LOCK_MS / 60000 })}</Text>
          <ErrorAlert error={error} />
          <Text size="sm" fw={600}>
            <bdi dir="ltr">{actor.username}</bdi>
          </Text>
          <PasswordInput label={t('login.password')} value={password} onChange={(e) => setPassword(e.currentTarget.value)} autoComplete="current-password" data-autofocus />
          <Group justify="space-between">
            <Button type="submit" loading={pending} disabled={password.length === 0}>
              {t('lock.unlock')}
            </Button>
            <Button variant="subtle" onClick={() => void logout()}>
              {t('lock.otherUser')}
            </Button>
          </Group>
        </Stack>
      </form>
    </Modal>
  );
}
