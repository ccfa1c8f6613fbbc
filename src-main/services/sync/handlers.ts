import { join } from 'node:path';
import { sql } from 'kysely';
import { AppError } from '../../../src-shared/api';
import type { HandlerRegistry, HandlerContext } from '../../api/types';
import { BUNDLE_EXTENSION, type syncCaseRecord } from '../../../src-shared/api/sync';
import type { z } from 'zod';
import { findConflict, openConflicts, resolveConflictRow } from '../../db/queries/sync';
import { requireActor } from '../auth/handlers';
import { appendAudit } from '../audit/chain';
import { startSyncJob, syncJob } from '../../sync/jobs';
import { defaultTarget } from './export';
import { loadIdentity, requirePeer, SyncRefused } from './identity';
import { replay } from './engine-path';
import { syncStatus } from './status';
import { checkBundleFile, checkExportFolder } from './screen-paths';

type SyncHandlers = Pick<HandlerRegistry, 'sync.status' | 'sync.startExport' | 'sync.startImport' | 'sync.job' | 'sync.conflicts' | 'sync.resolveConflict'>;

async function databasePath(ctx: HandlerContext): Promise<string> {
  const rows = await sql<{ name: string; file: string }>`pragma database_list`.execute(ctx.db);
  const main = rows.rows.find((r) => r.name === 'main');
  if (!main?.file) throw new AppError('refused', 'sync.noDatabaseFile');
  return main.file;
}

async function identityOrRefuse(ctx: HandlerContext) {
  try {
    return await loadIdentity(ctx.db);
  } catch (e) {
    if (e instanceof SyncRefused) throw new AppError('refused', 'sync.notProvisioned');
    throw e;
  }
}

function conflictOut(r: NonNullable<Awaited<ReturnType<typeof findConflict>>>) {
  return {
    id: r.id, caseId: r.case_id, source: r.source, seq: r.seq, createdAt: r.created_at,
    local: JSON.parse(r.local_version) as unknown, remote: JSON.parse(r.remote_version) as unknown, status: r.status as 'open' | 'kept_local' | 'took_remote',
  };
}

export const syncHandlers: SyncHandlers = {
  'sync.status': (_input, ctx) => syncStatus(ctx.db),

  async 'sync.startExport'(input, ctx) {
    const actor = requireActor(ctx);
    const identity = await identityOrRefuse(ctx);
    checkExportFolder(input.folder);
    let to: string;
    try {
      to = input.to ?? (await defaultTarget(ctx.db, identity));
      await requirePeer(ctx.db, to);
    } catch (e) {
      if (!(e instanceof SyncRefused)) throw e;
      if (input.to) throw new AppError('refused', 'sync.targetNotTrusted', { field: 'to', params: { office: input.to } });
      throw new AppError('refused', 'sync.targetRequired', { field: 'to' });
    }
    const now = ctx.clock.now().toISOString();
    const file = join(input.folder, `kara-${identity.officeId}-to-${to}-${now.replace(/[:.]/g, '-')}.${BUNDLE_EXTENSION}`);
    await appendAudit(ctx.db, { at: now, staffId: actor.staffId, officeId: actor.officeId, action: 'sync.exportStarted', entity: 'bundle', entityId: to });
    return startSyncJob({ kind: 'export', dbPath: await databasePath(ctx), file, to, now, staffId: actor.staffId, identity });
  },

  async 'sync.startImport'(input, ctx) {
    const actor = requireActor(ctx);
    const identity = await identityOrRefuse(ctx);
    checkBundleFile(input.file);
    const now = ctx.clock.now().toISOString();
    await appendAudit(ctx.db, { at: now, staffId: actor.staffId, officeId: actor.officeId, action: 'sync.importStarted', entity: 'bundle', entityId: null });
    return startSyncJob({ kind: 'import', dbPath: await databasePath(ctx), file: input.file, now, staffId: actor.staffId, identity });
  },

  async 'sync.job'(input) {
    const job = syncJob(input.id);
    if (!job) throw new AppError('not_found', 'sync.jobNotFound');
    return job;
  },

  async 'sync.conflicts'(_input, ctx) {
    return (await openConflicts(ctx.db)).map(conflictOut);
  },

  /**
   * keep 'local': this office's version stands and travels on in the next bundle.
   * keep 'remote': the incoming changes are applied after this office's, through the engine
   * (refused, with nothing changed, when the rules do not allow them).
   */
  async 'sync.resolveConflict'(input, ctx) {
    const actor = requireActor(ctx);
    const row = await findConflict(ctx.db, input.id);
    if (!row) throw new AppError('not_found', 'error.notFound');
    if (row.status !== 'open') throw new AppError('conflict', 'sync.conflictResolved');
    const now = ctx.clock.now().toISOString();
    if (input.keep === 'remote') {
      const identity = await identityOrRefuse(ctx);
      const remote = JSON.parse(row.remote_version) as z.infer<typeof syncCaseRecord>;
      const known = new Set((await ctx.db.selectFrom('case_flow as f').leftJoin('sync_flow_origin as o', 'o.flow_id', 'f.id').select(['f.id', 'o.uid']).where('f.case_id', '=', row.case_id).execute()).map((f) => f.uid ?? `${identity.officeId}/${f.id}`));
      for (const f of remote.flow.filter((x) => !known.has(x.uid))) await replay(ctx.db, identity.officeId, row.case_id, f);
    } else {
      // Re-send the case as it is here.
      await ctx.db.insertInto('sync_changes').values({ entity: 'case', entity_id: row.case_id, origin: null }).execute();
    }
    await resolveConflictRow(ctx.db, row.id, input.keep === 'local' ? 'kept_local' : 'took_remote', now, actor.staffId);
    await appendAudit(ctx.db, { at: now, staffId: actor.staffId, officeId: actor.officeId, action: 'sync.resolveConflict', entity: 'case', entityId: row.case_id, payload: { conflict: row.id, keep: input.keep } });
    return conflictOut((await findConflict(ctx.db, row.id))!);
  },
};
