import { SimpleGrid, Text } from '@mantine/core';
import { useEffect } from 'react';
import { contract } from '../../../../src-shared/api';
import { useClient } from '../../../app/client';
import { CheckboxField, SelectField } from '../../../components/Field';
import { ErrorAlert } from '../../../components/ErrorAlert';
import { useApiQuery } from '../../../components/useApi';
import { useLocale } from '../../../i18n/locale';
import type { ActivityCode } from './ActivityCodesPanel';
import { localName, ReferenceFormModal, useReferenceForm } from './kit';

const schema = contract['reference.createActivityCode'].input;

export function ActivityCodeModal(props: { activity: ActivityCode | null; onClose: () => void; onSaved: (name: string) => void }) {
  const { t, locale } = useLocale();
  const client = useClient();
  const categories = useApiQuery('reference.categories', {});
  const agencies = useApiQuery('reference.agencies', {});
  const { activity } = props;
  const editing = activity !== null;
  const form = useReferenceForm(
    schema,
    activity
      ? { code: activity.code, categoryCode: activity.categoryCode, nameFa: activity.nameFa, nameEn: activity.nameEn, agencyCode: activity.agencyCode, isDriver: activity.isDriver }
      : { code: '', categoryCode: '', nameFa: '', nameEn: '', agencyCode: '', isDriver: false },
    (input) => client.call(editing ? 'reference.updateActivityCode' : 'reference.createActivityCode', input),
    props.onSaved,
  );
  const { control, watch, getValues, setValue } = form.form;
  const category = categories.data?.find((c) => c.code === watch('categoryCode'));
  // A new code is usually reviewed by its category's agency: offered until one is chosen.
  useEffect(() => {
    if (category && !getValues('agencyCode')) setValue('agencyCode', category.agencyCode);
  }, [category, getValues, setValue]);
  const choose = t('admin.reference.choose');

  return (
    <ReferenceFormModal title={t('admin.reference.activityTitle')} editing={editing} onClose={props.onClose} form={form}>
      <ErrorAlert error={categories.error ?? agencies.error} />
      <SimpleGrid cols={{ base: 1, sm: 2 }}>
        <SelectField
          control={control}
          name="categoryCode"
          label={t('admin.reference.category')}
          placeholder={choose}
          options={(categories.data ?? []).map((c) => ({ value: c.code, label: `${c.code} — ${localName(c, locale)}` }))}
        />
        <SelectField
          control={control}
          name="agencyCode"
          label={t('admin.reference.agency')}
          placeholder={choose}
          options={(agencies.data ?? []).map((a) => ({ value: a.code, label: localName(a, locale) }))}
        />
      </SimpleGrid>
      {/* Ordered closure is the category's: shown here, set on the category. */}
      {category && (
        <Text size="sm" c="dimmed">
          {t('admin.reference.orderedClosed')}: {category.orderedClosed ? t('common.yes') : t('common.no')}
        </Text>
      )}
      <CheckboxField control={control} name="isDriver" label={t('admin.reference.driver')} description={t('admin.reference.driverHint')} />
    </ReferenceFormModal>
  );
}
