import { Alert, Badge, Button, Checkbox, Group, NumberInput, Paper, SegmentedControl, Select, Stack, Tabs, Text, TextInput, Title } from '@mantine/core';
import { useVirtualizer } from '@tanstack/react-virtual';
import { useCallback, useEffect, useMemo, useRef, useState, type KeyboardEvent } from 'react';
import type { InputOf, OutputOf } from '../../../src-shared/api';
import type { QueueFilter, QueueRow } from '../../../src-shared/api/queue';
import type { Stage } from '../../../src-shared/workflow/definition';
import { formatTrackingCode } from '../../../src-shared/workflow/tracking';
import { navigate } from '../../app/router';
import { useActor } from '../../app/session';
import { Digits } from '../../components/Digits';
import { ErrorAlert } from '../../components/ErrorAlert';
import { useApiAction, useApiQuery } from '../../components/useApi';
import { useLocale } from '../../i18n/locale';
import { rialsOf, tomanOf } from './format';

const ROW_HEIGHT = 44;
const PAGE = 100;
type Sort = 'age' | 'amount' | 'county';
const COLUMNS = 'minmax(2.5rem, 3rem) minmax(9rem, 1.2fr) minmax(8rem, 1.3fr) minmax(8rem, 1.3fr) minmax(6rem, 1fr) minmax(7rem, 1fr) minmax(8rem, 1.2fr) minmax(5rem, 0.7fr) minmax(7rem, 1fr)';

type ListQuery = InputOf<'queue.list'>;
/** The rows loaded so far for one query; `query` says which, so late pages of another are dropped. */
interface ListState { query: ListQuery | null; rows: QueueRow[]; cursor: string | null; done: boolean; loading: boolean; searchKind: string }
const emptyList = (query: ListQuery | null): ListState => ({ query, rows: [], cursor: null, done: false, loading: false, searchKind: 'none' });

export function QueueList() {
  const { t, locale } = useLocale();
  const actor = useActor();
  const tabs = useApiQuery('queue.tabs', {});
  const options = useApiQuery('queue.filterOptions', {});
  const saved = useApiQuery('queue.savedFilters', {});
  const assignees = useApiQuery('queue.assignees', {});
  const action = useApiAction();
  const run = action.run;

  const [stage, setStage] = useState<Stage | null>(null);
  const [filter, setFilter] = useState<QueueFilter>({});
  const [sort, setSort] = useState<Sort>('age');
  const [typed, setTyped] = useState('');
  const [search, setSearch] = useState('');
  const [list, setList] = useState<ListState>(() => emptyList(null));
  const [active, setActive] = useState(0);
  const [selected, setSelected] = useState<Set<string>>(new Set());
  const [notice, setNotice] = useState<string | null>(null);
  const [filterName, setFilterName] = useState('');
  const [assignee, setAssignee] = useState<string | null>(null);
  const generation = useRef(0);
  const scrollRef = useRef<HTMLDivElement>(null);

  useEffect(() => {
    if (stage === null && tabs.data?.defaultStage) setStage(tabs.data.defaultStage);
  }, [stage, tabs.data]);
  useEffect(() => {
    const timer = setTimeout(() => setSearch(typed.trim()), 250);
    return () => clearTimeout(timer);
  }, [typed]);

  const query = useMemo<ListQuery | null>(() => {
    if (search) return { search, limit: PAGE };
    if (!stage) return null;
    return { stage, filter, sort, limit: PAGE };
  }, [search, stage, filter, sort]);

  const loadPage = useCallback(
    async (q: ListQuery, cursor: string | null, gen: number) => {
      setList((s) => (s.query === q ? { ...s, loading: true } : s));
      const page = await run('queue.list', cursor ? { ...q, cursor } : q);
      if (gen !== generation.current) return;
      if (!page) return setList((s) => (s.query === q ? { ...s, loading: false, done: true } : s));
      setList((s) =>
        s.query === q
          ? { query: q, rows: cursor ? [...s.rows, ...page.rows] : page.rows, cursor: page.nextCursor, done: page.nextCursor === null, loading: false, searchKind: page.searchKind }
          : s,
      );
    },
    [run],
  );

  // A new query empties the list in the same render that shows the new query (search box,
  // tabs): rows of the previous query are never on screen under it, so a click cannot land
  // on a row that is about to be replaced.
  if (list.query !== query) {
    setList(emptyList(query));
    setActive(0);
    setSelected(new Set());
  }

  useEffect(() => {
    if (!query) return;
    generation.current += 1;
    void loadPage(query, null, generation.current);
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, [query]);

  const virtualizer = useVirtualizer({
    count: list.rows.length + (list.done ? 0 : 1),
    getScrollElement: () => scrollRef.current,
    estimateSize: () => ROW_HEIGHT,
    overscan: 12,
  });
  const items = virtualizer.getVirtualItems();
  const lastIndex = items.length ? items[items.length - 1]!.index : -1;
  useEffect(() => {
    if (query && !list.loading && !list.done && list.cursor && lastIndex >= list.rows.length - 1) void loadPage(query, list.cursor, generation.current);
  }, [lastIndex, list, query, loadPage]);

  const refresh = () => {
    tabs.reload();
    if (query) {
      generation.current += 1;
      setList(emptyList(query));
      void loadPage(query, null, generation.current);
    }
  };

  const bulkTake = async (ids: string[]) => {
    const byId = new Map(list.rows.map((r) => [r.caseId, r]));
    const items = ids.map((id) => ({ caseId: id, expectedVersion: byId.get(id)!.version }));
    const res = await action.run('queue.bulkTake', { items });
    if (res) report(res);
  };
  const bulkAssign = async () => {
    if (!assignee) return;
    const byId = new Map(list.rows.map((r) => [r.caseId, r]));
    const res = await action.run('queue.assign', { staffId: Number(assignee), items: [...selected].map((id) => ({ caseId: id, expectedVersion: byId.get(id)!.version })) });
    if (res) report(res);
  };
  const report = (res: OutputOf<'queue.bulkTake'>) => {
    const ok = res.results.filter((r) => r.ok).length;
    setNotice([t('queue.bulkDone', { ok, failed: res.results.length - ok }), ...res.results.filter((r) => !r.ok).map((r) => r.message ?? '')].join(' '));
    refresh();
  };

  const toggle = (id: string) => setSelected((s) => {
    const next = new Set(s);
    if (next.has(id)) next.delete(id);
    else next.add(id);
    return next;
  });

  const onKeyDown = (e: KeyboardEvent<HTMLDivElement>) => {
    if (e.target !== e.currentTarget) return;
    const row = list.rows[active];
    const move = (to: number) => {
      const next = Math.max(0, Math.min(list.rows.length - 1, to));
      setActive(next);
      virtualizer.scrollToIndex(next);
    };
    switch (e.key) {
      case 'j': case 'ArrowDown': move(active + 1); break;
      case 'k': case 'ArrowUp': move(active - 1); break;
      case 'Enter': if (row) navigate('queue', 'case', row.caseId); break;
      case ' ': if (row) toggle(row.caseId); break;
      case 't': if (row) void bulkTake([row.caseId]); break;
      case 'a': if (row) navigate('queue', 'case', row.caseId, 'approve'); break;
      case 'r': if (row) navigate('queue', 'case', row.caseId, 'reject'); break;
      case 'b': if (row) navigate('queue', 'case', row.caseId, 'return'); break;
      default: return;
    }
    e.preventDefault();
  };

  const canWork = actor.role === 'agency_reviewer' || actor.role === 'branch_officer';
  const savedOptions = (saved.data ?? []).map((f) => ({ value: String(f.id), label: f.name }));
  const applySaved = (id: string | null) => {
    const f = saved.data?.find((s) => String(s.id) === id);
    if (!f) return;
    setTyped('');
    setStage(f.stage);
    setSort(f.sort);
    setFilter(f.filter);
  };
  const saveFilter = async () => {
    if (!stage || !filterName.trim()) return;
    if (await action.run('queue.saveFilter', { name: filterName.trim(), stage, sort, filter })) {
      setFilterName('');
      saved.reload();
    }
  };
  const name = (x: { nameFa: string; nameEn: string }) => (locale === 'fa' ? x.nameFa : x.nameEn);

  return (
    <Stack gap="sm">
      <Title order={1}>{t('queue.title')}</Title>
      <ErrorAlert error={tabs.error ?? action.error} onClose={action.error ? action.clearError : undefined} />
      {notice && <Alert color="teal" variant="light" role="status" withCloseButton onClose={() => setNotice(null)} closeButtonLabel={t('common.close')}>{notice}</Alert>}

      <TextInput
        label={t('queue.search')}
        placeholder={t('queue.searchHint')}
        value={typed}
        onChange={(e) => setTyped(e.currentTarget.value)}
        rightSection={typed ? <Button variant="subtle" size="compact-xs" onClick={() => setTyped('')} aria-label={t('queue.clearSearch')}>×</Button> : null}
        data-testid="queue-search"
      />

      {!search && (
        <>
          <Tabs value={stage} onChange={(v) => v && setStage(v as Stage)}>
            <Tabs.List aria-label={t('queue.stages')}>
              {(tabs.data?.tabs ?? []).map((tab) => (
                <Tabs.Tab key={tab.stage} value={tab.stage} fw={tab.held ? 700 : 400}>
                  {t(`stage.${tab.stage}`)} <Badge variant="light" color="gray" size="sm" ms={4}><Digits value={tab.count} /></Badge>
                </Tabs.Tab>
              ))}
            </Tabs.List>
            {/* The list below serves every tab; empty panels keep each tab's aria-controls valid. */}
            {(tabs.data?.tabs ?? []).map((tab) => <Tabs.Panel key={tab.stage} value={tab.stage}>{null}</Tabs.Panel>)}
          </Tabs>
          <Paper withBorder p="xs">
            <Group gap="sm" align="flex-end" wrap="wrap">
              <Select label={t('queue.county')} searchable clearable w={180} value={filter.countyCode ?? null}
                data={(options.data?.counties ?? []).map((c) => ({ value: c.code, label: name(c) }))}
                onChange={(v) => setFilter((f) => ({ ...f, countyCode: v ?? undefined }))} />
              <Select label={t('queue.activity')} searchable clearable w={220} value={filter.activityCode ?? null}
                data={(options.data?.activities ?? []).map((a) => ({ value: a.code, label: `${a.code} — ${name(a)}` }))}
                onChange={(v) => setFilter((f) => ({ ...f, activityCode: v ?? undefined }))} />
              <NumberInput label={t('queue.minAmount')} w={150} min={0} thousandSeparator value={filter.minAmountRials === undefined ? '' : filter.minAmountRials / 10}
                onChange={(v) => setFilter((f) => ({ ...f, minAmountRials: rialsOf(v) }))} />
              <NumberInput label={t('queue.maxAmount')} w={150} min={0} thousandSeparator value={filter.maxAmountRials === undefined ? '' : filter.maxAmountRials / 10}
                onChange={(v) => setFilter((f) => ({ ...f, maxAmountRials: rialsOf(v) }))} />
              <Stack gap={4}>
                <Text size="sm" fw={500} id="queue-assigned-label">{t('queue.assigned')}</Text>
                <SegmentedControl aria-labelledby="queue-assigned-label" value={filter.assigned ?? 'all'}
                  data={(['all', 'me', 'unassigned'] as const).map((v) => ({ value: v, label: t(`queue.assigned.${v}`) }))}
                  onChange={(v) => setFilter((f) => ({ ...f, assigned: v === 'all' ? undefined : (v as 'me' | 'unassigned') }))} />
              </Stack>
              <Checkbox label={t('queue.overdueOnly')} checked={filter.overdue ?? false} onChange={(e) => setFilter((f) => ({ ...f, overdue: e.currentTarget.checked || undefined }))} mb={8} />
              <Select label={t('queue.sort')} w={150} value={sort} allowDeselect={false}
                data={(['age', 'amount', 'county'] as const).map((s) => ({ value: s, label: t(`queue.sort.${s}`) }))}
                onChange={(v) => v && setSort(v as Sort)} />
            </Group>
            <Group gap="sm" align="flex-end" mt="xs">
              <Select label={t('queue.savedFilters')} w={200} data={savedOptions} value={null} onChange={applySaved} clearable />
              <TextInput label={t('queue.filterName')} w={180} value={filterName} onChange={(e) => setFilterName(e.currentTarget.value)} />
              <Button variant="default" onClick={() => void saveFilter()} disabled={!filterName.trim()}>{t('queue.saveFilter')}</Button>
            </Group>
          </Paper>
        </>
      )}
      {search && <Text size="sm" c="dimmed">{t('queue.searching')}</Text>}

      {canWork && selected.size > 0 && (
        <Paper withBorder p="xs">
          <Group gap="sm" align="flex-end">
            <Text size="sm">{t('queue.selected', { n: selected.size })}</Text>
            <Button onClick={() => void bulkTake([...selected])} loading={action.pending}>{t('queue.takeSelected')}</Button>
            <Select label={t('queue.assignTo')} w={200} value={assignee} onChange={setAssignee}
              data={(assignees.data ?? []).map((a) => ({ value: String(a.staffId), label: a.displayName }))} />
            <Button variant="default" onClick={() => void bulkAssign()} disabled={!assignee}>{t('queue.assignSelected')}</Button>
          </Group>
        </Paper>
      )}

      <Text size="xs" c="dimmed">{t('queue.keys')}</Text>
      <div
        ref={scrollRef}
        role="table"
        aria-label={t('queue.list')}
        aria-rowcount={list.done ? list.rows.length + 1 : -1}
        tabIndex={0}
        onKeyDown={onKeyDown}
        data-testid="queue-list"
        style={{ height: '60vh', overflow: 'auto', border: '1px solid var(--mantine-color-gray-4)', borderRadius: 4, position: 'relative' }}
      >
        <div role="rowgroup" style={{ position: 'sticky', top: 0, zIndex: 1, background: 'var(--mantine-color-gray-1)' }}>
          <div role="row" aria-rowindex={1} style={{ display: 'grid', gridTemplateColumns: COLUMNS, alignItems: 'center', height: ROW_HEIGHT, fontWeight: 700, fontSize: 14, paddingInline: 8 }}>
            {(['select', 'tracking', 'applicant', 'workshop', 'county', 'amount', 'stage', 'days', 'assignee'] as const).map((c) => (
              <div role="columnheader" key={c}>{c === 'select' ? <span className="sr-only" style={{ position: 'absolute', width: 1, height: 1, overflow: 'hidden', clip: 'rect(0 0 0 0)' }}>{t('queue.col.select')}</span> : t(`queue.col.${c}`)}</div>
            ))}
          </div>
        </div>
        <div role="rowgroup" style={{ height: virtualizer.getTotalSize(), position: 'relative' }}>
          {items.map((v) => {
            const row = list.rows[v.index];
            if (!row) {
              return (
                <div role="row" key="more" aria-rowindex={v.index + 2} style={{ position: 'absolute', top: 0, insetInlineStart: 0, width: '100%', height: ROW_HEIGHT, transform: `translateY(${v.start}px)`, paddingInline: 8, display: 'flex', alignItems: 'center' }}>
                  <div role="cell"><Text size="sm" c="dimmed">{list.loading || !list.done ? t('queue.loadingMore') : ''}</Text></div>
                </div>
              );
            }
            const isActive = v.index === active;
            return (
              <div
                role="row"
                key={row.caseId}
                aria-rowindex={v.index + 2}
                aria-selected={selected.has(row.caseId)}
                data-testid="queue-row"
                data-case-id={row.caseId}
                data-active={isActive || undefined}
                onClick={() => setActive(v.index)}
                onDoubleClick={() => navigate('queue', 'case', row.caseId)}
                style={{
                  position: 'absolute', top: 0, insetInlineStart: 0, width: '100%', height: ROW_HEIGHT, transform: `translateY(${v.start}px)`,
                  display: 'grid', gridTemplateColumns: COLUMNS, alignItems: 'center', paddingInline: 8, fontSize: 14,
                  borderBottom: '1px solid var(--mantine-color-gray-2)',
                  background: isActive ? 'var(--mantine-color-teal-0)' : row.overdue ? 'var(--mantine-color-red-0)' : undefined,
                  outline: isActive ? '2px solid var(--mantine-color-teal-9)' : undefined, outlineOffset: -2,
                }}
              >
                <div role="cell">
                  {canWork && <Checkbox aria-label={`${t('queue.col.select')} ${row.trackingCode ?? row.applicantName}`} checked={selected.has(row.caseId)} onChange={() => toggle(row.caseId)} tabIndex={-1} />}
                </div>
                <div role="cell"><a href={`#/queue/case/${encodeURIComponent(row.caseId)}`}><Digits value={row.trackingCode ? formatTrackingCode(row.trackingCode) : t('case.noCode')} /></a></div>
                <div role="cell" style={{ overflow: 'hidden', textOverflow: 'ellipsis', whiteSpace: 'nowrap' }}>{row.applicantName}</div>
                <div role="cell" style={{ overflow: 'hidden', textOverflow: 'ellipsis', whiteSpace: 'nowrap' }}>{row.workshopName}</div>
                <div role="cell">{(locale === 'fa' ? row.countyNameFa : row.countyNameEn) ?? '—'}</div>
                <div role="cell"><bdi>{tomanOf(row.amountRials, locale)}</bdi></div>
                <div role="cell" style={{ fontSize: 13 }}>{t(`stage.${row.stage}`)}</div>
                <div role="cell">
                  {row.overdue ? <Badge color="red" variant="filled" title={t('queue.overdue')} aria-label={`${t('queue.overdue')}: ${row.daysInStage}`}><Digits value={row.daysInStage} /></Badge> : <Digits value={row.daysInStage} />}
                </div>
                <div role="cell" style={{ overflow: 'hidden', textOverflow: 'ellipsis', whiteSpace: 'nowrap' }}>{row.assigneeName ?? '—'}</div>
              </div>
            );
          })}
        </div>
        {list.done && list.rows.length === 0 && <Text p="md" c="dimmed">{t('queue.empty')}</Text>}
      </div>
      <Text size="xs" c="dimmed" aria-live="polite">{t('queue.rowsShown', { n: list.rows.length })}</Text>
    </Stack>
  );
}
