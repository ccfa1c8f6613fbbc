import { Button, Stack } from '@mantine/core';
import { contract } from '../../../src-shared/api';
import { useClient } from '../../app/client';
import { useSession, type Notice } from '../../app/session';
import { ErrorAlert, NoticeAlert } from '../../components/ErrorAlert';
import { PasswordField, TextField } from '../../components/Field';
import { useApiSubmit, useZodForm } from '../../components/form';
import { useLocale } from '../../i18n/locale';
import { AuthLayout } from './AuthLayout';

const schema = contract['auth.login'].input;

export function LoginScreen({ notice }: { notice?: Notice | undefined }) {
  const { t } = useLocale();
  const client = useClient();
  const { enter } = useSession();
  const form = useZodForm(schema, { username: '', password: '' });
  const { onSubmit, formError } = useApiSubmit(
    form,
    async (input) => {
      try {
        enter(await client.call('auth.login', input));
      } catch (error) {
        // A refused password is never left in the field for a second, careless try.
        form.resetField('password');
        throw error;
      }
    },
    { guardSession: false },
  );
  const { control, formState } = form;

  return (
    <AuthLayout titleKey="login.title">
      {notice && !formError && <NoticeAlert tone={notice.tone} message={notice.message} />}
      <form onSubmit={onSubmit} noValidate>
        <Stack gap="sm">
          <ErrorAlert error={formError} />
          <TextField control={control} name="username" label={t('login.username')} autoComplete="username" dir="ltr" />
          <PasswordField control={control} name="password" label={t('login.password')} autoComplete="current-password" />
          <Button type="submit" loading={formState.isSubmitting}>
            {t('login.submit')}
          </Button>
        </Stack>
      </form>
    </AuthLayout>
  );
}
