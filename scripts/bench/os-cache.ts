// The bench starts its database figures from a cold file cache, as after a reboot, so that a run
// does not depend on what earlier runs left cached. GNU dd's `iflag=nocache count=0` asks the
// kernel to drop a file's cached pages (posix_fadvise DONTNEED; no root needed).
import { spawnSync } from 'node:child_process';

/** Drops `file` from the OS cache; false where that cannot be done (no GNU dd, not Linux). */
export function evictFromOsCache(file: string): boolean {
  if (process.platform !== 'linux') return false;
  const dd = spawnSync('dd', [`if=${file}`, 'iflag=nocache', 'count=0', 'status=none'], { stdio: 'ignore' });
  return dd.status === 0;
}
