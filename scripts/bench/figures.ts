// The bench's figures: each a measured value beside its target, in one table or as JSON rows.
import { performance } from 'node:perf_hooks';

export interface Figure {
  name: string;
  value: number;
  unit: string;
  /** The limit; `ok` says whether the value keeps it (at most, for times and sizes; at least, for rates). */
  target: number | null;
  ok: boolean;
}

export class Figures {
  readonly rows: Figure[] = [];
  /** The latency being measured now (the bench labels the statements it sees with it). */
  current: string | null = null;

  /** A time or size: good when at or below the target (and not `failed`: it did not do its work). */
  atMost(name: string, value: number, unit: string, target: number | null, failed = false): void {
    this.rows.push({ name, value: round(value), unit, target, ok: !failed && (target === null || value <= target) });
  }

  /** A rate: good when at or above the target. */
  atLeast(name: string, value: number, unit: string, target: number | null): void {
    this.rows.push({ name, value: round(value), unit, target, ok: target === null || value >= target });
  }

  /** Runs each sample `runs` times round-robin after a warm-up, and records p50/p95/p99. */
  async latency(name: string, targetMs: number, samples: Array<() => Promise<unknown>>, runs: number): Promise<void> {
    this.current = name;
    for (const run of samples.slice(0, 5)) await run(); // the page cache and the statement cache
    this.current = null;
    const times: number[] = [];
    for (let i = 0; i < runs; i += 1) {
      const run = samples[i % samples.length]!;
      const t0 = performance.now();
      await run();
      times.push(performance.now() - t0);
    }
    times.sort((a, b) => a - b);
    for (const p of [50, 95, 99]) this.atMost(`${name} p${p}`, percentile(times, p), 'ms', targetMs);
  }

  print(write: (line: string) => void, title: string): void {
    const width = Math.max(...this.rows.map((f) => f.name.length));
    const fmt = (f: Figure) => `${f.value.toLocaleString('en-US', { maximumFractionDigits: 2 })} ${f.unit}`;
    const limit = (f: Figure) => (f.target === null ? '' : `${f.unit.endsWith('/s') ? '≥' : '≤'} ${f.target.toLocaleString('en-US')} ${f.unit}`);
    write(`\n${title}\n`);
    write(`${'figure'.padEnd(width)}  ${'value'.padStart(16)}  ${'target'.padStart(16)}  ok`);
    for (const f of this.rows) write(`${f.name.padEnd(width)}  ${fmt(f).padStart(16)}  ${limit(f).padStart(16)}  ${f.ok ? 'yes' : 'MISS'}`);
    const missed = this.rows.filter((f) => !f.ok);
    write(`\n${this.rows.length - missed.length} of ${this.rows.length} figures within target`);
    if (missed.length) write(`missed: ${missed.map((f) => f.name).join('; ')}`);
  }
}

export function percentile(sorted: number[], p: number): number {
  return sorted[Math.min(sorted.length - 1, Math.max(0, Math.ceil((p / 100) * sorted.length) - 1))]!;
}

const round = (v: number) => Math.round(v * 100) / 100;
