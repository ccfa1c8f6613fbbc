import { useEffect, useRef, useState } from 'react';
import type { SyncJob } from '../../../src-shared/api/sync';
import { useApiAction } from '../../components/useApi';

/** How often a running job is asked for its progress (the worker reports as it goes). */
const POLL_MS = 300;

/** Follows a sync worker job until it ends, then calls `onEnd` once. */
export function useSyncJob(onEnd: () => void) {
  const { run, error } = useApiAction();
  const [job, setJob] = useState<SyncJob | null>(null);
  const ended = useRef(onEnd);
  ended.current = onEnd;
  useEffect(() => {
    if (!job || job.state !== 'running') return;
    const timer = setTimeout(() => {
      void run('sync.job', { id: job.id }).then((next) => {
        if (!next) return;
        setJob(next);
        if (next.state !== 'running') ended.current();
      });
    }, POLL_MS);
    return () => clearTimeout(timer);
  }, [job, run]);
  return { job, setJob, error, running: job?.state === 'running' };
}
