import { availableParallelism } from 'node:os';
import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    include: ['tests/unit/**/*.test.ts', 'tests/integration/**/*.test.ts'],
    environment: 'node',
    testTimeout: 60_000,
    hookTimeout: 60_000,
    pool: 'forks',
    // The CLI and the child scripts the tests spawn, bundled once (tests/support/test-build.ts).
    globalSetup: ['tests/support/global-setup.ts'],
    // Measured on a 2-core machine: left to itself, vitest ran one file at a time (6.7 min);
    // a worker per core ran the same files in 4.3.
    maxWorkers: availableParallelism(),
  },
});
