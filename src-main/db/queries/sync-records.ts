// The case files an export sends, read as their bundle lines: one JSON record per row, with
// exactly the keys the format's schemas name (src-shared/api/sync.ts), built by the database
// (db/sqlite/json-records.ts says why).
import { sql } from 'kysely';
import type { KaraDb } from '../connection';
import { jsonArrayOrdered, jsonObject, sameNamedColumns } from '../sqlite/json-records';
import { syncApplicantRecord, syncCaseRecord, syncFlowRecord, syncWorkshopRecord } from '../../../src-shared/api/sync';

const keysOf = (schema: { shape: object }, except: string[] = []) => Object.keys(schema.shape).filter((k) => !except.includes(k));

const lines = (rows: Array<{ line: string }>) => rows.map((r) => r.line);

export async function applicantLinesByIds(db: KaraDb, ids: string[]): Promise<string[]> {
  const line = jsonObject(sameNamedColumns('a', keysOf(syncApplicantRecord)));
  return lines(await db.selectFrom('applicants as a').select(line.as('line')).where('a.id', 'in', ids).execute());
}

export async function workshopLinesByIds(db: KaraDb, ids: string[]): Promise<string[]> {
  const line = jsonObject(sameNamedColumns('w', keysOf(syncWorkshopRecord)));
  return lines(await db.selectFrom('workshops as w').select(line.as('line')).where('w.id', 'in', ids).execute());
}

/**
 * Case files: each case row with its whole flow, oldest first. An entry made here travels as
 * "<this office>/<its id>" and its staff as "<this office>/<staff id>" unless they came from
 * elsewhere (then the uid they came with: services/sync/export.ts `staffUid`, the same rule).
 */
export async function caseLinesByIds(db: KaraDb, ids: string[], localOffice: string): Promise<string[]> {
  const local = (id: string) => sql<string>`${localOffice} || '/' || ${sql.ref(id)}`;
  const entry = jsonObject([
    ...sameNamedColumns('f', keysOf(syncFlowRecord, ['uid', 'staff_uid'])),
    ['uid', sql`coalesce(o.uid, ${local('f.id')})`],
    // nullif: `staffUid` treats an empty mapped uid as none (`if (mapped)`), and so does this.
    ['staff_uid', sql`coalesce(nullif(s.uid, ''), case when f.staff_id is null then null else ${local('f.staff_id')} end)`],
  ]);
  const flow = db.selectFrom('case_flow as f')
    .leftJoin('sync_flow_origin as o', 'o.flow_id', 'f.id')
    .leftJoin('sync_remote_staff as s', 's.staff_id', 'f.staff_id')
    .select(jsonArrayOrdered(entry, sql.ref('f.id')).as('flow'))
    .where(sql<boolean>`f.case_id = c.id`);
  const line = jsonObject([...sameNamedColumns('c', keysOf(syncCaseRecord, ['flow'])), ['flow', sql`(${flow})`]]);
  return lines(await db.selectFrom('cases as c').select(line.as('line')).where('c.id', 'in', ids).execute());
}
