import { Button, Card, Group, Stack, Table, Text, Title } from '@mantine/core';
import type { z } from 'zod';
import type { syncConflictSchema } from '../../../src-shared/api/sync';
import { formatTrackingCode } from '../../../src-shared/workflow/tracking';
import { formatDateTime, formatNumber, localDigits } from '../../i18n/format';
import { useLocale } from '../../i18n/locale';
import { conflictSides, type CaseSide } from './conflict-sides';
import { actionLabel, labelOr } from './format';

export type Conflict = z.infer<typeof syncConflictSchema>;
export interface Names {
  /** "Name (ID)", or the id alone when the office has no other name. */
  office: (id: string) => string;
  agency: (code: string) => string;
}

interface FieldRow {
  key: 'stage' | 'version' | 'agency' | 'branch' | 'lastAction' | 'lastAt' | 'lastBy' | 'unseen';
  /** What is compared to decide whether the row differs. */
  value: (s: CaseSide) => string;
  show: (s: CaseSide) => string;
}

/**
 * The case number a supervisor knows (the tracking code, else the case id), isolated left to
 * right: inside Persian text the digit groups of «۹۸۶۳-۰۰۰۰۰۱۹-۷» would otherwise be laid out
 * right to left. It goes into translated sentences, so the isolate is in the text (as <bdi> would be).
 */
export function caseLabel(conflict: Conflict, locale: 'fa' | 'en'): string {
  const { local, remote } = conflictSides(conflict.local, conflict.remote);
  const code = local?.trackingCode ?? remote?.trackingCode;
  return `\u2066${code ? localDigits(formatTrackingCode(code), locale) : conflict.caseId}\u2069`;
}

/** One conflict: the two versions side by side, the rows that differ highlighted, and the two ways out. */
export function ConflictCard({ conflict, names, onChoose, busy }: { conflict: Conflict; names: Names; onChoose: (keep: 'local' | 'remote') => void; busy: boolean }) {
  const { t, locale } = useLocale();
  const sides = conflictSides(conflict.local, conflict.remote);
  const sep = locale === 'fa' ? '؛ ' : '; ';
  const who = (s: CaseSide) => (s.last ? t('sync.byWhom', { name: s.last.staff_name ?? '—', office: s.last.office_id ? names.office(s.last.office_id) : '—' }) : '—');
  const rows: FieldRow[] = [
    { key: 'stage', value: (s) => s.stage, show: (s) => labelOr(t, `stage.${s.stage}`, s.stage) },
    { key: 'version', value: (s) => String(s.version), show: (s) => formatNumber(s.version, locale) },
    { key: 'agency', value: (s) => s.agencyCode ?? '', show: (s) => (s.agencyCode ? `${names.agency(s.agencyCode)} (${s.agencyCode})` : '—') },
    { key: 'branch', value: (s) => s.branchCode ?? '', show: (s) => s.branchCode ?? '—' },
    { key: 'lastAction', value: (s) => `${s.last?.action}|${s.last?.reason ?? ''}`, show: (s) => (s.last ? `${actionLabel(s.last.action, t)}${s.last.reason ? ` — «${s.last.reason}»` : ''}` : '—') },
    { key: 'lastAt', value: (s) => s.last?.at ?? '', show: (s) => (s.last ? formatDateTime(s.last.at, locale) : '—') },
    { key: 'lastBy', value: who, show: who },
    {
      key: 'unseen',
      value: (s) => s.unseen.map((f) => f.uid).join(','),
      show: (s) => s.unseen.map((f) => `${actionLabel(f.action, t)} → ${labelOr(t, `stage.${f.to_stage}`, f.to_stage)} (${formatDateTime(f.at, locale)})`).join(sep) || '—',
    },
  ];
  const titleId = `sync-conflict-${conflict.id}-title`;
  return (
    <Card withBorder component="section" aria-labelledby={titleId} data-testid="sync-conflict" data-case={conflict.caseId}>
      <Stack gap="sm">
        <Title order={3} id={titleId}>{t('sync.conflictTitle', { tracking: caseLabel(conflict, locale) })}</Title>
        <Text size="sm">{t('sync.conflictIntro', { seq: conflict.seq, source: conflict.source })}</Text>
        <Table.ScrollContainer minWidth={640}>
          <Table withTableBorder withColumnBorders captionSide="top">
            <Table.Caption>{t('sync.conflictCaption')}</Table.Caption>
            <Table.Thead>
              <Table.Tr>
                <Table.Th scope="col">{t('sync.col.field')}</Table.Th>
                <Table.Th scope="col">{t('sync.local')}</Table.Th>
                <Table.Th scope="col">{t('sync.remote')}</Table.Th>
              </Table.Tr>
            </Table.Thead>
            <Table.Tbody>
              {rows.map((row) => {
                const differs = !sides.local || !sides.remote || row.value(sides.local) !== row.value(sides.remote);
                return (
                  <Table.Tr key={row.key} data-field={row.key} data-differs={differs} bg={differs ? 'var(--mantine-color-yellow-light)' : undefined}>
                    <Table.Th scope="row">
                      {t(`sync.field.${row.key}`)}
                      {differs && <Text span fw={700} ms={6}>{t('sync.differs')}</Text>}
                    </Table.Th>
                    <Table.Td fw={differs ? 700 : undefined}><bdi>{sides.local ? row.show(sides.local) : '—'}</bdi></Table.Td>
                    <Table.Td fw={differs ? 700 : undefined}><bdi>{sides.remote ? row.show(sides.remote) : '—'}</bdi></Table.Td>
                  </Table.Tr>
                );
              })}
            </Table.Tbody>
          </Table>
        </Table.ScrollContainer>
        <Group>
          <Button onClick={() => onChoose('local')} disabled={busy}>{t('sync.keepLocal')}</Button>
          <Button variant="outline" onClick={() => onChoose('remote')} disabled={busy}>{t('sync.keepRemote')}</Button>
        </Group>
      </Stack>
    </Card>
  );
}
