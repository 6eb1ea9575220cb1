// ESLint flat config. The workflow block is the important one: workflow code
// runs in Temporal's deterministic sandbox and must only import
// @temporalio/workflow and types — never Node built-ins, vendor SDKs, or the
// activity/connector implementations by value.
import js from '@eslint/js';
import tseslint from 'typescript-eslint';
import { builtinModules } from 'node:module';

const nodeBuiltins = [...builtinModules, ...builtinModules.map((m) => `node:${m}`)];
const vendorSdks = ['@shopify/*', 'square', 'square/*', 'stripe', 'xero-node', '@mailchimp/*', 'node-zendesk', 'p-retry', 'better-sqlite3', 'pg', 'kysely', 'yaml'];

export default tseslint.config(
  { ignores: ['node_modules/**', '.tools/**', 'data/**', 'dist/**', 'tmp/**', 'coverage/**', '.cache/**'] },
  js.configs.recommended,
  ...tseslint.configs.recommended,
  {
    languageOptions: { globals: { process: 'readonly', console: 'readonly', Buffer: 'readonly', setTimeout: 'readonly', clearTimeout: 'readonly', setInterval: 'readonly', clearInterval: 'readonly', URL: 'readonly', URLSearchParams: 'readonly', fetch: 'readonly', AbortSignal: 'readonly', AbortController: 'readonly', TextEncoder: 'readonly', TextDecoder: 'readonly', performance: 'readonly', setImmediate: 'readonly', NodeJS: 'readonly' } },
    rules: {
      '@typescript-eslint/no-explicit-any': 'error',
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_', caughtErrors: 'none' }],
      '@typescript-eslint/consistent-type-imports': ['error', { fixStyle: 'inline-type-imports', disallowTypeAnnotations: false }],
    },
  },
  {
    files: ['workflows/**/*.ts'],
    rules: {
      'no-restricted-imports': [
        'error',
        {
          paths: nodeBuiltins.map((name) => ({ name, message: 'Workflow code must be deterministic: no Node built-ins (do I/O in an activity).' })),
          patterns: [
            { group: vendorSdks, message: 'Workflow code must not use vendor SDKs or drivers: call an activity.' },
            { group: ['../activities', '../activities/*', '../connectors/*', '../store/*', '../ingress/*', '../engine/*', '../config/*', '../mappings/*', '../sandboxes/*'], allowTypeImports: true, message: 'Import types only from activities/connectors/store in workflows (import type ...).' },
          ],
        },
      ],
      'no-restricted-globals': ['error', { name: 'process', message: 'No process in workflows.' }, { name: 'fetch', message: 'No network in workflows.' }, { name: 'setInterval', message: 'Use wf.sleep.' }],
    },
  },
);
