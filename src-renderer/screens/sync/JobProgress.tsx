import { Progress, Stack, Text } from '@mantine/core';
import type { SyncJob } from '../../../src-shared/api/sync';
import { useLocale } from '../../i18n/locale';
import { progressWords } from './progress';

/**
 * The worker's progress: what it is doing, a bar screen readers can read (moving stripes without
 * a value where no fraction is measured), records and bytes beneath.
 */
export function JobProgress({ job }: { job: SyncJob }) {
  const { t, locale } = useLocale();
  const running = job.state === 'running';
  const { percent, phase, text } = progressWords(job, t, locale);
  return (
    <Stack gap={4}>
      {phase && (
        <Text size="sm" fw={500} data-testid={`sync-${job.kind}-phase`} data-phase={job.phase}>
          {phase}
        </Text>
      )}
      <Progress.Root
        size="lg"
        role="progressbar"
        aria-label={t(job.kind === 'import' ? 'sync.importProgress' : 'sync.exportProgress')}
        aria-valuemin={0}
        aria-valuemax={100}
        aria-valuenow={percent ?? undefined}
        aria-valuetext={phase ? t('sync.progressPhase', { phase, progress: text }) : text}
      >
        <Progress.Section value={percent ?? 100} withAria={false} striped={running} animated={running} color={job.state === 'failed' ? 'red' : undefined} />
      </Progress.Root>
      <Text size="sm" data-testid={`sync-${job.kind}-progress-text`}>
        {text}
      </Text>
    </Stack>
  );
}
