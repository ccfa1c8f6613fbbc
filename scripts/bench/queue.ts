// The queue's real queries through the router at full size: the first page of every stage tab
// for an agency reviewer, a branch officer and central, a deep keyset page, a filtered page,
// and the four kinds of search (tracking code, national code, mobile, Persian name).
import type BetterSqlite3 from 'better-sqlite3';
import type { OutputOf } from '../../src-shared/api';
import type { Caller } from './callers';
import type { Figures } from './figures';

export interface QueueCallers { agency: Caller; branch: Caller; central: Caller }

export async function measureQueue(figures: Figures, o: { sqlite: BetterSqlite3.Database; callers: QueueCallers; agencyCode: string; runs: number }): Promise<void> {
  const { callers, runs } = o;
  for (const [who, caller] of Object.entries(callers)) {
    const tabs = await caller.call('queue.tabs', {});
    for (const tab of tabs.tabs) {
      await figures.latency(`first page (100) ${tab.stage} [${who}, ${tab.count}]`, 10, [() => caller.call('queue.list', { stage: tab.stage, limit: 100 })], runs);
    }
  }
  const reviewer = callers.agency;
  await figures.latency('queue.tabs (counts per stage) [agency]', 10, [() => reviewer.call('queue.tabs', {})], runs);
  // A page deep in the biggest stage the agency works on (where "overdue" applies), reached by
  // keyset: no OFFSET, so as fast as the first.
  const deepStage = (await reviewer.call('queue.tabs', {})).tabs.filter((t) => t.held).sort((a, b) => b.count - a.count)[0]!.stage;
  let cursor: string | null = null;
  for (let i = 0; i < 50 && (i === 0 || cursor); i += 1) cursor = (await reviewer.call('queue.list', { stage: deepStage, limit: 100, ...(cursor ? { cursor } : {}) })).nextCursor;
  if (cursor) {
    const deep: string = cursor;
    await figures.latency(`page 51 (keyset) ${deepStage} [agency]`, 10, [() => reviewer.call('queue.list', { stage: deepStage, limit: 100, cursor: deep })], runs);
  }
  await figures.latency(`filtered page: ${deepStage}, overdue, amount ≥ 20M toman, sort amount [agency]`, 10, [
    () => reviewer.call('queue.list', { stage: deepStage, limit: 100, sort: 'amount', filter: { overdue: true, minAmountRials: 200_000_000 } }),
  ], runs);

  const sample = o.sqlite.prepare(`select c.tracking_code, a.national_code, a.mobile, a.first_name, a.last_name from cases c join applicants a on a.id = c.applicant_id
    where c.agency_code = ? and c.tracking_code is not null and c.rowid % 97 = 0 limit 60`).all(o.agencyCode) as Array<{ tracking_code: string; national_code: string; mobile: string; first_name: string; last_name: string }>;
  const expectHit = async (p: Promise<OutputOf<'queue.list'>>) => {
    if ((await p).rows.length === 0) throw new Error('a search the bench expected to find nothing');
  };
  await figures.latency('search by tracking code [agency]', 10, sample.map((s) => () => expectHit(reviewer.call('queue.list', { search: s.tracking_code }))), runs);
  await figures.latency('search by national code [agency]', 10, sample.map((s) => () => expectHit(reviewer.call('queue.list', { search: s.national_code }))), runs);
  await figures.latency('search by mobile [agency]', 10, sample.map((s) => () => expectHit(reviewer.call('queue.list', { search: s.mobile }))), runs);
  // Names typed on an Arabic keyboard (ي ك), first page of hits.
  await figures.latency('search by name (Arabic letters) [agency]', 30, sample.map((s) => () => expectHit(reviewer.call('queue.list', { search: `${s.first_name} ${s.last_name}`.replace(/ی/g, 'ي').replace(/ک/g, 'ك') }))), runs);
  await figures.latency('search by name [central, all cases]', 30, sample.map((s) => () => expectHit(callers.central.call('queue.list', { search: `${s.first_name} ${s.last_name}` }))), runs);
}
