import { AppError } from '../../../src-shared/api';
import { foldForSearch } from '../../../src-shared/domain';
import type { HandlerRegistry } from '../../api/types';
import * as q from '../../db/queries/reference';
import { branchPage, listCategories } from '../../db/queries/reference-editing';
import { listOffices } from '../../db/queries/offices';
import { requireActor } from '../auth/handlers';
import { appendAudit } from '../audit/chain';
import { activityCodeOut, branchOut, categoryOut, institutionOut, named } from './rows';

type ReferenceHandlers = Pick<
  HandlerRegistry,
  | 'reference.provinces' | 'reference.counties' | 'reference.institutions' | 'reference.agencies'
  | 'reference.activityCodes' | 'reference.parameters' | 'reference.setParameter' | 'reference.offices'
  | 'reference.categories' | 'reference.branches'
>;

function parameterOut(p: NonNullable<Awaited<ReturnType<typeof q.findParameter>>>) {
  return {
    key: p.key, value: p.value, unit: p.unit, descriptionFa: p.description_fa, descriptionEn: p.description_en,
    source: p.source, published: p.published === 1, updatedAt: p.updated_at,
  };
}

export const referenceHandlers: ReferenceHandlers = {
  async 'reference.provinces'(_i, ctx) {
    return (await q.listProvinces(ctx.db)).map(named);
  },
  async 'reference.counties'(input, ctx) {
    return (await q.listCounties(ctx.db, input.provinceCode)).map((r) => ({ ...named(r), provinceCode: r.province_code }));
  },
  async 'reference.institutions'(_i, ctx) {
    return (await q.listInstitutions(ctx.db)).map(institutionOut);
  },
  async 'reference.agencies'(_i, ctx) {
    return (await q.listAgencies(ctx.db)).map(named);
  },
  async 'reference.activityCodes'(input, ctx) {
    const folded = input.query ? foldForSearch(input.query) : undefined;
    return (await q.searchActivityCodes(ctx.db, folded, input.limit)).map(activityCodeOut);
  },
  async 'reference.categories'(_i, ctx) {
    return (await listCategories(ctx.db)).map(categoryOut);
  },
  async 'reference.branches'(input, ctx) {
    const rows = await branchPage(ctx.db, input);
    const page = rows.slice(0, input.limit);
    return { rows: page.map(branchOut), nextAfterCode: rows.length > input.limit ? page[page.length - 1]!.code : null };
  },
  async 'reference.parameters'(_i, ctx) {
    return (await q.listParameters(ctx.db)).map(parameterOut);
  },
  async 'reference.setParameter'(input, ctx) {
    const actor = requireActor(ctx);
    const now = ctx.clock.now().toISOString();
    const before = await q.findParameter(ctx.db, input.key);
    if (!before) throw new AppError('not_found', 'error.notFound', { field: 'key' });
    await q.updateParameter(ctx.db, input.key, input.value, actor.staffId, now);
    await appendAudit(ctx.db, {
      at: now, staffId: actor.staffId, officeId: actor.officeId, action: 'reference.setParameter', entity: 'programme_parameter',
      entityId: input.key, payload: { from: before.value, to: input.value },
    });
    return parameterOut((await q.findParameter(ctx.db, input.key))!);
  },
  async 'reference.offices'(_i, ctx) {
    return (await listOffices(ctx.db)).map((o) => ({
      id: o.id, kind: o.kind as never, nameFa: o.name_fa, nameEn: o.name_en, agencyCode: o.agency_code, branchCode: o.branch_code,
    }));
  },
};
