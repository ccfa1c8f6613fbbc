import { Badge, Stack, Table, Text, Title } from '@mantine/core';
import type { SyncStatus } from '../../../src-shared/api/sync';
import { formatNumber } from '../../i18n/format';
import { useLocale } from '../../i18n/locale';
import { ColumnHeads } from '../../components/ColumnHeads';

/** Per peer: trust, the last bundle each way, what is still unsent or unconfirmed, and gaps. */
export function PeersTable({ peers, officeName }: { peers: SyncStatus['peers']; officeName: (id: string) => string }) {
  const { t, locale } = useLocale();
  const sep = locale === 'fa' ? '، ' : ', ';
  return (
    <Stack component="section" aria-labelledby="sync-peers-title" gap="sm">
      <Title order={2} id="sync-peers-title">{t('sync.peers')}</Title>
      {peers.length === 0 ? <Text c="dimmed">{t('sync.peersEmpty')}</Text> : (
        <Table.ScrollContainer minWidth={760}>
          <Table striped data-testid="sync-peers">
            <ColumnHeads labels={[t('sync.col.office'), t('sync.col.trust'), t('sync.col.sent'), t('sync.col.received'), t('sync.col.pending'), t('sync.col.unconfirmed'), t('sync.col.missing')]} />
            <Table.Tbody>
              {peers.map((p) => (
                <Table.Tr key={p.officeId}>
                  <Table.Th scope="row" fw={400}>
                    <bdi>{officeName(p.officeId)}</bdi> — {t(`officeKind.${p.kind}`)}
                  </Table.Th>
                  <Table.Td>{p.trusted ? t('sync.trusted') : <Badge color="red" variant="filled">{t('sync.untrusted')}</Badge>}</Table.Td>
                  <Table.Td>{p.lastSeqSent ? t(p.lastSeqAcked ? 'sync.seqAcked' : 'sync.seqNoAck', { seq: p.lastSeqSent, acked: p.lastSeqAcked }) : '—'}</Table.Td>
                  <Table.Td>{p.lastSeqReceived ? t('sync.seq', { seq: p.lastSeqReceived }) : '—'}</Table.Td>
                  <Table.Td>{formatNumber(p.pendingChanges, locale)}</Table.Td>
                  <Table.Td>{formatNumber(p.unconfirmedCases, locale)}</Table.Td>
                  <Table.Td>
                    {p.missing.length === 0 ? '—' : (
                      <Badge color="red" variant="filled">{p.missing.map((n) => t('sync.seq', { seq: n })).join(sep)}</Badge>
                    )}
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
