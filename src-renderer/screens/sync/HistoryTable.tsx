import { Badge, Stack, Table, Text, Title } from '@mantine/core';
import type { SyncStatus } from '../../../src-shared/api/sync';
import { formatDateTime } from '../../i18n/format';
import { useLocale } from '../../i18n/locale';
import { countsText } from './format';
import { historyWithGaps } from './history-rows';
import { ColumnHeads } from '../../components/ColumnHeads';

const NOWRAP = { whiteSpace: 'nowrap' } as const;

function ackText(direction: 'sent' | 'received', acknowledged: boolean): string {
  if (direction === 'sent') return acknowledged ? 'sync.ack.sentYes' : 'sync.ack.sentNo';
  return acknowledged ? 'sync.ack.receivedYes' : 'sync.ack.receivedNo';
}

/** Every bundle sent and received, newest first, with the ones that never arrived flagged. */
export function HistoryTable({ status }: { status: SyncStatus }) {
  const { t, locale } = useLocale();
  const rows = historyWithGaps(status.history, status.peers);
  return (
    <Stack component="section" aria-labelledby="sync-history-title" gap="sm">
      <Title order={2} id="sync-history-title">{t('sync.history')}</Title>
      {rows.length === 0 ? <Text c="dimmed">{t('sync.historyEmpty')}</Text> : (
        <Table.ScrollContainer minWidth={760}>
          <Table data-testid="sync-history">
            <ColumnHeads labels={[t('sync.col.at'), t('sync.col.direction'), t('sync.col.bundle'), t('sync.col.contents'), t('sync.col.ack')]} />
            <Table.Tbody>
              {rows.map((row) => row.kind === 'gap' ? (
                <Table.Tr key={`gap-${row.peer}-${row.seq}`} data-gap="true" bg="var(--mantine-color-red-light)">
                  <Table.Td>—</Table.Td>
                  <Table.Td style={NOWRAP}>
                    <Text size="sm" fw={500}><span aria-hidden="true">↓ </span>{t('sync.dir.received', { peer: row.peer })}</Text>
                  </Table.Td>
                  <Table.Td style={NOWRAP}>{t('sync.seq', { seq: row.seq })}</Table.Td>
                  <Table.Td colSpan={2}>
                    <Badge color="red" variant="filled" me="xs">{t('sync.gap')}</Badge>
                    {t('sync.gapDetail', { seq: row.seq, peer: row.peer })}
                  </Table.Td>
                </Table.Tr>
              ) : (
                <Table.Tr key={`${row.bundle.direction}-${row.bundle.peer}-${row.bundle.seq}`} data-direction={row.bundle.direction}>
                  <Table.Td style={NOWRAP}><bdi>{formatDateTime(row.bundle.at, locale)}</bdi></Table.Td>
                  <Table.Td style={NOWRAP}>
                    <Text size="sm" fw={500} c={row.bundle.direction === 'sent' ? 'blue.9' : 'teal.9'}>
                      <span aria-hidden="true">{row.bundle.direction === 'sent' ? '↑ ' : '↓ '}</span>
                      {t(row.bundle.direction === 'sent' ? 'sync.dir.sent' : 'sync.dir.received', { peer: row.bundle.peer })}
                    </Text>
                  </Table.Td>
                  <Table.Td style={NOWRAP}>{t('sync.seq', { seq: row.bundle.seq })}</Table.Td>
                  <Table.Td>{countsText(row.bundle.counts, t, locale)}</Table.Td>
                  <Table.Td>
                    <Text size="sm" c={row.bundle.acknowledged ? 'green.9' : undefined}>{t(ackText(row.bundle.direction, row.bundle.acknowledged))}</Text>
                  </Table.Td>
                </Table.Tr>
              ))}
            </Table.Tbody>
          </Table>
        </Table.ScrollContainer>
      )}
    </Stack>
  );
}
