// SQLite-only: records built as JSON text by the database itself (json_object,
// json_group_array). PostgreSQL's counterparts are json_build_object and json_agg.
// Why: an export hands most rows straight on to the bundle. Reading them as JavaScript objects,
// re-shaping and JSON.stringify-ing each cost three times what SQLite takes to write the same
// text (100,000 case files with their 500,000 flow entries: 2.9 s against 1.0 s here).
import { sql, type Expression, type RawBuilder } from 'kysely';

export type JsonFields = ReadonlyArray<readonly [key: string, value: Expression<unknown>]>;

/** `json_object('key', value, …)`: one JSON object per row, keys in the order given. */
export function jsonObject(fields: JsonFields): RawBuilder<string> {
  return sql<string>`json_object(${sql.join(fields.flatMap(([key, value]) => [sql.lit(key), value]))})`;
}

/** `json_group_array(value order by …)`: the group's values as one JSON array, in that order. */
export function jsonArrayOrdered(value: Expression<string>, orderBy: Expression<unknown>): RawBuilder<string> {
  return sql<string>`json_group_array(${value} order by ${orderBy})`;
}

/** Each field read from the column of the same name of `table` (an alias in the query). */
export function sameNamedColumns(table: string, keys: readonly string[]): JsonFields {
  return keys.map((key) => [key, sql.ref(`${table}.${key}`)] as const);
}
