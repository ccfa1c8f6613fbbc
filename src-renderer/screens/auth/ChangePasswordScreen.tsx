import { Button, Group, Stack, Text } from '@mantine/core';
import { z } from 'zod';
import { contract } from '../../../src-shared/api';
import { useClient } from '../../app/client';
import { useSession } from '../../app/session';
import { ErrorAlert } from '../../components/ErrorAlert';
import { PasswordField } from '../../components/Field';
import { useApiSubmit, useZodForm } from '../../components/form';
import { useLocale } from '../../i18n/locale';
import { AuthLayout } from './AuthLayout';

const schema = contract['auth.changePassword'].input
  .extend({ newPasswordRepeat: z.string() })
  .refine((v) => v.newPassword === v.newPasswordRepeat, { message: 'password.mismatch', path: ['newPasswordRepeat'] });

/** Shown instead of the shell while the account still has a temporary password. */
export function ChangePasswordScreen() {
  const { t } = useLocale();
  const client = useClient();
  const { refresh, logout } = useSession();
  const form = useZodForm(schema, { currentPassword: '', newPassword: '', newPasswordRepeat: '' });
  const { onSubmit, formError } = useApiSubmit(form, async ({ newPasswordRepeat: _repeat, ...input }) => {
    await client.call('auth.changePassword', input);
    await refresh();
  });
  const { control, formState } = form;

  return (
    <AuthLayout titleKey="password.change.title">
      <Text>{t('password.change.intro')}</Text>
      <form onSubmit={onSubmit} noValidate>
        <Stack gap="sm">
          <ErrorAlert error={formError} />
          <PasswordField control={control} name="currentPassword" label={t('password.change.current')} autoComplete="current-password" />
          <PasswordField control={control} name="newPassword" label={t('password.change.new')} autoComplete="new-password" description={t('password.rules')} />
          <PasswordField control={control} name="newPasswordRepeat" label={t('password.change.repeat')} autoComplete="new-password" />
          <Group justify="space-between">
            <Button type="submit" loading={formState.isSubmitting}>
              {t('password.change.submit')}
            </Button>
            <Button variant="default" onClick={() => void logout()}>
              {t('nav.logout')}
            </Button>
          </Group>
        </Stack>
      </form>
    </AuthLayout>
  );
}
