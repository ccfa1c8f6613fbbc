import type { CommandSpec } from '../index';
import { seedReference } from '../../../services/reference/seed-reference';
import { seedDemo } from '../../../services/demo/seed-demo';
import { UsageError } from '../errors';
import { bulkSeedDemo } from '../../../services/demo/bulk-seed';

export const seedCommands: Record<string, CommandSpec> = {
  'seed reference': {
    options: { 'no-demo-branches': { type: 'boolean' } },
    usage: '[--no-demo-branches]   (provinces, counties, institutions, agencies, activity codes, parameters; demo branches)',
    async run(app, values, io) {
      const now = new Date().toISOString();
      const result = await app.database.db.transaction().execute((trx) => seedReference(trx, now, { demoBranches: !values['no-demo-branches'] }));
      io.out(Object.entries(result).map(([k, v]) => `${k}: ${v}`).join(', '));
      return 0;
    },
  },
};

seedCommands['seed demo'] = {
  options: { cases: { type: 'string' }, seed: { type: 'string' }, bulk: { type: 'boolean' } },
  usage: '--cases N [--seed S] [--bulk]   (a deterministic synthetic office; run "seed reference" first; --bulk: fast generator for benchmarks)',
  async run(app, values, io) {
    const cases = Number(values.cases);
    const seed = values.seed === undefined ? 1 : Number(values.seed);
    if (!Number.isInteger(cases) || cases < 1 || cases > 2_000_000) throw new UsageError('--cases must be a whole number from 1 to 2000000');
    if (!Number.isInteger(seed)) throw new UsageError('--seed must be a whole number');
    const started = Date.now();
    const result = values.bulk ? await bulkSeedDemo(app.database, { cases, seed }) : await seedDemo(app.database, { cases, seed });
    const seconds = (Date.now() - started) / 1000;
    io.out(`seeded ${result.cases} demo cases in ${seconds.toFixed(1)} s (${Math.round(result.cases / seconds)} cases/s): ${JSON.stringify(result.byStage)}`);
    if ('walkIns' in result) io.out(`in the registry, not yet applied (try them at the counter): ${result.walkIns.join(' ')}`);
    return 0;
  },
};
