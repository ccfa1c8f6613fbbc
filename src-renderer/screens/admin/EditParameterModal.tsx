import { Text } from '@mantine/core';
import { useMemo } from 'react';
import { z } from 'zod';
import { contract } from '../../../src-shared/api';
import { useClient } from '../../app/client';
import { TextField } from '../../components/Field';
import { FormModal } from '../../components/FormModal';
import { useApiSubmit, useZodForm } from '../../components/form';
import { useLocale } from '../../i18n/locale';
import { parameterInputHint, parameterInputText, parseParameterInput, type Parameter } from './parameterValue';

const valueRule = contract['reference.setParameter'].input.shape.value;

// The value is typed as text (any digits, separators, or a Jalali date) and then checked by
// the contract's own rule for it.
function valueSchema(unit: string) {
  const message = unit === 'jalali_yyyymmdd' ? 'validation.date' : 'validation.number';
  return z.object({
    value: z.preprocess((input) => parseParameterInput(unit, input), z.number({ error: message }).pipe(valueRule)),
  });
}

export function EditParameterModal(props: { parameter: Parameter; title: string; onClose: () => void; onSaved: (key: string) => void }) {
  const { t, locale } = useLocale();
  const client = useClient();
  const { parameter } = props;
  const schema = useMemo(() => valueSchema(parameter.unit), [parameter.unit]);
  const form = useZodForm(schema, { value: parameterInputText(parameter, locale) });
  const { onSubmit, formError } = useApiSubmit(form, async ({ value }) => {
    await client.call('reference.setParameter', { key: parameter.key, value });
    props.onSaved(parameter.key);
  });
  const { control, formState } = form;

  return (
    <FormModal title={t('admin.params.editTitle')} onClose={props.onClose} onSubmit={onSubmit} formError={formError} submitting={formState.isSubmitting}>
      <Text size="sm">{props.title}</Text>
      <TextField
        control={control}
        name="value"
        label={t('admin.params.newValue')}
        description={parameterInputHint(parameter, locale)}
        inputMode={parameter.unit === 'jalali_yyyymmdd' ? 'text' : 'numeric'}
        dir="ltr"
      />
    </FormModal>
  );
}
