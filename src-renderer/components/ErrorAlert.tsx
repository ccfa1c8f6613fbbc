import { Alert } from '@mantine/core';
import type { ApiError } from '../../src-shared/api';
import { useLocale } from '../i18n/locale';

/** A failure the user must read; role="alert" makes screen readers announce it at once. */
export function ErrorAlert({ error, onClose }: { error: ApiError | string | null | undefined; onClose?: () => void }) {
  const { message, t } = useLocale();
  if (!error) return null;
  const text = typeof error === 'string' ? message(error) : error.message;
  return (
    <Alert color="red" variant="light" role="alert" withCloseButton={!!onClose} onClose={onClose} closeButtonLabel={t('common.close')}>
      {text}
    </Alert>
  );
}

/** A success or warning the user should notice but need not act on. */
export function NoticeAlert({ tone, message: text }: { tone: 'success' | 'warning'; message: string }) {
  const { message } = useLocale();
  return (
    <Alert color={tone === 'success' ? 'green' : 'yellow'} variant="light" role="status">
      {message(text)}
    </Alert>
  );
}
