import { Button, Paper, SimpleGrid, Stack, Title } from '@mantine/core';
import { useEffect, useState } from 'react';
import { contract, ROLE_OFFICE_KINDS, ROLES } from '../../../src-shared/api';
import { useClient } from '../../app/client';
import { useActor } from '../../app/session';
import { ErrorAlert, NoticeAlert } from '../../components/ErrorAlert';
import { PasswordField, SelectField, TextField } from '../../components/Field';
import { useApiSubmit, useZodForm } from '../../components/form';
import { useLocale } from '../../i18n/locale';
import { officeName, type Office } from './offices';

const schema = contract['staff.create'].input;

export function CreateStaffForm({ offices, onCreated }: { offices: Office[]; onCreated: () => void }) {
  const { t, locale } = useLocale();
  const client = useClient();
  const actor = useActor();
  const [created, setCreated] = useState<string | null>(null);
  const form = useZodForm(schema, { username: '', displayName: '', role: 'intake', officeId: '', temporaryPassword: '' });
  const { onSubmit, formError } = useApiSubmit(form, async (input) => {
    setCreated(null);
    await client.call('staff.create', input);
    setCreated(input.username);
    form.reset();
    onCreated();
  });
  const { control, formState, watch, setValue } = form;
  const role = watch('role');
  const officeId = watch('officeId');

  // Offer only offices the role can belong to; a local supervisor manages only their own office.
  const allowedKinds: readonly string[] = ROLE_OFFICE_KINDS[role];
  const officeChoices = offices.filter(
    (o) => allowedKinds.includes(o.kind) && (actor.officeKind === 'central' || o.id === actor.officeId),
  );
  const choiceIds = officeChoices.map((o) => o.id).join(',');

  useEffect(() => {
    const ids = choiceIds.split(',').filter(Boolean);
    if (officeId && !ids.includes(officeId)) setValue('officeId', '');
    else if (!officeId && ids.length === 1) setValue('officeId', ids[0]!);
  }, [choiceIds, officeId, setValue]);

  return (
    <Paper withBorder p="md" radius="md" component="section" aria-labelledby="admin-create-staff-title">
      <form onSubmit={onSubmit} noValidate>
        <Stack gap="sm">
          <Title order={3} id="admin-create-staff-title">
            {t('admin.staff.create.title')}
          </Title>
          {created && <NoticeAlert tone="success" message={t('admin.staff.create.done', { username: created })} />}
          <ErrorAlert error={formError} />
          <SimpleGrid cols={{ base: 1, sm: 2 }}>
            <TextField control={control} name="username" label={t('field.username')} dir="ltr" autoComplete="off" description={t('validation.username')} />
            <TextField control={control} name="displayName" label={t('firstRun.displayName')} autoComplete="off" />
            <SelectField
              control={control}
              name="role"
              label={t('field.role')}
              options={ROLES.map((r) => ({ value: r, label: t(`role.${r}`) }))}
            />
            <SelectField
              control={control}
              name="officeId"
              label={t('field.office')}
              placeholder={t('admin.staff.create.chooseOffice')}
              options={officeChoices.map((o) => ({ value: o.id, label: `${officeName(o, o.id, locale)} — ${t(`officeKind.${o.kind}`)}` }))}
            />
            <PasswordField
              control={control}
              name="temporaryPassword"
              label={t('field.temporaryPassword')}
              autoComplete="new-password"
              description={t('admin.staff.create.passwordHint')}
            />
          </SimpleGrid>
          <div>
            <Button type="submit" loading={formState.isSubmitting}>
              {t('admin.staff.create.submit')}
            </Button>
          </div>
        </Stack>
      </form>
    </Paper>
  );
}
