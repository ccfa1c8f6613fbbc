// How an export reads what it sends: ids a page at a time, so a bundle of any size is written
// with bounded memory.
import { lists } from '../../db/queries/sync-batch';

const PAGE = 500;

export function pages<T>(items: T[]): T[][] {
  return lists(items, PAGE);
}

/** Rows for `ids`, read PAGE ids per query, yielded a page at a time. */
export async function* paged<K, R>(ids: K[], load: (page: K[]) => Promise<R[]>): AsyncGenerator<R[]> {
  for (const p of pages(ids)) yield await load(p);
}
