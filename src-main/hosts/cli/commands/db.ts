import type { CommandSpec } from '../index';
import { schemaVersion } from '../../../db/migrations';
import { checkIntegrity } from '../../../db/sqlite-specific';
import { collectStats } from '../../../services/system/stats';
import { verifyAuditChain } from '../../../services/audit/chain';

export const dbCommands: Record<string, CommandSpec> = {
  'db migrate': {
    options: {},
    usage: '--db PATH   (creates the database and applies pending migrations)',
    async run(app, _values, io) {
      // openApp has already migrated; report where the schema stands.
      io.out(`database ${app.database.path} is at schema version ${await schemaVersion(app.database.db)}`);
      return 0;
    },
  },
  'db stats': {
    options: { json: { type: 'boolean' } },
    usage: '[--json]',
    async run(app, values, io) {
      const stats = await collectStats(app.database.db);
      if (values.json) io.out(JSON.stringify(stats));
      else for (const [k, v] of Object.entries(stats)) io.out(`${k.padEnd(14)} ${v}`);
      return 0;
    },
  },
  'db check': {
    options: { json: { type: 'boolean' } },
    usage: '[--json]   (integrity, foreign keys, audit chain; exit 1 when anything is wrong)',
    async run(app, values, io) {
      const integrity = checkIntegrity(app.database.sqlite);
      const chain = await verifyAuditChain(app.database.db);
      const problems = [...integrity.problems];
      if (!chain.ok && chain.firstBroken) {
        problems.push(`audit chain: entry ${chain.firstBroken.id} is broken (${chain.firstBroken.reason}); entries before it are intact`);
      }
      if (values.json) io.out(JSON.stringify({ ok: problems.length === 0, problems, auditEntries: chain.checked, auditHead: chain.head }));
      else if (problems.length === 0) io.out(`ok: integrity and foreign keys fine; audit chain of ${chain.checked} entries intact`);
      else for (const p of problems) io.err(p);
      return problems.length === 0 ? 0 : 1;
    },
  },
};
