// Reference rows as the contract shows them (snake_case columns → the API's camelCase).
import { foldForSearch } from '../../../src-shared/domain';
import type { EditableRow } from '../../db/queries/reference-editing';
import type { activityCodeView } from '../../db/queries/reference';

export const named = (r: { code: string; name_fa: string; name_en: string }) => ({ code: r.code, nameFa: r.name_fa, nameEn: r.name_en });

export const institutionOut = (r: EditableRow<'institutions'>) => ({ ...named(r), kind: r.kind as 'bank' | 'credit_institution' });

export const categoryOut = (r: EditableRow<'activity_categories'>) => ({ ...named(r), agencyCode: r.agency_code, orderedClosed: r.ordered_closed === 1 });

export const branchOut = (r: EditableRow<'branches'>) => ({
  ...named(r), institutionCode: r.institution_code, countyCode: r.county_code, addressFa: r.address_fa, phone: r.phone,
  offered: r.offered === 1, isDemo: r.is_demo === 1,
});

export const activityCodeOut = (r: NonNullable<Awaited<ReturnType<typeof activityCodeView>>>) => ({
  ...named(r),
  categoryCode: r.category_code, categoryNameFa: r.category_name_fa, categoryNameEn: r.category_name_en,
  agencyCode: r.agency_code, agencyNameFa: r.agency_name_fa, agencyNameEn: r.agency_name_en,
  isDriver: r.is_driver === 1, orderedClosed: r.ordered_closed === 1,
});

/** What an activity code is found by: each office folds it itself (seed, import, edit alike). */
export const activitySearchKey = (a: { code: string; nameFa: string; nameEn: string }) => foldForSearch(`${a.code} ${a.nameFa} ${a.nameEn}`);
