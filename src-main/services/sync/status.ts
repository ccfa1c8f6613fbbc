import type { KaraDb } from '../../db/connection';
import { findIdentity, listPeers, receivedSeqs, lastAcked, countPendingChanges, countUnconfirmedCases, bundleHistory, countOpenConflicts, receivedSources } from '../../db/queries/sync';
import { findOffice } from '../../db/queries/offices';
import type { SyncStatus } from '../../../src-shared/api/sync';
import type { OfficeKind } from '../../../src-shared/api';

export async function syncStatus(db: KaraDb): Promise<SyncStatus> {
  const id = await findIdentity(db);
  const office = id ? await findOffice(db, id.office_id) : undefined;
  const peers: SyncStatus['peers'] = [];
  const peerRows = await listPeers(db);
  const known = new Set(peerRows.map((p) => p.office_id));
  for (const p of peerRows) {
    const got = await receivedSeqs(db, p.office_id);
    const last = got.length ? got[got.length - 1]! : 0;
    const have = new Set(got);
    const missing: number[] = [];
    for (let n = 1; n < last; n += 1) if (!have.has(n)) missing.push(n);
    peers.push({
      officeId: p.office_id, kind: p.kind as OfficeKind, trusted: p.trusted === 1, lastSeqSent: p.last_seq_sent, lastSeqAcked: await lastAcked(db, p.office_id),
      lastSeqReceived: last, missing, pendingChanges: await countPendingChanges(db, p.last_change_sent, p.office_id),
      unconfirmedCases: await countUnconfirmedCases(db, p.office_id),
    });
  }
  for (const source of await receivedSources(db)) if (!known.has(source)) peers.push({ officeId: source, kind: 'intake', trusted: false, lastSeqSent: 0, lastSeqAcked: 0, lastSeqReceived: 0, missing: [], pendingChanges: 0, unconfirmedCases: 0 });
  const history = (await bundleHistory(db)).map((h) => ({ direction: h.direction, peer: h.peer, seq: h.seq, at: h.at, counts: JSON.parse(h.counts) as Record<string, number>, acknowledged: Number(h.acknowledged) === 1 }));
  return {
    office: id && office ? { id: id.office_id, kind: office.kind as OfficeKind, publicKey: id.ed25519_public } : null,
    peers,
    history,
    openConflicts: await countOpenConflicts(db),
  };
}
