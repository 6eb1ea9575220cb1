import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    include: ['tests/**/*.test.ts'],
    setupFiles: ['tests/setup/contract.ts'],
    globalSetup: ['tests/setup/contract-report.ts'],
    testTimeout: 60000,
    hookTimeout: 120000,
    // Integration tests share one Temporal dev server (and one PostgreSQL
    // cluster): run files one after another in child processes.
    pool: 'forks',
    fileParallelism: false,
  },
});
