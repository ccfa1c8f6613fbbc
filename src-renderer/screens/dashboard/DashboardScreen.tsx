import '@mantine/charts/styles.css';
import { BarChart, LineChart } from '@mantine/charts';
import { Card, SimpleGrid, Stack, Text, Title } from '@mantine/core';
import type { ReactNode } from 'react';
import { ErrorAlert } from '../../components/ErrorAlert';
import { Loading } from '../../components/Loading';
import { useApiQuery } from '../../components/useApi';
import { formatDate, formatNumber } from '../../i18n/format';
import { useLocale } from '../../i18n/locale';

const BILLION = 1_000_000_000;

export function DashboardScreen() {
  const { t, locale } = useLocale();
  const dash = useApiQuery('queue.dashboard', {});
  if (dash.loading && !dash.data) return <Loading />;
  const d = dash.data;
  if (!d) return <ErrorAlert error={dash.error} />;
  const fmt = (v: number) => formatNumber(v, locale);
  const name = (x: { nameFa: string; nameEn: string }) => (locale === 'fa' ? x.nameFa : x.nameEn);
  const credit = (rows: typeof d.credit) =>
    rows.map((r) => ({
      name: name(r),
      reserved: Math.round(r.reservedRials / BILLION),
      consumed: Math.round(r.consumedRials / BILLION),
      remaining: Math.max(0, Math.round((r.allocatedRials - r.reservedRials - r.consumedRials) / BILLION)),
    }));
  const creditSeries = [
    { name: 'consumed', label: t('dashboard.consumed'), color: 'teal.8' },
    { name: 'reserved', label: t('dashboard.reserved'), color: 'orange.7' },
    { name: 'remaining', label: t('dashboard.remaining'), color: 'gray.5' },
  ];
  return (
    <Stack>
      <Title order={1}>{t('dashboard.title')}</Title>
      <SimpleGrid cols={{ base: 1, lg: 2 }}>
        <ChartCard title={t('dashboard.byStage')}>
          <BarChart h={280} data={d.byStage.map((s) => ({ stage: t(`stage.${s.stage}`), count: s.count }))} dataKey="stage" valueFormatter={fmt}
            series={[{ name: 'count', label: t('dashboard.cases'), color: 'teal.8' }]} xAxisProps={{ angle: -30, textAnchor: 'end', height: 90, interval: 0 }} />
        </ChartCard>
        <ChartCard title={t('dashboard.daily')}>
          <LineChart h={280} data={d.daily.map((x) => ({ day: formatDate(x.day, locale), inflow: x.inflow, decisions: x.decisions }))} dataKey="day" valueFormatter={fmt} withLegend
            series={[{ name: 'inflow', label: t('dashboard.inflow'), color: 'blue.8' }, { name: 'decisions', label: t('dashboard.decisions'), color: 'teal.8' }]} curveType="monotone" />
        </ChartCard>
        <ChartCard title={t('dashboard.aging')}>
          <BarChart h={260} data={d.aging.map((a) => ({ bucket: formatNumberRange(a.bucket, locale), count: a.count }))} dataKey="bucket" valueFormatter={fmt}
            series={[{ name: 'count', label: t('dashboard.cases'), color: 'orange.8' }]} />
        </ChartCard>
        <ChartCard title={t('dashboard.credit')}>
          <BarChart h={320} data={credit(d.credit)} dataKey="name" type="stacked" valueFormatter={fmt} withLegend series={creditSeries}
            xAxisProps={{ angle: -30, textAnchor: 'end', height: 100, interval: 0 }} />
        </ChartCard>
        <ChartCard title={t('dashboard.branchCredit')}>
          <BarChart h={320} data={credit(d.branchCredit)} dataKey="name" type="stacked" orientation="vertical" valueFormatter={fmt} withLegend series={creditSeries}
            yAxisProps={{ width: 200 }} />
        </ChartCard>
      </SimpleGrid>
    </Stack>
  );
}

function formatNumberRange(bucket: string, locale: 'fa' | 'en'): string {
  return locale === 'fa' ? bucket.replace(/\d/g, (c) => '۰۱۲۳۴۵۶۷۸۹'[Number(c)]!) : bucket;
}

function ChartCard({ title, children }: { title: string; children: ReactNode }) {
  return (
    <Card withBorder component="section">
      <Title order={2} size="h4" mb="sm">{title}</Title>
      {children}
      <Text size="xs" c="dimmed" />
    </Card>
  );
}
