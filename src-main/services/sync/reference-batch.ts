// Reference data from central (institutions, agencies, activity categories and codes, real
// branches, credit totals, branch queue sizes), a batch at a time. Only central's bundles get
// here (import.ts ignores an office's, as it does their eligibility). Every record names codes
// that must exist here (an institution, a county…): one that does not refuses the whole bundle.
// A row is taken from a bundle unless a later bundle of central's already set it, so bundles
// delivered out of order converge on central's latest word.
//
// Demo data: a real branch of an institution makes that institution's demo branches here not
// offered (kept: cases and credit rows refer to them). A credit total replaces the demo total
// of the same institution/branch. Reservations and consumption stay this office's own: central
// sends only `allocated_rials`, and a total below what is already committed here is raised to
// that committed amount (nothing is left to reserve; nothing committed is undone).
import type { z } from 'zod';
import type { KaraDb } from '../../db/connection';
import type { DB } from '../../db/schema.generated';
import type { SYNC_ENTITIES, SyncEntity } from '../../../src-shared/api/sync';
import { activitySearchKey } from '../reference/rows';
import { insertMany } from '../../db/queries/sync-batch';
import {
  activityCodesIn, agenciesIn, branchesIn, categoriesIn, centralQueues, clearCentralQueues, creditRowAt, existingCodes, insertCreditTotal, institutionsIn,
  markSeen, retireDemoBranches, seenSeqs, setCreditTotal, upsertCentralQueues,
} from '../../db/queries/reference-sync';
import { BundleRefused } from '../../sync/bundle';

export const REFERENCE_ENTITIES = ['institutions', 'agencies', 'categories', 'activitycodes', 'branches', 'credit', 'branchqueues'] as const;
export type ReferenceEntity = (typeof REFERENCE_ENTITIES)[number];
type Rec<E extends ReferenceEntity> = z.infer<(typeof SYNC_ENTITIES)[E]>;

export const isReferenceEntity = (e: SyncEntity): e is ReferenceEntity => (REFERENCE_ENTITIES as readonly string[]).includes(e);

/** Records gathered per batch; a queue snapshot is meant to fit in one (see applyBranchQueues). */
export const REFERENCE_BATCH_SIZES: Record<ReferenceEntity, number> = {
  institutions: 2000, agencies: 2000, categories: 2000, activitycodes: 2000, branches: 2000, credit: 2000, branchqueues: 100_000,
};

/** Applies one batch of central's reference records; returns how many rows here changed. */
export async function applyReference(db: KaraDb, entity: ReferenceEntity, records: readonly unknown[], bundleSeq: number): Promise<number> {
  switch (entity) {
    case 'institutions': return applyInstitutions(db, records as Array<Rec<'institutions'>>, bundleSeq);
    case 'agencies': return applyAgencies(db, records as Array<Rec<'agencies'>>, bundleSeq);
    case 'categories': return applyCategories(db, records as Array<Rec<'categories'>>, bundleSeq);
    case 'activitycodes': return applyActivityCodes(db, records as Array<Rec<'activitycodes'>>, bundleSeq);
    case 'branches': return applyBranches(db, records as Array<Rec<'branches'>>, bundleSeq);
    case 'credit': return applyCredit(db, records as Array<Rec<'credit'>>, bundleSeq);
    case 'branchqueues': return applyBranchQueues(db, records as Array<Rec<'branchqueues'>>, bundleSeq);
  }
}

/** The records (the last of each key) no later central bundle has set here; marks them as set by this one. */
async function takeUnlessSuperseded<R>(db: KaraDb, entity: string, records: readonly R[], keyOf: (r: R) => string, bundleSeq: number): Promise<R[]> {
  const byKey = new Map<string, R>();
  for (const r of records) byKey.set(keyOf(r), r);
  const seen = await seenSeqs(db, entity, [...byKey.keys()]);
  const taken = [...byKey].filter(([key]) => (seen.get(key) ?? 0) <= bundleSeq);
  await markSeen(db, entity, taken.map(([key]) => key), bundleSeq);
  return taken.map(([, r]) => r);
}

/** Refuses the bundle when a record names a code unknown here. */
async function requireKnown<R>(db: KaraDb, records: readonly R[], what: string, table: Parameters<typeof existingCodes>[1], codeOf: (r: R) => string, subject: (r: R) => string): Promise<void> {
  const known = await existingCodes(db, table, records.map(codeOf));
  const bad = records.find((r) => !known.has(codeOf(r)));
  if (bad) throw new BundleRefused(`${subject(bad)} names an unknown ${what} "${codeOf(bad)}"`, 'invalidRecord');
}

const differs = (incoming: Record<string, unknown>, local: Record<string, unknown> | undefined, columns: readonly string[]) =>
  !local || columns.some((c) => incoming[c] !== local[c]);

/** Upserts the records that differ from the rows here (by code); returns how many. */
async function upsertChanged<T extends 'institutions' | 'agencies' | 'activity_categories'>(
  db: KaraDb, table: T, records: ReadonlyArray<Record<string, unknown> & { code: string }>, local: ReadonlyArray<Record<string, unknown> & { code: string }>,
  columns: ReadonlyArray<keyof DB[T] & string>,
): Promise<number> {
  const byCode = new Map(local.map((l) => [l.code, l]));
  const changed = records.filter((r) => differs(r, byCode.get(r.code), columns));
  await insertMany(db, table, columns, changed, { on: ['code' as keyof DB[T] & string], update: columns.filter((c) => c !== 'code') });
  return changed.length;
}

const INSTITUTION_COLUMNS = ['code', 'name_fa', 'name_en', 'kind'] as const;
async function applyInstitutions(db: KaraDb, records: Array<Rec<'institutions'>>, seq: number): Promise<number> {
  const fresh = await takeUnlessSuperseded(db, 'institution', records, (r) => r.code, seq);
  return upsertChanged(db, 'institutions', fresh, await institutionsIn(db, fresh.map((r) => r.code)), INSTITUTION_COLUMNS);
}

const AGENCY_COLUMNS = ['code', 'name_fa', 'name_en'] as const;
async function applyAgencies(db: KaraDb, records: Array<Rec<'agencies'>>, seq: number): Promise<number> {
  const fresh = await takeUnlessSuperseded(db, 'agency', records, (r) => r.code, seq);
  return upsertChanged(db, 'agencies', fresh, await agenciesIn(db, fresh.map((r) => r.code)), AGENCY_COLUMNS);
}

const CATEGORY_COLUMNS = ['code', 'name_fa', 'name_en', 'agency_code', 'ordered_closed'] as const;
async function applyCategories(db: KaraDb, records: Array<Rec<'categories'>>, seq: number): Promise<number> {
  await requireKnown(db, records, 'agency', 'agencies', (r) => r.agency_code, (r) => `activity category ${r.code}`);
  const fresh = await takeUnlessSuperseded(db, 'category', records, (r) => r.code, seq);
  return upsertChanged(db, 'activity_categories', fresh, await categoriesIn(db, fresh.map((r) => r.code)), CATEGORY_COLUMNS);
}

const ACTIVITY_COLUMNS = ['code', 'category_code', 'name_fa', 'name_en', 'agency_code', 'is_driver'] as const;
async function applyActivityCodes(db: KaraDb, records: Array<Rec<'activitycodes'>>, seq: number): Promise<number> {
  await requireKnown(db, records, 'activity category', 'activity_categories', (r) => r.category_code, (r) => `activity code ${r.code}`);
  await requireKnown(db, records, 'agency', 'agencies', (r) => r.agency_code, (r) => `activity code ${r.code}`);
  const fresh = await takeUnlessSuperseded(db, 'activity', records, (r) => r.code, seq);
  const local = new Map((await activityCodesIn(db, fresh.map((r) => r.code))).map((l) => [l.code, l]));
  const changed = fresh.filter((r) => differs(r, local.get(r.code), ACTIVITY_COLUMNS))
    // The search key is this office's own folding, as `seed reference` computes it.
    .map((r) => ({ ...r, search_key: activitySearchKey({ code: r.code, nameFa: r.name_fa, nameEn: r.name_en }) }));
  const columns = [...ACTIVITY_COLUMNS, 'search_key'] as const;
  await insertMany(db, 'activity_codes', columns, changed, { on: ['code'], update: columns.filter((c) => c !== 'code') });
  return changed.length;
}

const BRANCH_COLUMNS = ['code', 'institution_code', 'county_code', 'name_fa', 'name_en', 'address_fa', 'phone', 'offered'] as const;
async function applyBranches(db: KaraDb, records: Array<Rec<'branches'>>, seq: number): Promise<number> {
  await requireKnown(db, records, 'institution', 'institutions', (r) => r.institution_code, (r) => `branch ${r.code}`);
  await requireKnown(db, records, 'county', 'counties', (r) => r.county_code, (r) => `branch ${r.code}`);
  const fresh = await takeUnlessSuperseded(db, 'branch', records, (r) => r.code, seq);
  const local = new Map((await branchesIn(db, fresh.map((r) => r.code))).map((l) => [l.code, l]));
  // A demo row under the same code becomes central's.
  const changed = fresh.filter((r) => differs(r, local.get(r.code), BRANCH_COLUMNS) || local.get(r.code)?.is_demo !== 0).map((r) => ({ ...r, is_demo: 0 }));
  const columns = [...BRANCH_COLUMNS, 'is_demo'] as const;
  await insertMany(db, 'branches', columns, changed, { on: ['code'], update: columns.filter((c) => c !== 'code') });
  const retired = await retireDemoBranches(db, [...new Set(records.map((r) => r.institution_code))]);
  return changed.length + retired;
}

async function applyCredit(db: KaraDb, records: Array<Rec<'credit'>>, seq: number): Promise<number> {
  await requireKnown(db, records, 'institution', 'institutions', (r) => r.institution_code, (r) => `credit of ${r.institution_code}/${r.branch_code ?? '*'}`);
  const branches = new Map((await branchesIn(db, records.flatMap((r) => (r.branch_code ? [r.branch_code] : [])))).map((b) => [b.code, b.institution_code]));
  const stray = records.find((r) => r.branch_code !== null && branches.get(r.branch_code) !== r.institution_code);
  if (stray) throw new BundleRefused(`credit of ${stray.institution_code}/${stray.branch_code}: no branch ${stray.branch_code} of ${stray.institution_code} here`, 'invalidRecord');
  const fresh = await takeUnlessSuperseded(db, 'credit', records, (r) => `${r.institution_code}/${r.branch_code ?? '*'}`, seq);
  let changed = 0;
  for (const r of fresh) {
    const local = await creditRowAt(db, r.institution_code, r.branch_code);
    if (!local) {
      await insertCreditTotal(db, { institution_code: r.institution_code, branch_code: r.branch_code, allocated_rials: r.allocated_rials, updated_at: r.updated_at });
      changed += 1;
      continue;
    }
    const allocated = Math.max(r.allocated_rials, local.reserved_rials + local.consumed_rials);
    if (allocated === local.allocated_rials && local.is_demo === 0) continue;
    await setCreditTotal(db, local.id, allocated, r.updated_at);
    changed += 1;
  }
  return changed;
}

/**
 * Central's queue sizes replace the previous snapshot as a whole (a branch not listed has no
 * case waiting). A snapshot is one batch unless it lists more than 100,000 branches; a later
 * batch of the same bundle adds to it.
 */
async function applyBranchQueues(db: KaraDb, records: Array<Rec<'branchqueues'>>, seq: number): Promise<number> {
  const seen = (await seenSeqs(db, 'branchqueues', ['*'])).get('*') ?? 0;
  if (seen > seq) return 0;
  const before = await centralQueues(db);
  const after = new Map(seen === seq ? before : []);
  for (const r of records) after.set(r.branch_code, r.waiting);
  let changed = 0;
  for (const code of new Set([...before.keys(), ...after.keys()])) if (before.get(code) !== after.get(code)) changed += 1;
  if (seen < seq) await clearCentralQueues(db);
  await upsertCentralQueues(db, records);
  await markSeen(db, 'branchqueues', ['*'], seq);
  return changed;
}
