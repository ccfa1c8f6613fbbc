import { Badge } from '@mantine/core';
import { useLocale } from '../../i18n/locale';

/** The guide's marks: a red cross for an ineligible code, a tick for an eligible one. */
export function EligibilityMark({ status }: { status: 'eligible' | 'ineligible' | 'not_found' | 'overridden' }) {
  const { t } = useLocale();
  const look = {
    eligible: { color: 'green', sign: '✓' },
    overridden: { color: 'teal', sign: '✓' },
    ineligible: { color: 'red', sign: '✗' },
    not_found: { color: 'gray', sign: '?' },
  }[status];
  return (
    <Badge color={look.color} variant="light" data-eligibility={status} leftSection={<span aria-hidden>{look.sign}</span>}>
      {t(`tickets.mark.${status}`)}
    </Badge>
  );
}

export function StatusBadge({ status }: { status: string }) {
  const { t } = useLocale();
  const color = { open: 'blue', info_requested: 'orange', accepted: 'green', rejected: 'red' }[status] ?? 'gray';
  return (
    <Badge color={color} variant="light" data-status={status}>
      {t(`tickets.status.${status}`)}
    </Badge>
  );
}
