import { Alert, Text } from '@mantine/core';
import { useApiQuery } from '../../components/useApi';
import { useLocale } from '../../i18n/locale';

const METHOD_NAMES = { bitlocker: 'BitLocker', 'dm-crypt': 'LUKS (dm-crypt)', filevault: 'FileVault' } as const;
const DETAILS = ['encrypting', 'decrypting', 'suspended'] as const;

/**
 * Data at rest is left to the operating system's disk encryption (docs/security.md), so the
 * supervisor is told plainly when the database's disk is not encrypted, or cannot be judged.
 */
export function DiskEncryptionNotice() {
  const { t } = useLocale();
  const disk = useApiQuery('system.diskEncryption', {});
  const d = disk.data;
  if (!d) return null;
  const known = DETAILS.find((x) => x === d.detail);
  const detail = known ? t(`disk.detail.${known}`) : '';
  if (d.state === 'encrypted') {
    return (
      <Text size="sm" c="dimmed" data-testid="disk-encryption">
        {t('disk.encrypted', { volume: d.volume ?? '', method: d.method ? METHOD_NAMES[d.method] : '' })}
      </Text>
    );
  }
  return (
    <Alert variant="light" color={d.state === 'unencrypted' ? 'red' : 'yellow'} title={t('disk.title')} role="note" data-testid="disk-encryption">
      {d.state === 'unencrypted' ? t('disk.unencrypted', { volume: d.volume ?? '', detail }) : t('disk.unknown', { detail })}
    </Alert>
  );
}
