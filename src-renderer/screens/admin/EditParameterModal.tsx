import { Button, Group, Modal, Stack, Text } from '@mantine/core';
import { useMemo } from 'react';
import { z } from 'zod';
import { contract } from '../../../src-shared/api';
import { useClient } from '../../app/client';
import { ErrorAlert } from '../../components/ErrorAlert';
import { TextField } from '../../components/Field';
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
    <Modal opened onClose={props.onClose} title={t('admin.params.editTitle')} closeButtonProps={{ 'aria-label': t('common.close') }}>
      <form onSubmit={onSubmit} noValidate>
        <Stack gap="sm">
          <Text size="sm">{props.title}</Text>
          <ErrorAlert error={formError} />
          <TextField
            control={control}
            name="value"
            label={t('admin.params.newValue')}
            description={parameterInputHint(parameter, locale)}
            inputMode={parameter.unit === 'jalali_yyyymmdd' ? 'text' : 'numeric'}
            dir="ltr"
          />
          <Group justify="flex-end">
            <Button variant="default" onClick={props.onClose}>
              {t('common.cancel')}
            </Button>
            <Button type="submit" loading={formState.isSubmitting}>
              {t('common.save')}
            </Button>
          </Group>
        </Stack>
      </form>
    </Modal>
  );
}
