import { Button, Group, Modal, Stack } from '@mantine/core';
import type { FormEvent, ReactNode } from 'react';
import type { ApiError } from '../../src-shared/api';
import { useLocale } from '../i18n/locale';
import { ErrorAlert } from './ErrorAlert';

/** A form in a dialog: its fields inside, an error no field takes above them, Cancel and Save below. */
export function FormModal(props: {
  title: string;
  onClose: () => void;
  onSubmit: (e?: FormEvent) => Promise<void>;
  formError: ApiError | null;
  submitting: boolean;
  size?: 'md' | 'lg';
  children: ReactNode;
}) {
  const { t } = useLocale();
  return (
    <Modal opened onClose={props.onClose} title={props.title} size={props.size ?? 'md'} closeButtonProps={{ 'aria-label': t('common.close') }}>
      <form onSubmit={props.onSubmit} noValidate>
        <Stack gap="sm">
          <ErrorAlert error={props.formError} />
          {props.children}
          <Group justify="flex-end">
            <Button variant="default" onClick={props.onClose}>
              {t('common.cancel')}
            </Button>
            <Button type="submit" loading={props.submitting}>
              {t('common.save')}
            </Button>
          </Group>
        </Stack>
      </form>
    </Modal>
  );
}
