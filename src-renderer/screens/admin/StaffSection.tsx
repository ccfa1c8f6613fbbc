import { Badge, Button, Group, Table, Text } from '@mantine/core';
import { useState } from 'react';
import type { z } from 'zod';
import type { staffRowSchema } from '../../../src-shared/api/staff';
import { useActor } from '../../app/session';
import { ErrorAlert } from '../../components/ErrorAlert';
import { Loading } from '../../components/Loading';
import { useApiAction, useApiQuery } from '../../components/useApi';
import { useLocale } from '../../i18n/locale';
import { CreateStaffForm } from './CreateStaffForm';
import { officeName, type Office } from './offices';
import { AdminSection } from './AdminSection';

type StaffRow = z.infer<typeof staffRowSchema>;

export function StaffSection({ readOnly, offices }: { readOnly: boolean; offices: Office[] }) {
  const { t, locale } = useLocale();
  const actor = useActor();
  const staff = useApiQuery('staff.list', {});
  const action = useApiAction();
  const [pendingId, setPendingId] = useState<number | null>(null);
  const officeById = new Map(offices.map((o) => [o.id, o]));

  async function setDisabled(row: StaffRow, disabled: boolean) {
    setPendingId(row.id);
    const done = await action.run('staff.setDisabled', { staffId: row.id, disabled });
    setPendingId(null);
    if (done !== undefined) staff.reload();
  }

  return (
    <AdminSection id="admin-staff" title={t('admin.staff.title')}>
      <ErrorAlert error={staff.error ?? action.error} onClose={action.error ? action.clearError : undefined} />
      {staff.loading && !staff.data ? (
        <Loading />
      ) : (
        <Table.ScrollContainer minWidth={640}>
          <Table striped highlightOnHover>
            <Table.Thead>
              <Table.Tr>
                <Table.Th>{t('field.username')}</Table.Th>
                <Table.Th>{t('field.displayName')}</Table.Th>
                <Table.Th>{t('field.role')}</Table.Th>
                <Table.Th>{t('field.office')}</Table.Th>
                <Table.Th>{t('admin.staff.status')}</Table.Th>
                {!readOnly && <Table.Th>{t('common.actions')}</Table.Th>}
              </Table.Tr>
            </Table.Thead>
            <Table.Tbody>
              {(staff.data ?? []).map((row) => (
                <Table.Tr key={row.id}>
                  <Table.Td>
                    <bdi dir="ltr">{row.username}</bdi>
                  </Table.Td>
                  <Table.Td>{row.displayName}</Table.Td>
                  <Table.Td>{t(`role.${row.role}`)}</Table.Td>
                  <Table.Td>{officeName(officeById.get(row.officeId), row.officeId, locale)}</Table.Td>
                  <Table.Td>
                    <StatusBadges row={row} />
                  </Table.Td>
                  {!readOnly && (
                    <Table.Td>
                      {row.id !== actor.staffId && (
                        <Button
                          size="compact-sm"
                          variant={row.disabled ? 'light' : 'default'}
                          color={row.disabled ? 'green' : 'red'}
                          loading={pendingId === row.id}
                          disabled={pendingId !== null && pendingId !== row.id}
                          aria-label={t(row.disabled ? 'admin.staff.enableWho' : 'admin.staff.disableWho', { name: row.displayName })}
                          onClick={() => void setDisabled(row, !row.disabled)}
                        >
                          {t(row.disabled ? 'admin.staff.enable' : 'admin.staff.disable')}
                        </Button>
                      )}
                    </Table.Td>
                  )}
                </Table.Tr>
              ))}
            </Table.Tbody>
          </Table>
          {staff.data?.length === 0 && <Text c="dimmed">{t('admin.staff.empty')}</Text>}
        </Table.ScrollContainer>
      )}
      {!readOnly && <CreateStaffForm offices={offices} onCreated={staff.reload} />}
    </AdminSection>
  );
}

function StatusBadges({ row }: { row: StaffRow }) {
  const { t } = useLocale();
  const badges = [
    row.disabled && { key: 'disabled', color: 'red', label: t('admin.staff.disabled') },
    row.locked && { key: 'locked', color: 'orange', label: t('admin.staff.locked') },
    row.mustChangePassword && { key: 'mustChange', color: 'yellow', label: t('admin.staff.mustChange') },
  ].filter((b): b is { key: string; color: string; label: string } => !!b);
  if (badges.length === 0) badges.push({ key: 'active', color: 'green', label: t('admin.staff.active') });
  return (
    <Group gap={4}>
      {badges.map((b) => (
        <Badge key={b.key} color={b.color} variant="light">
          {b.label}
        </Badge>
      ))}
    </Group>
  );
}
