import { Button, Stack, Text } from '@mantine/core';
import { z } from 'zod';
import { contract } from '../../../src-shared/api';
import { useClient } from '../../app/client';
import { useSession } from '../../app/session';
import { ErrorAlert } from '../../components/ErrorAlert';
import { PasswordField, TextField } from '../../components/Field';
import { useApiSubmit, useZodForm } from '../../components/form';
import { useLocale } from '../../i18n/locale';
import { AuthLayout } from './AuthLayout';

const schema = contract['auth.createFirstSupervisor'].input
  .extend({ passwordRepeat: z.string() })
  .refine((v) => v.password === v.passwordRepeat, { message: 'password.mismatch', path: ['passwordRepeat'] });

export function FirstRunScreen() {
  const { t } = useLocale();
  const client = useClient();
  const { firstRunDone } = useSession();
  const form = useZodForm(schema, { officeName: '', displayName: '', username: '', password: '', passwordRepeat: '' });
  const { onSubmit, formError } = useApiSubmit(
    form,
    async ({ passwordRepeat: _repeat, ...input }) => {
      await client.call('auth.createFirstSupervisor', input);
      firstRunDone();
    },
    { guardSession: false },
  );
  const { control, formState } = form;

  return (
    <AuthLayout titleKey="firstRun.title">
      <Text>{t('firstRun.intro')}</Text>
      <form onSubmit={onSubmit} noValidate>
        <Stack gap="sm">
          <ErrorAlert error={formError} />
          <TextField control={control} name="officeName" label={t('firstRun.officeName')} autoComplete="organization" />
          <TextField control={control} name="displayName" label={t('firstRun.displayName')} autoComplete="name" />
          <TextField control={control} name="username" label={t('login.username')} autoComplete="username" dir="ltr" description={t('validation.username')} />
          <PasswordField control={control} name="password" label={t('login.password')} autoComplete="new-password" description={t('password.rules')} />
          <PasswordField control={control} name="passwordRepeat" label={t('firstRun.passwordRepeat')} autoComplete="new-password" />
          <Button type="submit" loading={formState.isSubmitting}>
            {t('firstRun.submit')}
          </Button>
        </Stack>
      </form>
    </AuthLayout>
  );
}
