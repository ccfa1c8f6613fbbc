import { List, Stack, Text, Title } from '@mantine/core';
import type { SyncJob } from '../../../src-shared/api/sync';
import { NoticeAlert } from '../../components/ErrorAlert';
import { formatNumber } from '../../i18n/format';
import { useLocale } from '../../i18n/locale';
import { RefusalAlert } from './RefusalAlert';

/** What the summary lists after an import, in this order (ImportSummary's fields). */
const SUMMARY_ITEMS = ['newCases', 'updatedCases', 'decisions', 'tickets', 'attachments', 'referenceUpdates', 'refusedCases', 'conflicts'] as const;

/** After an import: which bundle it was, what arrived item by item, and what needs a person. */
export function ImportOutcome({ job, caseName }: { job: SyncJob; caseName: (caseId: string) => string }) {
  const { t, locale } = useLocale();
  if (job.state === 'failed') return <RefusalAlert job={job} />;
  if (job.state !== 'done') return null;
  const bundle = job.bundle;
  const duplicate = bundle?.status === 'duplicate';
  const list = (seqs: number[]) => seqs.map((n) => t('sync.seq', { seq: n })).join(locale === 'fa' ? '، ' : ', ');
  return (
    <Stack gap="xs">
      {bundle && (
        <NoticeAlert
          tone={duplicate ? 'warning' : 'success'}
          message={t(duplicate ? 'sync.importDuplicate' : 'sync.importApplied', { seq: bundle.seq, source: bundle.source })}
        />
      )}
      {bundle && bundle.missing.length > 0 && <NoticeAlert tone="warning" message={t('sync.importGap', { list: list(bundle.missing), source: bundle.source })} />}
      {!duplicate && job.summary && (
        <Stack gap={4}>
          <Title order={3} size="h4" id="sync-summary-title">{t('sync.summaryTitle')}</Title>
          <List aria-labelledby="sync-summary-title" data-testid="sync-import-summary" spacing={2}>
            {SUMMARY_ITEMS.map((item) => (
              <List.Item key={item} data-item={item}>
                {t(`sync.summary.${item}`)}: <Text span fw={700}>{formatNumber(job.summary?.[item] ?? 0, locale)}</Text>
              </List.Item>
            ))}
          </List>
        </Stack>
      )}
      {bundle && bundle.attention.length > 0 && (
        <Stack gap={4}>
          <Title order={3} size="h4" id="sync-attention-title">{t('sync.attentionTitle')}</Title>
          <List aria-labelledby="sync-attention-title" spacing={2}>
            {bundle.attention.map((o) => (
              <List.Item key={o.caseId}>
                {t('sync.attentionItem', { caseId: caseName(o.caseId), outcome: t(`sync.outcome.${o.outcome}`) })}
                {o.outcome === 'refused' && o.reason && <Text span size="sm" c="dimmed" dir="ltr"> ({o.reason})</Text>}
              </List.Item>
            ))}
          </List>
        </Stack>
      )}
    </Stack>
  );
}
