import { existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, describe, expect, it } from 'vitest';
import { bundlePathFor, ensureWorkflowBundle, workflowSourceKey } from '../../temporal/workflow-bundle';

/**
 * The worker loads a workflow bundle built ahead of time and keyed by the
 * workflow sources: a stale bundle would run yesterday's workflow code (and
 * hide a nondeterminism the replay test should catch), so the key must move
 * with every runtime import and only with those.
 */
const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..', '..');
mkdirSync(path.join(root, 'tmp'), { recursive: true });
const dir = mkdtempSync(path.join(root, 'tmp', 'bundle-key-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

function write(rel: string, text: string): void {
  mkdirSync(path.dirname(path.join(dir, rel)), { recursive: true });
  writeFileSync(path.join(dir, rel), text);
}

describe('ahead-of-time workflow bundle', () => {
  write('wf/index.ts', "export * from './a';\nimport {\n  helper,\n} from '../lib/helper';\nimport type { OnlyTypes } from '../lib/types';\nimport { type Mixed, value } from \"../lib/mixed\";\nimport './side-effect';\n");
  write('wf/a.ts', 'export const a = 1;\n');
  write('wf/side-effect.ts', 'globalThis.x = 1;\n');
  write('lib/helper.ts', 'export const helper = 1;\n');
  write('lib/types.ts', 'export type OnlyTypes = string;\n');
  write('lib/mixed.ts', 'export type Mixed = 1; export const value = 1;\n');
  const entry = path.join(dir, 'wf', 'index.ts');

  it('given the same sources, when keyed twice, then the key is the same', () => {
    expect(workflowSourceKey(entry)).toBe(workflowSourceKey(entry));
  });

  it.each([['wf/a.ts'], ['lib/helper.ts'], ['lib/mixed.ts'], ['wf/side-effect.ts'], ['wf/index.ts']])(
    'given a runtime import (%s), when it changes, then the key changes',
    (rel) => {
      const before = workflowSourceKey(entry);
      const file = path.join(dir, rel);
      const original = readFileSync(file, 'utf8');
      writeFileSync(file, `${original}// edited\n`);
      try {
        expect(workflowSourceKey(entry)).not.toBe(before);
      } finally {
        writeFileSync(file, original);
      }
      expect(workflowSourceKey(entry)).toBe(before);
    },
  );

  it('given a type-only import, when it changes, then the key stays (types are erased from the bundle)', () => {
    const before = workflowSourceKey(entry);
    write('lib/types.ts', 'export type OnlyTypes = number;\n');
    expect(workflowSourceKey(entry)).toBe(before);
  });

  it('given the real workflows, when ensured, then the bundle file for the current key exists and registers the workflow types', async () => {
    const file = await ensureWorkflowBundle();
    expect(file).toBe(bundlePathFor(workflowSourceKey()));
    expect(existsSync(file)).toBe(true);
    const code = readFileSync(file, 'utf8');
    for (const type of ['catalogBackfill', 'productSync', 'inventorySync', 'inventoryReconcile', 'discountSync']) expect(code).toContain(type);
  });
});
