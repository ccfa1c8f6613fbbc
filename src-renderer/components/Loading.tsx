import { Center, Loader } from '@mantine/core';
import { useLocale } from '../i18n/locale';

export function Loading() {
  const { t } = useLocale();
  return (
    <Center p="xl" role="status">
      <Loader size="sm" aria-hidden />
      <span style={{ marginInlineStart: 8 }}>{t('common.loading')}</span>
    </Center>
  );
}
