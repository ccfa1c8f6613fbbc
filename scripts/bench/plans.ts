// Query plans of the hot paths: every distinct statement the queue's measured calls ran (seen
// through kysely's log while warming up), explained on the big database. A hot query that
// reads a whole table is a miss, whatever its time on this run.
import { writeFileSync } from 'node:fs';
import type BetterSqlite3 from 'better-sqlite3';
import { explainQueryPlan } from '../../src-main/db/sqlite-specific';
import type { Figures } from './figures';

interface Seen { label: string; sql: string; parameters: readonly unknown[] }

export class PlanCollector {
  private readonly seen = new Map<string, Seen>();

  constructor(private readonly figures: Figures) {}

  /** For openApp's onQuery: keeps the first use of each read statement under the current figure. */
  readonly onQuery = (sql: string, parameters: readonly unknown[]): void => {
    const label = this.figures.current;
    if (!label || !/^\s*(select|with)\b/i.test(sql) || /from "(sessions|staff)"/.test(sql)) return;
    if (!this.seen.has(sql)) this.seen.set(sql, { label: label.replace(/ \[.*$/, ''), sql, parameters });
  };

  report(sqlite: BetterSqlite3.Database, markdownFile: string | undefined): void {
    const plans = [...this.seen.values()].map((s) => ({ ...s, plan: explainQueryPlan(sqlite, s.sql, s.parameters) }));
    const scanning = plans.filter((p) => p.plan.fullScans.length > 0);
    this.figures.atMost(`hot statements reading a whole table (of ${plans.length} distinct)`, scanning.length, 'statements', 0);
    if (!markdownFile) return;
    const body = plans.map((p) => `### ${p.label}\n\n\`\`\`sql\n${p.sql}\n\`\`\`\n\n\`\`\`\n${p.plan.steps.join('\n')}\n\`\`\`\n${p.plan.fullScans.length ? `\n**Full scan:** ${p.plan.fullScans.join('; ')}\n` : ''}`);
    writeFileSync(markdownFile, `# Query plans of the hot paths\n\nWritten by \`npm run bench -- --plans FILE\`: each distinct statement the measured queue calls ran, with \`EXPLAIN QUERY PLAN\` on the benchmark database.\n\n${body.join('\n')}`);
  }
}
