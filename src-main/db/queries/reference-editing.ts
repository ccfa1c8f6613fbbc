// SQL of central's reference-data editing (services/reference/editing.ts): one row at a time,
// by code. The outbox triggers of migration 009 pick up every write here for the next bundles.
import { sql, type Insertable, type Selectable, type Updateable } from 'kysely';
import type { KaraDb } from '../connection';
import type { DB } from '../schema.generated';

export type EditableTable = 'institutions' | 'branches' | 'activity_categories' | 'activity_codes';
export type EditableRow<T extends EditableTable> = Selectable<DB[T]>;

export function referenceRow<T extends EditableTable>(db: KaraDb, table: T, code: string): Promise<EditableRow<T> | undefined> {
  return db.selectFrom(table as EditableTable).selectAll().where('code', '=', code).executeTakeFirst() as Promise<EditableRow<T> | undefined>;
}

export async function insertReferenceRow<T extends EditableTable>(db: KaraDb, table: T, row: Insertable<DB[T]>): Promise<void> {
  await db.insertInto(table as EditableTable).values(row as Insertable<DB[EditableTable]>).execute();
}

export async function updateReferenceRow<T extends EditableTable>(db: KaraDb, table: T, code: string, changes: Updateable<DB[T]>): Promise<void> {
  await db.updateTable(table as EditableTable).set(changes as Updateable<DB[EditableTable]>).where('code', '=', code).execute();
}

export const listCategories = (db: KaraDb) => db.selectFrom('activity_categories').selectAll().orderBy('code').execute();

/** `text` anywhere in the column, with LIKE's own wildcards taken literally. */
function contains(column: 'code' | 'name_fa' | 'name_en', text: string) {
  const pattern = `%${text.replace(/[\\%_]/g, (c) => `\\${c}`)}%`;
  return sql<boolean>`${sql.ref(column)} like ${pattern} escape '\\'`;
}

/** A page of branches by code, after `afterCode`; one row more than `limit` says another page follows. */
export function branchPage(
  db: KaraDb,
  f: { institutionCode?: string | undefined; countyCode?: string | undefined; query?: string | undefined; afterCode?: string | undefined; limit: number },
) {
  let q = db.selectFrom('branches').selectAll().orderBy('code').limit(f.limit + 1);
  if (f.institutionCode) q = q.where('institution_code', '=', f.institutionCode);
  if (f.countyCode) q = q.where('county_code', '=', f.countyCode);
  if (f.afterCode) q = q.where('code', '>', f.afterCode);
  const text = f.query;
  if (text) q = q.where((eb) => eb.or([contains('code', text), contains('name_fa', text), contains('name_en', text)]));
  return q.execute();
}
