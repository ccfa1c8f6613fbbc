import { Anchor, Badge, Checkbox, Group, NativeSelect, Stack, Table, Text, TextInput, Title } from '@mantine/core';
import { useDebouncedValue } from '@mantine/hooks';
import { useEffect, useRef, useState, type KeyboardEvent } from 'react';
import { TICKET_ASSIGNMENT_FILTERS, TICKET_STATUSES } from '../../../src-shared/api/tickets';
import { useActor } from '../../app/session';
import { useApiQuery } from '../../components/useApi';
import { ErrorAlert } from '../../components/ErrorAlert';
import { Loading } from '../../components/Loading';
import { Digits } from '../../components/Digits';
import { useLocale } from '../../i18n/locale';
import { formatNumber } from '../../i18n/format';
import { toLatinDigits } from '../../../src-shared/domain';
import { StatusBadge } from './marks';
import { ticketHref } from './TicketsScreen';

const STATUS_FILTERS = ['active', ...TICKET_STATUSES, 'all'] as const;
type StatusFilter = (typeof STATUS_FILTERS)[number];
type AssignmentFilter = (typeof TICKET_ASSIGNMENT_FILTERS)[number];

/** The objection queue: filters, search, aging and assignment; arrow keys and Enter work. */
export function TicketQueue() {
  const { t, locale } = useLocale();
  const actor = useActor();
  const [status, setStatus] = useState<StatusFilter>('active');
  const [assignment, setAssignment] = useState<AssignmentFilter>('all');
  const [search, setSearch] = useState('');
  const [overdueOnly, setOverdueOnly] = useState(false);
  const [debounced] = useDebouncedValue(search, 250);
  const term = toLatinDigits(debounced).trim();
  const list = useApiQuery('tickets.list', { status, assignment, overdueOnly, ...(term ? { search: term } : {}) });
  const [selected, setSelected] = useState(0);
  const rowRefs = useRef<Array<HTMLTableRowElement | null>>([]);
  const rows = list.data ?? [];

  useEffect(() => setSelected(0), [status, assignment, term, overdueOnly]);

  function onKey(e: KeyboardEvent<HTMLTableSectionElement>) {
    if (!rows.length) return;
    let next = selected;
    if (e.key === 'ArrowDown') next = Math.min(rows.length - 1, selected + 1);
    else if (e.key === 'ArrowUp') next = Math.max(0, selected - 1);
    else if (e.key === 'Home') next = 0;
    else if (e.key === 'End') next = rows.length - 1;
    else if (e.key === 'Enter') {
      e.preventDefault();
      window.location.hash = ticketHref(rows[selected]!.id);
      return;
    } else return;
    e.preventDefault();
    setSelected(next);
    rowRefs.current[next]?.focus();
  }

  return (
    <Stack gap="md">
      <Title order={1}>{t('tickets.queueTitle')}</Title>
      <Group align="flex-end" gap="sm" wrap="wrap">
        <NativeSelect
          label={t('tickets.filter.status')}
          value={status}
          onChange={(e) => setStatus(e.currentTarget.value as StatusFilter)}
          data={STATUS_FILTERS.map((s) => ({ value: s, label: t(`tickets.status.${s}`) }))}
        />
        {actor.role === 'agency_reviewer' && (
          <NativeSelect
            label={t('tickets.filter.assignment')}
            value={assignment}
            onChange={(e) => setAssignment(e.currentTarget.value as AssignmentFilter)}
            data={TICKET_ASSIGNMENT_FILTERS.map((a) => ({ value: a, label: t(`tickets.filter.${a}`) }))}
          />
        )}
        <TextInput label={t('tickets.filter.search')} value={search} onChange={(e) => setSearch(e.currentTarget.value)} type="search" miw={320} />
        <Checkbox label={t('tickets.filter.overdue')} checked={overdueOnly} onChange={(e) => setOverdueOnly(e.currentTarget.checked)} mb={8} />
      </Group>
      <Text size="sm" c="dimmed" id="tickets-keyboard-hint">
        {t('tickets.keyboardHint')}
      </Text>
      <ErrorAlert error={list.error} />
      {list.loading && !list.data ? (
        <Loading />
      ) : rows.length === 0 ? (
        <Text role="status">{t('tickets.empty')}</Text>
      ) : (
        <Table.ScrollContainer minWidth={800}>
          <Table highlightOnHover aria-describedby="tickets-keyboard-hint" data-testid="ticket-queue">
            <Table.Thead>
              <Table.Tr>
                <Table.Th>{t('tickets.col.tracking')}</Table.Th>
                <Table.Th>{t('tickets.col.applicant')}</Table.Th>
                <Table.Th>{t('tickets.col.workshop')}</Table.Th>
                <Table.Th>{t('tickets.col.kind')}</Table.Th>
                <Table.Th>{t('tickets.col.status')}</Table.Th>
                <Table.Th>{t('tickets.col.age')}</Table.Th>
                <Table.Th>{t('tickets.col.assignee')}</Table.Th>
                <Table.Th>{t('tickets.col.files')}</Table.Th>
              </Table.Tr>
            </Table.Thead>
            <Table.Tbody onKeyDown={onKey}>
              {rows.map((r, i) => (
                <Table.Tr
                  key={r.id}
                  ref={(el) => {
                    rowRefs.current[i] = el;
                  }}
                  tabIndex={i === selected ? 0 : -1}
                  aria-selected={i === selected}
                  onFocus={() => setSelected(i)}
                  bg={i === selected ? 'var(--mantine-color-blue-0)' : undefined}
                  data-ticket={r.trackingNumber}
                >
                  <Table.Td>
                    <Anchor href={ticketHref(r.id)} tabIndex={-1}>
                      <Digits value={r.trackingNumber} />
                    </Anchor>
                  </Table.Td>
                  <Table.Td>{r.applicantName}</Table.Td>
                  <Table.Td>
                    <Digits value={r.workshopIdentifier} />
                  </Table.Td>
                  <Table.Td>{t(`tickets.kind.${r.kind}`)}</Table.Td>
                  <Table.Td>
                    <StatusBadge status={r.status} />
                  </Table.Td>
                  <Table.Td>
                    <Group gap={4} wrap="nowrap">
                      <Text size="sm">{t('tickets.days', { days: formatNumber(r.daysInStatus, locale) })}</Text>
                      {r.overdue && (
                        <Badge color="red" variant="filled" size="sm">
                          {t('tickets.overdue')}
                        </Badge>
                      )}
                    </Group>
                  </Table.Td>
                  <Table.Td>{r.assigneeName ?? t('tickets.unassigned')}</Table.Td>
                  <Table.Td>
                    <Digits value={r.attachmentCount} />
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
