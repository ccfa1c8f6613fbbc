// Central's reference data in a bundle to one office: the rows changed since the last bundle
// to it (the outbox of migration 009), and for an intake office, which chooses branches, the
// number of cases waiting at each branch right now.
import type { KaraDb } from '../../db/connection';
import type { MemberSource } from '../../sync/bundle';
import type { OfficeKind } from '../../../src-shared/api';
import { stagesInBranchQueue } from '../../../src-shared/workflow/queues';
import { changedIds } from '../../db/queries/sync';
import {
  activityCodesByCodes, agenciesByCodes, categoriesByCodes, institutionsByCodes, realBranchesByCodes, realCreditByIds, waitingPerBranch,
} from '../../db/queries/reference-sync';
import { paged } from './paging';
import type { ReferenceEntity } from './reference-batch';

/** Outbox entity (migration 009) and the rows it names, per bundle entity. */
const OUTBOX: Array<[ReferenceEntity, string, (db: KaraDb, ids: string[]) => Promise<unknown[]>]> = [
  ['institutions', 'institution', institutionsByCodes],
  ['agencies', 'agency', agenciesByCodes],
  ['categories', 'category', categoriesByCodes],
  ['activitycodes', 'activity', activityCodesByCodes],
  ['branches', 'branch', realBranchesByCodes],
  ['credit', 'credit', realCreditByIds],
];

/**
 * The reference members of central's bundle to `target`, in the order they must be applied
 * (before the offices, which name agencies and branches). Which rows travel is decided now, with
 * the rest of the export; the rows are read a page at a time while the bundle is written.
 * `records`: how many they hold (each id names a row: see the export's count).
 */
export async function referenceMembers(
  db: KaraDb,
  window: { after: number; upTo: number; target: string; targetKind: OfficeKind },
): Promise<{ members: MemberSource[]; records: number }> {
  const members: MemberSource[] = [];
  let records = 0;
  for (const [entity, outboxEntity, load] of OUTBOX) {
    const ids = await changedIds(db, outboxEntity, window.after, window.upTo, window.target);
    if (ids.length) members.push({ entity, pages: paged(ids.sort(), (p) => load(db, p)) });
    records += ids.length;
  }
  if (window.targetKind === 'intake') {
    const queues = await waitingPerBranch(db, stagesInBranchQueue());
    members.push({ entity: 'branchqueues', records: queues });
    records += queues.length;
  }
  return { members, records };
}
