import { Button, Group, Stack, Table, Text, TextInput } from '@mantine/core';
import { useDebouncedValue } from '@mantine/hooks';
import { useState } from 'react';
import type { z } from 'zod';
import type { activityCodeSchema } from '../../../../src-shared/api/reference';
import { ErrorAlert } from '../../../components/ErrorAlert';
import { useApiQuery } from '../../../components/useApi';
import { useLocale } from '../../../i18n/locale';
import { ActivityCodeModal } from './ActivityCodeModal';
import { EditButton, LatinCell, localName, ReferenceTable, useEditor } from './kit';

export type ActivityCode = z.infer<typeof activityCodeSchema>;
const SHOWN = 100;

/** Activity codes, found by code or name (there are too many to list whole). */
export function ActivityCodesPanel({ onSaved }: { onSaved: (name: string) => void }) {
  const { t, locale } = useLocale();
  const [search, setSearch] = useState('');
  const [query] = useDebouncedValue(search.trim(), 250);
  const codes = useApiQuery('reference.activityCodes', { ...(query ? { query } : {}), limit: SHOWN });
  const editor = useEditor<ActivityCode>(codes.reload, onSaved);
  const rows = codes.data ?? [];
  const yesNo = (b: boolean) => (b ? t('common.yes') : t('common.no'));

  return (
    <Stack gap="sm">
      <Group justify="space-between" align="end">
        <TextInput label={t('admin.reference.search')} value={search} onChange={(e) => setSearch(e.currentTarget.value)} autoComplete="off" w={320} />
        <Button onClick={() => editor.open('new')}>{t('admin.reference.addActivity')}</Button>
      </Group>
      <ErrorAlert error={codes.error} />
      <ReferenceTable
        loading={codes.loading && !codes.data}
        empty={rows.length === 0}
        minWidth={860}
        heads={[
          t('admin.reference.code'), t('admin.reference.activityTitle'), t('admin.reference.category'), t('admin.reference.agency'),
          t('admin.reference.driver'), t('admin.reference.orderedClosed'), t('common.actions'),
        ]}
      >
        {rows.map((a) => (
          <Table.Tr key={a.code}>
            <LatinCell text={a.code} />
            <Table.Td>{localName(a, locale)}</Table.Td>
            <Table.Td>{locale === 'fa' ? a.categoryNameFa : a.categoryNameEn}</Table.Td>
            <Table.Td>{locale === 'fa' ? a.agencyNameFa : a.agencyNameEn}</Table.Td>
            <Table.Td>{yesNo(a.isDriver)}</Table.Td>
            <Table.Td>{yesNo(a.orderedClosed)}</Table.Td>
            <Table.Td><EditButton name={localName(a, locale)} onClick={() => editor.open(a)} /></Table.Td>
          </Table.Tr>
        ))}
      </ReferenceTable>
      {rows.length === SHOWN && <Text size="sm" c="dimmed">{t('admin.reference.activityShown', { shown: SHOWN })}</Text>}
      {editor.editing && <ActivityCodeModal activity={editor.row} {...editor.dialog} />}
    </Stack>
  );
}
