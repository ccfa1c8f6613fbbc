import { Alert, Text } from '@mantine/core';
import type { SyncJob } from '../../../src-shared/api/sync';
import { useLocale } from '../../i18n/locale';
import { refusalText } from './refusal';

/** A failed job, read out at once: nothing changed, why and what to do, then the technical detail. */
export function RefusalAlert({ job }: { job: SyncJob }) {
  const { t } = useLocale();
  const { headline, advice, detail } = refusalText(job, t);
  return (
    <Alert color="red" variant="light" role="alert" title={headline} data-refusal={job.refusal ?? 'other'} data-testid={`sync-${job.kind}-refusal`}>
      <Text size="sm">{advice}</Text>
      {detail && (
        <Text size="xs" c="dimmed" mt={4} dir="ltr" lang="en" style={{ wordBreak: 'break-word' }} data-testid="sync-refusal-detail">
          {detail}
        </Text>
      )}
    </Alert>
  );
}
