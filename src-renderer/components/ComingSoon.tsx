import { Alert, Stack, Title } from '@mantine/core';
import { useLocale } from '../i18n/locale';

/** Stands in for a screen a later issue delivers. */
export function ComingSoon({ titleKey }: { titleKey: string }) {
  const { t } = useLocale();
  return (
    <Stack>
      <Title order={1}>{t(titleKey)}</Title>
      <Alert variant="light" color="gray" role="note">
        {t('nav.coming')}
      </Alert>
    </Stack>
  );
}
