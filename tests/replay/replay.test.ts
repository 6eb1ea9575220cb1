import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { historyFromJSON } from '@temporalio/common/lib/proto-utils';
import { Worker } from '@temporalio/worker';
import { describe, expect, it } from 'vitest';
import { workflowBundle } from '../../worker';

/**
 * Replays committed workflow histories against today's workflow code. A
 * change that breaks determinism (reordered activities, a new timer without
 * `patched`) fails here, before it can wedge running workflows in production.
 * Histories are recorded by the end-to-end tests with RECORD_HISTORIES=1.
 */
const dir = path.join(path.dirname(fileURLToPath(import.meta.url)), 'histories');

describe('workflow replay', () => {
  const files = readdirSync(dir).filter((f) => f.endsWith('.json'));

  it('given the committed histories, then there is at least one per workflow type', () => {
    const types = new Set(files.map((f) => f.split('.')[0]));
    expect([...types].sort()).toEqual(['catalogBackfill', 'catalogChanges', 'catalogReconcile', 'discountBackfill', 'discountSync', 'inventoryIntake', 'inventoryReconcile', 'inventorySync', 'productSync']);
  });

  it('given each committed history, when replayed with the current workflow code, then it replays without nondeterminism', async () => {
    const histories = files.map((f) => ({ workflowId: f, history: historyFromJSON(JSON.parse(readFileSync(path.join(dir, f), 'utf8'))) }));
    const results = [];
    for await (const r of Worker.runReplayHistories({ workflowBundle: await workflowBundle() }, histories)) results.push(r);
    expect(results).toHaveLength(files.length);
    expect(results.filter((r) => r.error).map((r) => `${r.workflowId}: ${String(r.error)}`)).toEqual([]);
  });
});
