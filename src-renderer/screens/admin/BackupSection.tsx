import { Button, Group, Modal, Stack, Table, Text } from '@mantine/core';
import { useState } from 'react';
import { useSession } from '../../app/session';
import { ErrorAlert, NoticeAlert } from '../../components/ErrorAlert';
import { Loading } from '../../components/Loading';
import { useApiAction, useApiQuery } from '../../components/useApi';
import { useLocale } from '../../i18n/locale';
import { formatDateTime } from '../../i18n/format';
import { AdminSection } from './AdminSection';

/** Backups (supervisors only): make one now, or restore one after a confirmation. */
export function BackupSection() {
  const { t, locale } = useLocale();
  const { logout } = useSession();
  const backups = useApiQuery('backup.list', {});
  const action = useApiAction();
  const [made, setMade] = useState<string | null>(null);
  const [confirming, setConfirming] = useState<string | null>(null);

  async function create() {
    const r = await action.run('backup.create', {});
    if (r) {
      setMade(r.name);
      backups.reload();
    }
  }

  async function restore(name: string) {
    const r = await action.run('backup.restore', { name });
    setConfirming(null);
    // Every session ended with the restore: back to the sign-in screen.
    if (r) await logout();
  }

  return (
    <AdminSection id="admin-backup" title={t('backup.title')} intro={t('backup.intro')}>
      <Group>
        <Button variant="light" onClick={() => void create()} loading={action.pending && confirming === null}>
          {t('backup.create')}
        </Button>
      </Group>
      {made && <NoticeAlert tone="success" message={t('backup.created', { name: made })} />}
      <ErrorAlert error={backups.error ?? action.error} onClose={action.error ? action.clearError : undefined} />
      {backups.loading && !backups.data ? (
        <Loading />
      ) : (
        <Table.ScrollContainer minWidth={640}>
          <Table striped data-testid="backup-table">
            <Table.Thead>
              <Table.Tr>
                <Table.Th>{t('backup.col.at')}</Table.Th>
                <Table.Th>{t('backup.col.reason')}</Table.Th>
                <Table.Th>{t('backup.col.size')}</Table.Th>
                <Table.Th>{t('backup.col.name')}</Table.Th>
                <Table.Th>{t('common.actions')}</Table.Th>
              </Table.Tr>
            </Table.Thead>
            <Table.Tbody>
              {(backups.data ?? []).map((b) => (
                <Table.Tr key={b.name}>
                  <Table.Td>{formatDateTime(b.createdAt, locale)}</Table.Td>
                  <Table.Td>{t(`backup.reason.${b.reason}`)}</Table.Td>
                  <Table.Td>{Math.ceil(b.bytes / 1024)}</Table.Td>
                  <Table.Td>
                    <bdi dir="ltr">{b.name}</bdi>
                  </Table.Td>
                  <Table.Td>
                    <Button size="compact-sm" variant="default" color="red" aria-label={t('backup.restoreWho', { name: b.name })} onClick={() => setConfirming(b.name)}>
                      {t('backup.restore')}
                    </Button>
                  </Table.Td>
                </Table.Tr>
              ))}
            </Table.Tbody>
          </Table>
          {backups.data?.length === 0 && <Text c="dimmed">{t('backup.empty')}</Text>}
        </Table.ScrollContainer>
      )}
      <Modal opened={confirming !== null} onClose={() => setConfirming(null)} title={t('backup.restoreWho', { name: confirming ?? '' })} centered>
        <Stack>
          <Text size="sm">{t('backup.confirmRestore')}</Text>
          <Group justify="flex-end">
            <Button variant="default" onClick={() => setConfirming(null)}>
              {t('backup.cancel')}
            </Button>
            <Button color="red" loading={action.pending} onClick={() => confirming && void restore(confirming)}>
              {t('backup.confirm')}
            </Button>
          </Group>
        </Stack>
      </Modal>
    </AdminSection>
  );
}
