import { Container, Group, Paper, Stack, Text, Title } from '@mantine/core';
import type { ReactNode } from 'react';
import { LocaleSwitch } from '../../components/LocaleSwitch';
import { useLocale } from '../../i18n/locale';

/** The frame of the screens shown before anyone is signed in. */
export function AuthLayout({ titleKey, children }: { titleKey: string; children: ReactNode }) {
  const { t } = useLocale();
  return (
    <Container size={480} py="xl" component="main">
      <Stack gap="md">
        <Group justify="space-between" align="center">
          <Stack gap={0}>
            <Text fw={700} size="xl">
              {t('app.name')}
            </Text>
            <Text size="sm" c="dimmed">
              {t('app.tagline')}
            </Text>
          </Stack>
          <LocaleSwitch />
        </Group>
        <Paper withBorder shadow="sm" p="lg" radius="md">
          <Stack gap="md">
            <Title order={1} size="h3">
              {t(titleKey)}
            </Title>
            {children}
          </Stack>
        </Paper>
      </Stack>
    </Container>
  );
}
