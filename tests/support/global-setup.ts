// vitest's and Playwright's global setup: the programs the tests spawn, built once for the run.
import { ensureTestPrograms } from './test-build';

export default async function globalSetup(): Promise<() => void> {
  return ensureTestPrograms();
}
