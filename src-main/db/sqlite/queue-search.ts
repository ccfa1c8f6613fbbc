// SQLite-only: the folding function the queue's triggers call, and the FTS5 match syntax.
// A PostgreSQL hub would use a generated tsvector column with the same folding done in the
// service layer instead.
import type BetterSqlite3 from 'better-sqlite3';
import { foldForSearch } from '../../../src-shared/domain/text';

/** Registers kara_fold(text) (foldForSearch) on a connection; every connection that writes cases needs it. */
export function registerQueueSearchFunctions(sqlite: BetterSqlite3.Database): void {
  sqlite.function('kara_fold', { deterministic: true }, (value: unknown) => (typeof value === 'string' ? foldForSearch(value) : ''));
}

/**
 * An FTS5 MATCH expression for what a person typed: folded the same way as the index, each
 * word a phrase (quotes doubled), the last one also as a prefix so results come while typing.
 * Several words must stand together, in any order, with at most one word between them (a
 * middle name): the indexed text is the applicant's name followed by the workshop's, and
 * "Zahra Taheri" must not find Zahra Bahrami whose workshop is "Taheri Services".
 * Null when nothing searchable is left.
 */
export function ftsMatchExpression(typed: string): string | null {
  const words = foldForSearch(typed)
    .split(/[^\p{L}\p{N}]+/u)
    .filter((w) => w.length > 0)
    .slice(0, 8);
  if (words.length === 0) return null;
  const phrases = words.map((w, i) => `"${w.replace(/"/g, '""')}"${i === words.length - 1 ? '*' : ''}`);
  return phrases.length === 1 ? phrases[0]! : `NEAR(${phrases.join(' ')}, ${MAX_WORDS_BETWEEN})`;
}

const MAX_WORDS_BETWEEN = 1;
