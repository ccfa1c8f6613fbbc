import { Button, Group, Stack, Table } from '@mantine/core';
import type { z } from 'zod';
import { contract } from '../../../../src-shared/api';
import type { categorySchema } from '../../../../src-shared/api/reference-editing';
import { useClient } from '../../../app/client';
import { ErrorAlert } from '../../../components/ErrorAlert';
import { CheckboxField, SelectField } from '../../../components/Field';
import { useApiQuery } from '../../../components/useApi';
import { useLocale } from '../../../i18n/locale';
import { EditButton, LatinCell, localName, ReferenceTable, ReferenceFormModal, useEditor, useReferenceForm } from './kit';

type Category = z.infer<typeof categorySchema>;
type Agency = { code: string; nameFa: string; nameEn: string };
const schema = contract['reference.createCategory'].input;

/** Activity categories: the agency that reviews them and whether their businesses were ordered closed. */
export function CategoriesPanel({ onSaved }: { onSaved: (name: string) => void }) {
  const { t, locale } = useLocale();
  const categories = useApiQuery('reference.categories', {});
  const agencies = useApiQuery('reference.agencies', {});
  const editor = useEditor<Category>(categories.reload, onSaved);
  const agencyName = (code: string) => {
    const a = agencies.data?.find((x) => x.code === code);
    return a ? localName(a, locale) : code;
  };

  return (
    <Stack gap="sm">
      <Group justify="flex-end">
        <Button onClick={() => editor.open('new')}>{t('admin.reference.addCategory')}</Button>
      </Group>
      <ErrorAlert error={categories.error ?? agencies.error} />
      <ReferenceTable loading={categories.loading && !categories.data} minWidth={720} heads={[t('admin.reference.code'), t('admin.reference.category'), t('admin.reference.agency'), t('admin.reference.orderedClosed'), t('common.actions')]}>
        {(categories.data ?? []).map((c) => (
          <Table.Tr key={c.code}>
            <LatinCell text={c.code} />
            <Table.Td>{localName(c, locale)}</Table.Td>
            <Table.Td>{agencyName(c.agencyCode)}</Table.Td>
            <Table.Td>{c.orderedClosed ? t('common.yes') : t('common.no')}</Table.Td>
            <Table.Td><EditButton name={localName(c, locale)} onClick={() => editor.open(c)} /></Table.Td>
          </Table.Tr>
        ))}
      </ReferenceTable>
      {editor.editing && <CategoryModal category={editor.row} agencies={agencies.data ?? []} {...editor.dialog} />}
    </Stack>
  );
}

function CategoryModal(props: { category: Category | null; agencies: Agency[]; onClose: () => void; onSaved: (name: string) => void }) {
  const { t, locale } = useLocale();
  const client = useClient();
  const editing = props.category !== null;
  const form = useReferenceForm(
    schema,
    props.category ?? { code: '', nameFa: '', nameEn: '', agencyCode: '', orderedClosed: false },
    (input) => client.call(editing ? 'reference.updateCategory' : 'reference.createCategory', input),
    props.onSaved,
  );
  const { control } = form.form;

  return (
    <ReferenceFormModal title={t('admin.reference.categoryTitle')} editing={editing} onClose={props.onClose} form={form}>
      <SelectField
        control={control}
        name="agencyCode"
        label={t('admin.reference.agency')}
        placeholder={t('admin.reference.choose')}
        options={props.agencies.map((a) => ({ value: a.code, label: localName(a, locale) }))}
      />
      <CheckboxField control={control} name="orderedClosed" label={t('admin.reference.orderedClosed')} description={t('admin.reference.orderedClosedHint')} />
    </ReferenceFormModal>
  );
}
