// A central supervisor adds and changes reference data: institutions, branches, activity
// categories and codes. Only central edits it: an office's copy is replaced row by row by
// central's bundles (services/sync/reference-batch.ts), so an office's own edit would be
// silently overwritten. Nothing is deleted (cases refer to every row); a branch can be
// withdrawn (`offered`). Each save is audited; migration 009's triggers queue it for the bundles.
import type { Insertable, Updateable } from 'kysely';
import { AppError } from '../../../src-shared/api';
import type { MessageKey } from '../../../src-shared/i18n';
import type { Actor, HandlerContext, HandlerRegistry } from '../../api/types';
import type { DB } from '../../db/schema.generated';
import { activityCodeView } from '../../db/queries/reference';
import { existingCodes, retireDemoBranches } from '../../db/queries/reference-sync';
import { insertReferenceRow, referenceRow, updateReferenceRow, type EditableRow, type EditableTable } from '../../db/queries/reference-editing';
import { requireActor } from '../auth/handlers';
import { findIdentity } from '../../db/queries/sync';
import { findOffice } from '../../db/queries/offices';
import { appendAudit } from '../audit/chain';
import { activityCodeOut, activitySearchKey, branchOut, categoryOut, institutionOut } from './rows';

type EditingMethod =
  | 'reference.createInstitution' | 'reference.updateInstitution' | 'reference.createBranch' | 'reference.updateBranch'
  | 'reference.createCategory' | 'reference.updateCategory' | 'reference.createActivityCode' | 'reference.updateActivityCode';

interface Kind<T extends EditableTable> {
  table: T;
  /** The audit entry's entity. */
  entity: string;
  /** No row has the code (an update). */
  unknown: MessageKey;
  /** Another row has it (a create). */
  taken: MessageKey;
}

const INSTITUTION: Kind<'institutions'> = { table: 'institutions', entity: 'institution', unknown: 'reference.error.unknownInstitution', taken: 'reference.error.institutionCodeTaken' };
const BRANCH: Kind<'branches'> = { table: 'branches', entity: 'branch', unknown: 'reference.error.unknownBranch', taken: 'reference.error.branchCodeTaken' };
const CATEGORY: Kind<'activity_categories'> = { table: 'activity_categories', entity: 'activity_category', unknown: 'reference.error.unknownCategory', taken: 'reference.error.categoryCodeTaken' };
const ACTIVITY: Kind<'activity_codes'> = { table: 'activity_codes', entity: 'activity_code', unknown: 'reference.error.unknownActivityCode', taken: 'reference.error.activityCodeTaken' };

/** A code the row names, which must exist: the input field that gave it, where, and the refusal. */
type Named = [field: string, table: Parameters<typeof existingCodes>[1], code: string, unknown: MessageKey];

// Free text is only said to have changed: the audit payload holds codes, kinds and flags. The
// search key follows the names, so it is not listed at all.
const TEXT_COLUMNS = new Set(['name_fa', 'name_en', 'address_fa', 'phone']);
const DERIVED_COLUMNS = new Set(['search_key']);

/**
 * A member of central's staff, on central's database: a database provisioned as another office
 * refuses too, so an account made there under central's id (the CLI can) edits nothing.
 */
async function requireCentralSupervisor(ctx: HandlerContext): Promise<Actor> {
  const actor = requireActor(ctx);
  if (actor.officeKind !== 'central') throw new AppError('forbidden', 'reference.error.centralOnly');
  const identity = await findIdentity(ctx.db);
  if (identity && (await findOffice(ctx.db, identity.office_id))?.kind !== 'central') throw new AppError('forbidden', 'reference.error.centralOnly');
  return actor;
}

async function requireNamed(ctx: HandlerContext, named: readonly Named[]): Promise<void> {
  for (const [field, table, code, unknown] of named) {
    if (!(await existingCodes(ctx.db, table, [code])).has(code)) throw new AppError('validation', unknown, { field, params: { code } });
  }
}

function auditPayload(before: Record<string, unknown> | undefined, values: Record<string, unknown>) {
  const changed = Object.keys(values).filter((c) => !DERIVED_COLUMNS.has(c) && (!before || before[c] !== values[c]));
  const payload: Record<string, string | number | null> = { changed: changed.join(',') };
  for (const c of changed) {
    if (!TEXT_COLUMNS.has(c)) payload[c] = before ? `${String(before[c])} → ${String(values[c])}` : (values[c] as string | number);
  }
  return payload;
}

/**
 * Creates (`before` must be absent) or updates (present) one row, after the codes it names are
 * found; audits what changed. `guard` may refuse an update on the row as it stands.
 */
async function save<T extends EditableTable>(
  ctx: HandlerContext, method: EditingMethod, kind: Kind<T>, code: string,
  values: Updateable<DB[T]> & Record<string, unknown>, named: readonly Named[], guard?: (before: EditableRow<T>) => void,
): Promise<void> {
  const actor = await requireCentralSupervisor(ctx);
  const creating = method.startsWith('reference.create');
  const before = await referenceRow(ctx.db, kind.table, code);
  if (creating && before) throw new AppError('conflict', kind.taken, { field: 'code', params: { code } });
  if (!creating && !before) throw new AppError('not_found', kind.unknown, { field: 'code', params: { code } });
  if (before) guard?.(before);
  await requireNamed(ctx, named);
  if (before) await updateReferenceRow(ctx.db, kind.table, code, values);
  else await insertReferenceRow(ctx.db, kind.table, { code, ...values } as Insertable<DB[T]>);
  await appendAudit(ctx.db, {
    at: ctx.clock.now().toISOString(), staffId: actor.staffId, officeId: actor.officeId, action: method, entity: kind.entity, entityId: code,
    payload: auditPayload(before as Record<string, unknown> | undefined, values),
  });
}

const saved = async <T extends EditableTable>(ctx: HandlerContext, kind: Kind<T>, code: string) => (await referenceRow(ctx.db, kind.table, code))!;
const flag = (b: boolean) => (b ? 1 : 0);

const COUNTY = (code: string): Named => ['countyCode', 'counties', code, 'reference.error.unknownCounty'];
const AGENCY = (code: string): Named => ['agencyCode', 'agencies', code, 'reference.error.unknownAgency'];

type In<M extends EditingMethod> = Parameters<HandlerRegistry[M]>[0];

async function saveInstitution(ctx: HandlerContext, method: EditingMethod, i: In<'reference.createInstitution'>) {
  await save(ctx, method, INSTITUTION, i.code, { name_fa: i.nameFa, name_en: i.nameEn, kind: i.kind }, []);
  return institutionOut(await saved(ctx, INSTITUTION, i.code));
}

/** Branch columns a create and an update both set (the institution is set once, at create). */
const branchValues = (b: In<'reference.updateBranch'>) => ({
  county_code: b.countyCode, name_fa: b.nameFa, name_en: b.nameEn, address_fa: b.addressFa, phone: b.phone, offered: flag(b.offered),
});

const refuseDemo = (b: EditableRow<'branches'>) => {
  if (b.is_demo === 1) throw new AppError('refused', 'reference.error.demoBranch', { field: 'code', params: { code: b.code } });
};

async function saveCategory(ctx: HandlerContext, method: EditingMethod, c: In<'reference.createCategory'>) {
  await save(ctx, method, CATEGORY, c.code, { name_fa: c.nameFa, name_en: c.nameEn, agency_code: c.agencyCode, ordered_closed: flag(c.orderedClosed) }, [AGENCY(c.agencyCode)]);
  return categoryOut(await saved(ctx, CATEGORY, c.code));
}

async function saveActivityCode(ctx: HandlerContext, method: EditingMethod, a: In<'reference.createActivityCode'>) {
  await save(
    ctx, method, ACTIVITY, a.code,
    { category_code: a.categoryCode, name_fa: a.nameFa, name_en: a.nameEn, agency_code: a.agencyCode, is_driver: flag(a.isDriver), search_key: activitySearchKey(a) },
    [['categoryCode', 'activity_categories', a.categoryCode, 'reference.error.unknownCategory'], AGENCY(a.agencyCode)],
  );
  return activityCodeOut((await activityCodeView(ctx.db, a.code))!);
}

export const referenceEditingHandlers: Pick<HandlerRegistry, EditingMethod> = {
  'reference.createInstitution': (input, ctx) => saveInstitution(ctx, 'reference.createInstitution', input),
  'reference.updateInstitution': (input, ctx) => saveInstitution(ctx, 'reference.updateInstitution', input),
  async 'reference.createBranch'(input, ctx) {
    const values = { institution_code: input.institutionCode, ...branchValues(input) };
    await save(ctx, 'reference.createBranch', BRANCH, input.code, values, [
      ['institutionCode', 'institutions', input.institutionCode, 'reference.error.unknownInstitution'], COUNTY(input.countyCode),
    ]);
    // As at every office that receives it: the institution's demo branches are no longer offered.
    await retireDemoBranches(ctx.db, [input.institutionCode]);
    return branchOut(await saved(ctx, BRANCH, input.code));
  },
  async 'reference.updateBranch'(input, ctx) {
    await save(ctx, 'reference.updateBranch', BRANCH, input.code, branchValues(input), [COUNTY(input.countyCode)], refuseDemo);
    return branchOut(await saved(ctx, BRANCH, input.code));
  },
  'reference.createCategory': (input, ctx) => saveCategory(ctx, 'reference.createCategory', input),
  'reference.updateCategory': (input, ctx) => saveCategory(ctx, 'reference.updateCategory', input),
  'reference.createActivityCode': (input, ctx) => saveActivityCode(ctx, 'reference.createActivityCode', input),
  'reference.updateActivityCode': (input, ctx) => saveActivityCode(ctx, 'reference.updateActivityCode', input),
};
