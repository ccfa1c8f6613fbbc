import { createHash } from 'node:crypto';
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { AppError } from '../../../src-shared/api';
import type { AuditEntryInfo } from '../../../src-shared/api/trust';
import type { HandlerContext, HandlerRegistry } from '../../api/types';
import { distinctAuditActions, listAuditEvents, type AuditFilter } from '../../db/queries/trust';
import { checkIntegrity } from '../../db/sqlite-specific';
import { requireActor } from '../auth/handlers';
import { appendAudit, verifyAuditChain } from '../audit/chain';
import { auditCsv, auditPdf } from './export';
import { backupDirOf, checkBackupFile, createBackup, listBackups, restoreBackup } from './backups';

type TrustHandlers = Pick<HandlerRegistry, 'audit.list' | 'audit.verify' | 'audit.export' | 'backup.list' | 'backup.create' | 'backup.restore'>;

/** Rows an export may hold at most (a year of a busy office fits). */
const EXPORT_LIMIT = 100_000;

function toEntry(r: Awaited<ReturnType<typeof listAuditEvents>>[number]): AuditEntryInfo {
  return {
    id: r.id, at: r.at, staffId: r.staff_id, staffUsername: r.staff_username, officeId: r.office_id, action: r.action,
    entity: r.entity, entityId: r.entity_id, outcome: r.outcome, payload: r.payload, hash: r.hash,
  };
}

function filterOf(input: AuditFilter): AuditFilter {
  const { fromAt, toAt, action, staffId, officeId, outcome, entityId } = input;
  return { fromAt, toAt, action: action || undefined, staffId, officeId: officeId || undefined, outcome, entityId: entityId || undefined };
}

function requireDatabase(ctx: HandlerContext) {
  if (!ctx.database || !ctx.afterCommit) throw new Error('this router was built without its database: backups are unavailable');
  return { database: ctx.database, afterCommit: ctx.afterCommit };
}

export const trustHandlers: TrustHandlers = {
  async 'audit.list'(input, ctx) {
    requireActor(ctx);
    const rows = await listAuditEvents(ctx.db, filterOf(input), { beforeId: input.beforeId, limit: input.limit + 1 });
    const entries = rows.slice(0, input.limit).map(toEntry);
    const nextBeforeId = rows.length > input.limit ? entries[entries.length - 1]!.id : null;
    return { entries, nextBeforeId, actions: await distinctAuditActions(ctx.db) };
  },

  async 'audit.verify'(_input, ctx) {
    requireActor(ctx);
    const chain = await verifyAuditChain(ctx.db);
    const integrity = ctx.database ? checkIntegrity(ctx.database.sqlite) : { ok: true, problems: [] };
    return { ok: chain.ok && integrity.ok, checked: chain.checked, head: chain.head, integrityProblems: integrity.problems, ...(chain.firstBroken ? { firstBroken: chain.firstBroken } : {}) };
  },

  async 'audit.export'(input, ctx) {
    const actor = requireActor(ctx);
    const rows = (await listAuditEvents(ctx.db, filterOf(input), { limit: EXPORT_LIMIT })).map(toEntry).reverse();
    const now = ctx.clock.now();
    const stampText = now.toISOString().replace(/[-:]/g, '').slice(0, 15);
    const data = input.format === 'csv' ? Buffer.from('\ufeff' + auditCsv(rows), 'utf8') : auditPdf(rows, `Kara Desk audit log, ${rows.length} entries, exported ${now.toISOString()} by ${actor.username}`);
    const sha256 = createHash('sha256').update(data).digest('hex');
    await appendAudit(ctx.db, {
      at: now.toISOString(), staffId: actor.staffId, officeId: actor.officeId, action: 'audit.export', entity: 'audit_events', entityId: null,
      payload: { format: input.format, rows: rows.length, firstId: rows[0]?.id ?? null, lastId: rows[rows.length - 1]?.id ?? null, sha256 },
    });
    return {
      fileName: `kara-audit-${stampText}.${input.format}`,
      mimeType: input.format === 'csv' ? 'text/csv' : 'application/pdf',
      base64: data.toString('base64'), rows: rows.length, sha256,
    };
  },

  async 'backup.list'(_input, ctx) {
    requireActor(ctx);
    return listBackups(backupDirOf(requireDatabase(ctx).database.path)).map(({ name, reason, createdAt, bytes }) => ({ name, reason, createdAt, bytes }));
  },

  async 'backup.create'(_input, ctx) {
    const actor = requireActor(ctx);
    const { database, afterCommit } = requireDatabase(ctx);
    const now = ctx.clock.now().toISOString();
    await appendAudit(ctx.db, { at: now, staffId: actor.staffId, officeId: actor.officeId, action: 'backup.create', entity: 'database', entityId: null, payload: { reason: 'manual' } });
    // The copy is taken after this transaction commits, so it holds the entry above and nothing half-written.
    afterCommit(async () => {
      const info = await createBackup(database, { reason: 'manual', clock: ctx.clock });
      return { name: info.name, reason: info.reason, createdAt: info.createdAt, bytes: info.bytes };
    });
    return { name: '', reason: 'manual', createdAt: now, bytes: 0 };
  },

  async 'backup.restore'(input, ctx) {
    const actor = requireActor(ctx);
    const { database, afterCommit } = requireDatabase(ctx);
    const file = join(backupDirOf(database.path), input.name);
    if (!existsSync(file)) throw new AppError('not_found', 'trust.backupNotFound', { field: 'name' });
    const now = ctx.clock.now().toISOString();
    const check = await checkBackupFile(file);
    if (!check.ok) {
      await appendAudit(ctx.db, { at: now, staffId: actor.staffId, officeId: actor.officeId, action: 'backup.restore', entity: 'database', entityId: input.name, outcome: 'refused', payload: { sha256: check.sha256 } });
      throw new AppError('refused', 'trust.restoreRefused', { params: { problems: check.problems.join('; ') }, commit: true });
    }
    await appendAudit(ctx.db, { at: now, staffId: actor.staffId, officeId: actor.officeId, action: 'backup.restoreRequested', entity: 'database', entityId: input.name, payload: { sha256: check.sha256 } });
    afterCommit(async () => {
      const { check: done, safetyCopy } = await restoreBackup(database, file, { clock: ctx.clock, staffId: actor.staffId, officeId: actor.officeId });
      ctx.session.clear();
      return { restored: input.name, safetyCopy: safetyCopy.name, auditEntries: done.auditEntries };
    });
    return { restored: input.name, safetyCopy: '', auditEntries: check.auditEntries };
  },
};
