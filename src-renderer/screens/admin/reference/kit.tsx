// What the reference-data panels share: the add/edit dialog with its code and names, the
// form behind it, which row the dialog is open for, and the table with its cells and buttons.
import { Button, SimpleGrid, Table, Text } from '@mantine/core';
import { useState, type ReactNode } from 'react';
import type { Control, DefaultValues, FieldPath, FieldValues } from 'react-hook-form';
import type { z } from 'zod';
import { TextField } from '../../../components/Field';
import { FormModal } from '../../../components/FormModal';
import { ColumnHeads } from '../../../components/ColumnHeads';
import { Loading } from '../../../components/Loading';
import { useApiSubmit, useZodForm, type ZodForm } from '../../../components/form';
import { useLocale } from '../../../i18n/locale';

export { localName } from '../../../i18n/local-name';
import { localName } from '../../../i18n/local-name';

type Named = { nameFa: string; nameEn: string };

/** A row's form, validated by the contract's own schema; `save` calls create or update, and `onSaved` gets the saved row's name. */
export function useReferenceForm<S extends z.ZodType<FieldValues, FieldValues>>(
  schema: S,
  defaults: DefaultValues<z.input<S>>,
  save: (input: z.output<S>) => Promise<Named>,
  onSaved: (name: string) => void,
) {
  const { locale } = useLocale();
  const form = useZodForm(schema, defaults);
  const { onSubmit, formError } = useApiSubmit(form, async (input) => onSaved(localName(await save(input), locale)));
  return { form, onSubmit, formError };
}

/** Which row a panel's dialog is open for ('new': one being added); a save closes it and reloads the panel. */
export function useEditor<T>(reload: () => void, onSaved: (name: string) => void) {
  const [editing, setEditing] = useState<T | 'new' | null>(null);
  return {
    editing,
    open: setEditing,
    row: editing === 'new' ? null : editing,
    dialog: {
      onClose: () => setEditing(null),
      onSaved: (name: string) => {
        setEditing(null);
        reload();
        onSaved(name);
      },
    },
  };
}

/** Add or edit one row: the code (fixed once saved: cases refer to it), the two names, then the kind's own fields. */
export function ReferenceFormModal<S extends z.ZodType<FieldValues, FieldValues>>(props: {
  title: string;
  editing: boolean;
  onClose: () => void;
  form: { form: ZodForm<S>; onSubmit: () => Promise<void>; formError: Parameters<typeof FormModal>[0]['formError'] };
  children: ReactNode;
}) {
  const { form, onSubmit, formError } = props.form;
  return (
    <FormModal title={props.title} onClose={props.onClose} onSubmit={onSubmit} formError={formError} submitting={form.formState.isSubmitting} size="lg">
      <CodeAndNames control={form.control} editing={props.editing} />
      {props.children}
    </FormModal>
  );
}

function CodeAndNames<T extends FieldValues>({ control, editing }: { control: Control<T, unknown, any>; editing: boolean }) {
  const { t } = useLocale();
  const field = (name: 'code' | 'nameFa' | 'nameEn') => name as FieldPath<T>;
  return (
    <>
      <TextField control={control} name={field('code')} label={t('admin.reference.code')} description={editing ? undefined : t('admin.reference.codeHint')} disabled={editing} dir="ltr" autoComplete="off" />
      <SimpleGrid cols={{ base: 1, sm: 2 }}>
        <TextField control={control} name={field('nameFa')} label={t('admin.reference.nameFa')} dir="rtl" autoComplete="off" />
        <TextField control={control} name={field('nameEn')} label={t('admin.reference.nameEn')} dir="ltr" autoComplete="off" />
      </SimpleGrid>
    </>
  );
}

/** The table's edit button, named for the row it edits. */
export function EditButton({ name, onClick }: { name: string; onClick: () => void }) {
  const { t } = useLocale();
  return (
    <Button size="compact-sm" variant="default" aria-label={t('admin.reference.editWhat', { name })} onClick={onClick}>
      {t('common.edit')}
    </Button>
  );
}

/** A code or a phone number: Latin, left to right, on one line even in a narrow RTL column. */
export function LatinCell({ text }: { text: string }) {
  return (
    <Table.Td style={{ whiteSpace: 'nowrap' }}>
      <bdi dir="ltr">{text}</bdi>
    </Table.Td>
  );
}

/** A panel's table: a spinner until its rows come, "none" when `empty` says so, else the rows under their heads. */
export function ReferenceTable({ loading, empty = false, minWidth, heads, children }: { loading: boolean; empty?: boolean; minWidth: number; heads: string[]; children: ReactNode }) {
  const { t } = useLocale();
  if (loading) return <Loading />;
  if (empty) return <Text size="sm">{t('admin.reference.none')}</Text>;
  return (
    <Table.ScrollContainer minWidth={minWidth}>
      <Table striped>
        <ColumnHeads labels={heads} />
        <Table.Tbody>{children}</Table.Tbody>
      </Table>
    </Table.ScrollContainer>
  );
}
