import { existsSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { defineConfig } from 'vitest/config';

// Same rule as sandboxes/framework/specs.ts (the config is loaded before TS path handling).
const specsDir = process.env.SWITCHYARD_SPECS_DIR ?? path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..', 'shared', 'specs');
const specsAvailable = () => existsSync(specsDir);

/**
 * Suites that run vendor sandboxes need the vendors' published specs
 * (`../shared/specs`): the sandboxes validate every exchange against them and
 * the Shopify sandbox executes queries against the published schema. A clone
 * outside this project's machines has no specs: those suites are left out and
 * the run says so (tests/setup/contract-report.ts); everywhere else they run.
 */
const NEEDS_SPECS = ['tests/sandboxes/**', 'tests/connectors/**', 'tests/integration/**', 'tests/crash/**', 'tests/cli/sandbox-command.test.ts'];

export default defineConfig({
  test: {
    include: ['tests/**/*.test.ts'],
    exclude: ['**/node_modules/**', ...(specsAvailable() ? [] : NEEDS_SPECS)],
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
