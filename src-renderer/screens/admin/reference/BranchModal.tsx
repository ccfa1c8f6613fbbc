import { SimpleGrid } from '@mantine/core';
import { contract } from '../../../../src-shared/api';
import { useClient } from '../../../app/client';
import { CheckboxField, SelectField, TextField, type Option } from '../../../components/Field';
import { useLocale } from '../../../i18n/locale';
import type { Branch } from './BranchesPanel';
import { ReferenceFormModal, useReferenceForm } from './kit';

const schema = contract['reference.createBranch'].input;

/** A real branch; its institution is chosen once (its cases and credit are recorded under it). */
export function BranchModal(props: { branch: Branch | null; institutions: Option[]; counties: Option[]; onClose: () => void; onSaved: (name: string) => void }) {
  const { t } = useLocale();
  const client = useClient();
  const { branch } = props;
  const editing = branch !== null;
  const form = useReferenceForm(
    schema,
    branch
      ? { code: branch.code, institutionCode: branch.institutionCode, countyCode: branch.countyCode, nameFa: branch.nameFa, nameEn: branch.nameEn, addressFa: branch.addressFa, phone: branch.phone, offered: branch.offered }
      : { code: '', institutionCode: '', countyCode: '', nameFa: '', nameEn: '', addressFa: '', phone: '', offered: true },
    (input) => client.call(editing ? 'reference.updateBranch' : 'reference.createBranch', input),
    props.onSaved,
  );
  const { control } = form.form;
  const choose = t('admin.reference.choose');

  return (
    <ReferenceFormModal title={t('admin.reference.branchTitle')} editing={editing} onClose={props.onClose} form={form}>
      <SimpleGrid cols={{ base: 1, sm: 2 }}>
        <SelectField control={control} name="institutionCode" label={t('admin.reference.institution')} placeholder={choose} options={props.institutions} disabled={editing} />
        <SelectField control={control} name="countyCode" label={t('admin.reference.county')} placeholder={choose} options={props.counties} />
      </SimpleGrid>
      <TextField control={control} name="addressFa" label={t('admin.reference.address')} dir="rtl" autoComplete="off" />
      <TextField control={control} name="phone" label={t('admin.reference.phone')} dir="ltr" inputMode="text" autoComplete="off" />
      <CheckboxField control={control} name="offered" label={t('admin.reference.offered')} description={t('admin.reference.offeredHint')} />
    </ReferenceFormModal>
  );
}
