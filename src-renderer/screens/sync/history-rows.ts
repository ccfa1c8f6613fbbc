import type { SyncStatus } from '../../../src-shared/api/sync';

type Bundle = SyncStatus['history'][number];
export type HistoryRow = { kind: 'bundle'; bundle: Bundle } | { kind: 'gap'; peer: string; seq: number };

/**
 * The history (newest first) with a row for every bundle missing from a peer's sequence, placed
 * just below the received bundle that follows it in the sequence; any left over (older than
 * the history shown) go at the end.
 */
export function historyWithGaps(history: Bundle[], peers: SyncStatus['peers']): HistoryRow[] {
  const gaps = new Map(peers.map((p) => [p.officeId, new Set(p.missing)]));
  const received = new Map<string, number[]>();
  for (const b of history) if (b.direction === 'received') received.set(b.peer, [...(received.get(b.peer) ?? []), b.seq]);
  const rows: HistoryRow[] = [];
  for (const bundle of history) {
    rows.push({ kind: 'bundle', bundle });
    const missing = gaps.get(bundle.peer);
    if (bundle.direction !== 'received' || !missing) continue;
    const previous = Math.max(0, ...(received.get(bundle.peer) ?? []).filter((n) => n < bundle.seq));
    for (const seq of [...missing].filter((n) => n > previous && n < bundle.seq).sort((a, b) => b - a)) {
      rows.push({ kind: 'gap', peer: bundle.peer, seq });
      missing.delete(seq);
    }
  }
  for (const [peer, missing] of gaps) for (const seq of [...missing].sort((a, b) => b - a)) rows.push({ kind: 'gap', peer, seq });
  return rows;
}
