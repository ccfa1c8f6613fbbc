// The bench starts its database figures from a cold file cache, as after a reboot, so that a run
// does not depend on what earlier runs left cached. GNU dd's `iflag=nocache count=0` asks the
// kernel to drop a file's cached pages (posix_fadvise DONTNEED; no root needed).
import { spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';

/**
 * Drops `file` and its WAL from the OS cache; false where that cannot be done (no GNU dd, not
 * Linux). Pages not yet written to disk are not dropped, so the file is synced first.
 */
export function evictFromOsCache(file: string): boolean {
  if (process.platform !== 'linux') return false;
  const files = [file, `${file}-wal`].filter((f) => existsSync(f));
  if (spawnSync('sync', files, { stdio: 'ignore' }).status !== 0) return false;
  return files.every((f) => spawnSync('dd', [`if=${f}`, 'iflag=nocache', 'count=0', 'status=none'], { stdio: 'ignore' }).status === 0);
}
