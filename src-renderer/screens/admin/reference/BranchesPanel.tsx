import { Badge, Button, Group, Select, Stack, Table, Text, TextInput, Tooltip } from '@mantine/core';
import { useDebouncedValue } from '@mantine/hooks';
import { useMemo, useState } from 'react';
import type { z } from 'zod';
import type { ApiError } from '../../../../src-shared/api';
import type { branchRowSchema } from '../../../../src-shared/api/reference-editing';
import { ErrorAlert } from '../../../components/ErrorAlert';
import type { Option } from '../../../components/Field';
import { useApiQuery } from '../../../components/useApi';
import { useLocale } from '../../../i18n/locale';
import { BranchModal } from './BranchModal';
import { EditButton, LatinCell, localName, ReferenceTable, useEditor } from './kit';

export type Branch = z.infer<typeof branchRowSchema>;
const PAGE = 50;

/** Counties as "county — province", by name: for the filter and the branch form alike. */
export function useCountyOptions(): { options: Option[]; error: ApiError | null } {
  const { locale } = useLocale();
  const counties = useApiQuery('reference.counties', {});
  const provinces = useApiQuery('reference.provinces', {});
  const options = useMemo(() => {
    const province = new Map((provinces.data ?? []).map((p) => [p.code, localName(p, locale)]));
    return (counties.data ?? [])
      .map((c) => ({ value: c.code, label: `${localName(c, locale)} — ${province.get(c.provinceCode) ?? c.provinceCode}` }))
      .sort((a, b) => a.label.localeCompare(b.label, locale));
  }, [counties.data, provinces.data, locale]);
  return { options, error: counties.error ?? provinces.error };
}

/** Thousands of branches: filtered by institution, county or text, and shown a page at a time. */
export function BranchesPanel({ onSaved }: { onSaved: (name: string) => void }) {
  const { t, locale } = useLocale();
  const institutions = useApiQuery('reference.institutions', {});
  const counties = useCountyOptions();
  const [institutionCode, setInstitutionCode] = useState<string | null>(null);
  const [countyCode, setCountyCode] = useState<string | null>(null);
  const [search, setSearch] = useState('');
  const [query] = useDebouncedValue(search.trim(), 250);
  const filter = { ...(institutionCode ? { institutionCode } : {}), ...(countyCode ? { countyCode } : {}), ...(query ? { query } : {}) };
  const filterKey = JSON.stringify(filter);
  // Earlier pages of the same filter, kept while "show more" loads the next.
  const [earlier, setEarlier] = useState<{ filterKey: string; rows: Branch[]; afterCode: string } | null>(null);
  const paging = earlier?.filterKey === filterKey ? earlier : null;
  const page = useApiQuery('reference.branches', { ...filter, ...(paging ? { afterCode: paging.afterCode } : {}), limit: PAGE });
  // While the next page loads, the query still holds the last one: shown once, not twice.
  const rows = [...(paging?.rows ?? []), ...(page.data?.rows ?? []).filter((b) => !paging || b.code > paging.afterCode)];
  const editor = useEditor<Branch>(() => {
    setEarlier(null);
    page.reload();
  }, onSaved);

  const institutionOptions = (institutions.data ?? []).map((i) => ({ value: i.code, label: localName(i, locale) }));
  const institutionName = (code: string) => institutionOptions.find((o) => o.value === code)?.label ?? code;
  const countyName = (code: string) => counties.options.find((o) => o.value === code)?.label ?? code;

  return (
    <Stack gap="sm">
      <Text size="sm" c="dimmed">{t('admin.reference.branchesHint')}</Text>
      <Group align="end" wrap="wrap">
        <Select label={t('admin.reference.institution')} placeholder={t('admin.reference.any')} data={institutionOptions} value={institutionCode} onChange={setInstitutionCode} clearable searchable w={240} />
        <Select label={t('admin.reference.county')} placeholder={t('admin.reference.any')} data={counties.options} value={countyCode} onChange={setCountyCode} clearable searchable limit={60} w={260} />
        <TextInput label={t('admin.reference.search')} value={search} onChange={(e) => setSearch(e.currentTarget.value)} autoComplete="off" w={220} />
        <Button ms="auto" onClick={() => editor.open('new')}>{t('admin.reference.addBranch')}</Button>
      </Group>
      <ErrorAlert error={page.error ?? institutions.error ?? counties.error} />
      <ReferenceTable loading={page.loading && rows.length === 0} empty={rows.length === 0} minWidth={900} heads={[t('admin.reference.code'), t('admin.reference.branchTitle'), t('admin.reference.institution'), t('admin.reference.county'), t('admin.reference.phone'), '', t('common.actions')]}>
        {rows.map((b) => (
          <Table.Tr key={b.code}>
            <LatinCell text={b.code} />
            <Table.Td>{localName(b, locale)}</Table.Td>
            <Table.Td>{institutionName(b.institutionCode)}</Table.Td>
            <Table.Td>{countyName(b.countyCode)}</Table.Td>
            <LatinCell text={b.phone} />
            <Table.Td>
              <Group gap={4}>
                {b.isDemo && (
                  <Tooltip label={t('admin.reference.demoHint')} multiline w={260}>
                    <Badge color="gray" variant="light" tabIndex={0}>{t('admin.reference.demo')}</Badge>
                  </Tooltip>
                )}
                {!b.offered && <Badge color="orange" variant="light">{t('admin.reference.notOffered')}</Badge>}
              </Group>
            </Table.Td>
            <Table.Td>{!b.isDemo && <EditButton name={localName(b, locale)} onClick={() => editor.open(b)} />}</Table.Td>
          </Table.Tr>
        ))}
      </ReferenceTable>
      {page.data?.nextAfterCode && (
        <div>
          <Button variant="default" loading={page.loading} onClick={() => setEarlier({ filterKey, rows, afterCode: page.data!.nextAfterCode! })}>
            {t('admin.reference.more')}
          </Button>
        </div>
      )}
      {editor.editing && <BranchModal branch={editor.row} institutions={institutionOptions} counties={counties.options} {...editor.dialog} />}
    </Stack>
  );
}
