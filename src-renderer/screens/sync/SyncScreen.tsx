import { SimpleGrid, Stack, Text, Title } from '@mantine/core';
import { useCallback, useMemo } from 'react';
import { ErrorAlert, NoticeAlert } from '../../components/ErrorAlert';
import { Loading } from '../../components/Loading';
import { useApiQuery } from '../../components/useApi';
import { useLocale } from '../../i18n/locale';
import { ConflictsSection } from './ConflictsSection';
import { caseLabel, type Names } from './ConflictCard';
import { ExportPanel } from './ExportPanel';
import { HistoryTable } from './HistoryTable';
import { ImportPanel } from './ImportPanel';
import { PeersTable } from './PeersTable';

/** The supervisor's sync screen: export, import, peers, bundle history and conflicts. */
export function SyncScreen() {
  const { t, locale } = useLocale();
  const status = useApiQuery('sync.status', {});
  const conflicts = useApiQuery('sync.conflicts', {});
  const offices = useApiQuery('reference.offices', {});
  const agencies = useApiQuery('reference.agencies', {});
  const { reload: reloadStatus } = status;
  const { reload: reloadConflicts } = conflicts;
  const reload = useCallback(() => {
    reloadStatus();
    reloadConflicts();
  }, [reloadStatus, reloadConflicts]);

  const names = useMemo<Names>(() => {
    const officeById = new Map((offices.data ?? []).map((o) => [o.id, o]));
    const agencyByCode = new Map((agencies.data ?? []).map((a) => [a.code, a]));
    const pick = (x: { nameFa: string; nameEn: string } | undefined, fallback: string) => (x ? (locale === 'fa' ? x.nameFa : x.nameEn) : fallback);
    const office = (id: string) => pick(officeById.get(id), id);
    return { office: (id) => (office(id) === id ? id : `${office(id)} (${id})`), agency: (code) => pick(agencyByCode.get(code), code) };
  }, [offices.data, agencies.data, locale]);

  const caseName = useCallback((caseId: string) => {
    const conflict = conflicts.data?.find((c) => c.caseId === caseId);
    return conflict ? caseLabel(conflict, locale) : `\u2066${caseId}\u2069`;
  }, [conflicts.data, locale]);

  const office = status.data?.office;
  return (
    <Stack gap="xl">
      <Stack gap={4}>
        <Title order={1}>{t('sync.title')}</Title>
        {office && <Text c="dimmed">{t('sync.thisOffice', { office: names.office(office.id), kind: t(`officeKind.${office.kind}`) })}</Text>}
      </Stack>
      <ErrorAlert error={status.error ?? conflicts.error} />
      {status.data && !office && <NoticeAlert tone="warning" message={t('sync.notProvisioned')} />}
      {status.loading && !status.data ? <Loading /> : status.data && (
        <>
          <SimpleGrid cols={{ base: 1, md: 2 }} spacing="xl">
            <ExportPanel peers={status.data.peers} officeName={names.office} onEnd={reload} />
            <ImportPanel onEnd={reload} caseName={caseName} />
          </SimpleGrid>
          <ConflictsSection conflicts={conflicts.data ?? []} names={names} onResolved={reload} />
          <PeersTable peers={status.data.peers} officeName={names.office} />
          <HistoryTable status={status.data} />
        </>
      )}
    </Stack>
  );
}
