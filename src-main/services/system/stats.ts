import type { KaraDb } from '../../db/connection';
import { tableCounts } from '../../db/queries/stats';
import { schemaVersion } from '../../db/migrations';
import type { Stats } from '../../../src-shared/api/system';

export async function collectStats(db: KaraDb): Promise<Stats> {
  const c = await tableCounts(db);
  return {
    applicants: c.applicants,
    workshops: c.workshops,
    cases: c.cases,
    tickets: c.tickets,
    attachments: c.attachments,
    auditEvents: c.audit_events,
    schemaVersion: await schemaVersion(db),
  };
}
