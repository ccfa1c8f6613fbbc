import { Alert, Stack, Title } from '@mantine/core';
import { useActor } from '../../app/session';
import { useLocale } from '../../i18n/locale';
import { useApiQuery } from '../../components/useApi';
import { ErrorAlert } from '../../components/ErrorAlert';
import { StaffSection } from './StaffSection';
import { ParametersSection } from './ParametersSection';
import { ReferenceSection } from './reference/ReferenceSection';
import { AuditSection } from './AuditSection';
import { BackupSection } from './BackupSection';
import { DiskEncryptionNotice } from './DiskEncryptionNotice';

/** Staff accounts and programme parameters; supervisors edit, auditors only look. Reference data is central's: its supervisors edit it. */
export function AdminScreen() {
  const { t } = useLocale();
  const actor = useActor();
  const readOnly = actor.role !== 'supervisor';
  const offices = useApiQuery('reference.offices', {});

  return (
    <Stack gap="xl">
      <Title order={1}>{t('nav.admin')}</Title>
      {readOnly && (
        <Alert variant="light" color="blue" role="note">
          {t('admin.readOnly')}
        </Alert>
      )}
      <DiskEncryptionNotice />
      <ErrorAlert error={offices.error} />
      <StaffSection readOnly={readOnly} offices={offices.data ?? []} />
      <ParametersSection readOnly={readOnly} />
      {!readOnly && actor.officeKind === 'central' && <ReferenceSection />}
      <AuditSection />
      {!readOnly && <BackupSection />}
    </Stack>
  );
}
