import { Button, Group, Stack, Table } from '@mantine/core';
import type { z } from 'zod';
import { contract } from '../../../../src-shared/api';
import { INSTITUTION_KINDS } from '../../../../src-shared/api/reference-editing';
import type { institutionSchema } from '../../../../src-shared/api/reference';
import { useClient } from '../../../app/client';
import { ErrorAlert } from '../../../components/ErrorAlert';
import { SelectField } from '../../../components/Field';
import { useApiQuery } from '../../../components/useApi';
import { useLocale } from '../../../i18n/locale';
import { EditButton, LatinCell, localName, ReferenceTable, ReferenceFormModal, useEditor, useReferenceForm } from './kit';

type Institution = z.infer<typeof institutionSchema>;
const schema = contract['reference.createInstitution'].input;

export function InstitutionsPanel({ onSaved }: { onSaved: (name: string) => void }) {
  const { t, locale } = useLocale();
  const institutions = useApiQuery('reference.institutions', {});
  const editor = useEditor<Institution>(institutions.reload, onSaved);

  return (
    <Stack gap="sm">
      <Group justify="flex-end">
        <Button onClick={() => editor.open('new')}>{t('admin.reference.addInstitution')}</Button>
      </Group>
      <ErrorAlert error={institutions.error} />
      <ReferenceTable loading={institutions.loading && !institutions.data} minWidth={640} heads={[t('admin.reference.code'), t('admin.reference.nameFa'), t('admin.reference.nameEn'), t('admin.reference.kind'), t('common.actions')]}>
        {(institutions.data ?? []).map((i) => (
          <Table.Tr key={i.code}>
            <LatinCell text={i.code} />
            <Table.Td>{i.nameFa}</Table.Td>
            <Table.Td><bdi dir="ltr">{i.nameEn}</bdi></Table.Td>
            <Table.Td>{t(`admin.reference.kind.${i.kind}`)}</Table.Td>
            <Table.Td><EditButton name={localName(i, locale)} onClick={() => editor.open(i)} /></Table.Td>
          </Table.Tr>
        ))}
      </ReferenceTable>
      {editor.editing && <InstitutionModal institution={editor.row} {...editor.dialog} />}
    </Stack>
  );
}

function InstitutionModal(props: { institution: Institution | null; onClose: () => void; onSaved: (name: string) => void }) {
  const { t } = useLocale();
  const client = useClient();
  const editing = props.institution !== null;
  const form = useReferenceForm(
    schema,
    props.institution ?? { code: '', nameFa: '', nameEn: '', kind: 'bank' },
    (input) => client.call(editing ? 'reference.updateInstitution' : 'reference.createInstitution', input),
    props.onSaved,
  );

  return (
    <ReferenceFormModal title={t('admin.reference.institutionTitle')} editing={editing} onClose={props.onClose} form={form}>
      <SelectField
        control={form.form.control}
        name="kind"
        label={t('admin.reference.kind')}
        options={INSTITUTION_KINDS.map((k) => ({ value: k, label: t(`admin.reference.kind.${k}`) }))}
      />
    </ReferenceFormModal>
  );
}
