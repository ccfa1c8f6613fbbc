import { Checkbox, NativeSelect, PasswordInput, TextInput } from '@mantine/core';
import { useController, type Control, type FieldPath, type FieldValues } from 'react-hook-form';
import { useLocale } from '../i18n/locale';

interface FieldProps<T extends FieldValues> {
  control: Control<T, unknown, any>;
  name: FieldPath<T>;
  label: string;
  description?: string;
  autoComplete?: string;
  disabled?: boolean;
}

/** The field's error: schema messages are i18n keys, server messages are already translated. */
function useFieldBinding<T extends FieldValues>({ control, name }: Pick<FieldProps<T>, 'control' | 'name'>) {
  const { message } = useLocale();
  const { field, fieldState } = useController({ control, name });
  return { field, error: message(fieldState.error?.message) };
}

export function TextField<T extends FieldValues>(props: FieldProps<T> & { dir?: 'ltr' | 'rtl' | 'auto'; inputMode?: 'text' | 'numeric' }) {
  const { field, error } = useFieldBinding(props);
  return (
    <TextInput
      {...field}
      value={(field.value as string | undefined) ?? ''}
      label={props.label}
      description={props.description}
      error={error}
      autoComplete={props.autoComplete}
      disabled={props.disabled}
      dir={props.dir}
      inputMode={props.inputMode}
    />
  );
}

export function PasswordField<T extends FieldValues>(props: FieldProps<T>) {
  const { field, error } = useFieldBinding(props);
  return (
    <PasswordInput
      {...field}
      value={(field.value as string | undefined) ?? ''}
      label={props.label}
      description={props.description}
      error={error}
      autoComplete={props.autoComplete}
      disabled={props.disabled}
      // Passwords are Latin text whatever the UI direction; typed RTL they are hard to check.
      dir="ltr"
    />
  );
}

export interface Option {
  value: string;
  label: string;
}

/** A native <select>: keyboard- and test-friendly, and labelled like every other field. */
export function SelectField<T extends FieldValues>(props: FieldProps<T> & { options: Option[]; placeholder?: string }) {
  const { field, error } = useFieldBinding(props);
  const data = props.placeholder ? [{ value: '', label: props.placeholder }, ...props.options] : props.options;
  return (
    <NativeSelect
      {...field}
      value={(field.value as string | undefined) ?? ''}
      label={props.label}
      description={props.description}
      error={error}
      disabled={props.disabled}
      data={data}
    />
  );
}

/** A yes/no field; its description says what "yes" does. */
export function CheckboxField<T extends FieldValues>(props: Omit<FieldProps<T>, 'autoComplete'>) {
  const { field, error } = useFieldBinding(props);
  return (
    <Checkbox
      ref={field.ref}
      name={field.name}
      onBlur={field.onBlur}
      checked={field.value === true}
      onChange={(e) => field.onChange(e.currentTarget.checked)}
      label={props.label}
      description={props.description}
      error={error}
      disabled={props.disabled}
    />
  );
}
