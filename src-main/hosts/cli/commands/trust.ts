import { resolve } from 'node:path';
import type { CommandSpec } from '../index';
import { UsageError } from '../errors';
import { systemClock } from '../../../services/clock';
import { appendAudit } from '../../../services/audit/chain';
import { createBackup, restoreBackup, RestoreRefused } from '../../../services/trust/backups';

export const trustCommands: Record<string, CommandSpec> = {
  'db backup': {
    options: { out: { type: 'string' } },
    usage: '[--out FILE]   (an online backup; without --out it goes to the backups folder, rotated)',
    async run(app, values, io) {
      const out = values.out as string | undefined;
      const started = process.hrtime.bigint();
      await app.database.db.transaction().execute((trx) =>
        appendAudit(trx, { at: systemClock.now().toISOString(), staffId: null, officeId: null, action: 'backup.create', entity: 'database', entityId: null, payload: { host: 'cli' } }),
      );
      const info = await createBackup(app.database, { reason: 'manual', clock: systemClock, ...(out ? { out: resolve(out) } : {}) });
      const ms = Number(process.hrtime.bigint() - started) / 1e6;
      io.out(`backup written to ${info.file} (${info.bytes} bytes, ${ms.toFixed(0)} ms)`);
      return 0;
    },
  },
  'db restore': {
    options: { from: { type: 'string' } },
    positional: true,
    usage: 'FILE   (or --from FILE; refused unless FILE passes integrity, foreign-key and audit-chain checks)',
    async run(app, values, io) {
      const from = (values.from as string | undefined) ?? (values._0 as string | undefined);
      if (!from) throw new UsageError('name the backup file to restore');
      try {
        const { check, safetyCopy } = await restoreBackup(app.database, resolve(from), { clock: systemClock, staffId: null, officeId: null });
        io.out(`restored ${from} (${check.auditEntries} audit entries, sha256 ${check.sha256}); the previous state is kept in ${safetyCopy.file}`);
        return 0;
      } catch (error) {
        if (error instanceof RestoreRefused) {
          for (const p of error.check.problems) io.err(`refused: ${p}`);
          return 1;
        }
        throw error;
      }
    },
  },
};
