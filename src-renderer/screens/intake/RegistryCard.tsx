import { Alert, Badge, Group, SimpleGrid, Stack, Text } from '@mantine/core';
import type { OutputOf } from '../../../src-shared/api';
import { formatDate } from '../../i18n/format';
import { useLocale } from '../../i18n/locale';
import { AA } from './kit';

/** Registry data filled from the national code: read-only, to verify with the applicant. */
export function RegistryCard({ registry }: { registry: OutputOf<'intake.registryLookup'> }) {
  const { t, locale } = useLocale();
  if (!registry) {
    return (
      <Alert color="gray" variant="light" role="status">
        {t('intake.identity.registryNone')}
      </Alert>
    );
  }
  const rows: Array<[string, string]> = [
    ['intake.field.firstName', registry.firstName],
    ['intake.field.lastName', registry.lastName],
    ['intake.field.fatherName', registry.fatherName || '—'],
    ['intake.field.birthDate', registry.birthDate ? formatDate(registry.birthDate, locale) : '—'],
    ['intake.field.gender', registry.gender ? t(`intake.gender.${registry.gender}`) : '—'],
  ];
  return (
    <Alert color="blue" variant="light" role="region" aria-label={t('intake.identity.registryTitle')} data-testid="registry-card">
      <Stack gap="xs">
        <Group justify="space-between">
          <Text fw={700}>{t('intake.identity.registryTitle')}</Text>
          <Badge color={AA.orange} variant="filled">{t('intake.identity.toVerify')}</Badge>
        </Group>
        <SimpleGrid cols={{ base: 1, sm: 3 }} component="dl" m={0}>
          {rows.map(([k, v]) => (
            <div key={k}>
              <Text component="dt" size="xs" c="dimmed">{t(k)}</Text>
              <Text component="dd" m={0}>{v}</Text>
            </div>
          ))}
        </SimpleGrid>
      </Stack>
    </Alert>
  );
}
