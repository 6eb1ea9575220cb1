import { afterAll, describe, expect, it } from 'vitest';
import type { BackfillProgress, InventoryReport } from '../../workflows';
import { AdjustmentStream } from './adjustments';
import { startCrashRig, type CrashRig } from './crash-rig';
import { countBy, expectCatalogOnce, expectStockAddsUp, writesInFlight } from './checks';
import { shopifyVariants, squareInStock, squareItems, squareSdk } from './vendor-views';

/**
 * Issue 4, item 6: crash safety on real parts. A 50,000-variant Shopify
 * catalog is backfilled into Square while a stream of stock changes arrives
 * by webhook from both channels; the worker (its own process) is SIGKILLed
 * five times during the backfill and once more during the inventory first
 * pass, and the Temporal server (persisting to a file) is restarted once.
 * After recovery and one reconciliation every product is in Square exactly
 * once, and for every SKU × location Shopify, Square and the canonical stock
 * agree and equal the initial level plus every change the vendors accepted.
 */

const VARIANTS = 50_000;
/** Where the disruptions land, as shares of the work done (read from the store, page by page). */
const CATALOG_KILLS = [0.15, 0.3, 0.45, 0.6, 0.75];
const TEMPORAL_RESTART = 0.52;
const FIRST_PASS_KILL = 0.5;

const t0 = Date.now();
const log = (line: string): void => console.log(`[crash +${((Date.now() - t0) / 1000).toFixed(1)}s] ${line}`);
const sleep = (ms: number): Promise<void> => new Promise((r) => setTimeout(r, ms));

let rig: CrashRig | undefined;

afterAll(async () => {
  await rig?.close();
}, 120_000);

interface Step {
  at: number;
  what: string;
  run(): Promise<void>;
}

/** Polls a workflow (following continue-as-new) to completion, running each step once progress passes its mark. */
async function drive(r: CrashRig, workflowId: string, progress: () => Promise<number>, steps: Step[]): Promise<void> {
  const todo = [...steps].sort((a, b) => a.at - b.at);
  let lastAt = -1;
  let stepEnded: number | null = null;
  for (;;) {
    let status: string | null = null;
    try {
      status = (await r.client.workflow.getHandle(workflowId).describe()).status.name;
    } catch {
      // Temporal is down (restart) or slow to answer: ask again.
    }
    if (status === 'COMPLETED') break;
    if (status !== null && status !== 'RUNNING') throw new Error(`${workflowId} ended ${status}`);
    const f = await progress().catch(() => null);
    if (f !== null && stepEnded !== null && f > lastAt) {
      log(`${workflowId} moving again ${((Date.now() - stepEnded) / 1000).toFixed(1)} s after the last step`);
      stepEnded = null;
    }
    // One step per reading, and only once progress moved past the previous step's: spread out, never stacked.
    if (f !== null && todo.length && f >= todo[0]!.at && f > lastAt) {
      const step = todo.shift()!;
      lastAt = f;
      log(`${workflowId} at ${(f * 100).toFixed(1)}%: ${step.what}`);
      await step.run();
      stepEnded = Date.now();
      lastAt = (await progress().catch(() => null)) ?? lastAt;
    }
    await sleep(500);
  }
  expect(todo.map((s) => s.what), `${workflowId} finished before these steps ran`).toEqual([]);
}

/** Waits until webhooks, the outbox and every stock entity workflow are quiet. */
async function settle(r: CrashRig, timeoutMs: number): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  const query = `WorkflowType IN ('inventorySync', 'inventoryIntake') AND ExecutionStatus = 'Running'`;
  let quiet = 0;
  let last = '';
  while (quiet < 3) {
    if (Date.now() > deadline) throw new Error(`not quiet after ${timeoutMs} ms: ${last}`);
    await Promise.all([r.shopify.emitter.drain(), r.square.emitter.drain()]);
    const outbox = await r.store.countOutbox({ delivered: false });
    const running = (await r.client.workflow.count(query)).count;
    last = `${outbox} webhooks in the outbox, ${running} stock workflows running`;
    quiet = outbox === 0 && running === 0 ? quiet + 1 : 0;
    await sleep(1_000);
  }
}

describe('crash safety', () => {
  it(
    'given a 50,000-variant backfill and stock changes in both channels, when the worker is SIGKILLed six times and Temporal restarted once, then after one reconciliation every product is in Square once and every stock level equals the canonical one, which adds up',
    async () => {
      const r = (rig = await startCrashRig({ variants: VARIANTS, catalogPageSize: 250, log }));
      let mark = { at: Date.now(), cpu: r.cpu() };
      /** Wall and CPU time of the phase just ended, by process: where the time goes. */
      const phase = (name: string): string => {
        const now = { at: Date.now(), cpu: r.cpu() };
        const d = (k: keyof typeof now.cpu): string => (now.cpu[k] - mark.cpu[k]).toFixed(0);
        const line = `${name}: ${((now.at - mark.at) / 1000).toFixed(0)} s wall; CPU s: test process (sandboxes, ingress) ${d('test')}, worker ${d('worker')}, Temporal ${d('temporal')}`;
        mark = now;
        return line;
      };
      log(`Shopify seeded with ${r.seeded.products} products, ${r.seeded.variants} variants; state in ${r.dir}`);
      const sdk = squareSdk(r.squareUrl);

      // The truth before anything moves: Shopify's level of every variant at the main location.
      const [initial] = await Promise.all([shopifyVariants(r.shopifyUrl), r.startWorker()]);
      expect(initial.size).toBe(r.seeded.variants);
      log(`initial levels read; worker up — ${phase('start')}`);

      const stream = new AdjustmentStream({ store: r.store, shopifyUrl: r.shopifyUrl, squareUrl: r.squareUrl, square: sdk, initial, seed: 4 });
      let kills = 0;
      const crash = async (): Promise<void> => {
        // A Shopify write of ours that lands just before the kill is confirmed by nobody; no Shopify
        // change may follow it until the next attempt has settled it (see AdjustmentStream).
        await stream.holdShopify();
        await sleep(1_000);
        await r.killWorker();
        kills++;
        const frozen = await stream.freezeUnconfirmedShopifyWrites();
        stream.releaseShopify();
        const t = Date.now();
        const [inFlight] = await Promise.all([writesInFlight(r), r.startWorker()]);
        log(`worker SIGKILLed (#${kills}) with ${inFlight}; ${frozen} key(s) held back from Shopify changes; restarted in ${Date.now() - t} ms`);
      };

      // Phase 1: the catalog backfill, five kills and one Temporal restart.
      await r.client.workflow.start('catalogBackfill', { taskQueue: r.loaded.config.temporal.taskQueue, workflowId: 'backfill:catalog', args: [{ flowId: 'catalog' }] });
      stream.start(300);
      // Pages land in the store one by one (an activity runs several): the kills fall inside activities, mid-page or between pages.
      const catalogProgress = async (): Promise<number> => (await r.store.countRecords('product')) / r.seeded.products;
      await drive(r, 'backfill:catalog', catalogProgress, [
        ...CATALOG_KILLS.map((at) => ({ at, what: 'SIGKILL the worker', run: crash })),
        {
          at: TEMPORAL_RESTART,
          what: 'restart the Temporal server',
          run: async () => log(`Temporal restarted (down ${(await r.restartTemporal()).downMs} ms)`),
        },
      ]);
      const backfill = await r.client.workflow.getHandle<() => Promise<BackfillProgress>>('backfill:catalog').result();
      log(`catalog backfill done — ${phase('backfill')}: ${JSON.stringify(backfill)}; ${stream.ledger.length} stock changes so far`);
      expect(backfill).toMatchObject({ records: r.seeded.products, quarantined: 0, done: true });

      // Phase 2: the inventory flow's first pass, one more kill, changes still arriving.
      await r.client.workflow.start('inventoryReconcile', { taskQueue: r.loaded.config.temporal.taskQueue, workflowId: 'reconcile:stock:first', args: [{ flowId: 'stock' }] });
      const firstPassProgress = async (): Promise<number> => (await r.store.countRecords('inventory_state')) / r.seeded.variants;
      await drive(r, 'reconcile:stock:first', firstPassProgress, [{ at: FIRST_PASS_KILL, what: 'SIGKILL the worker', run: crash }]);
      const first = await r.client.workflow.getHandle<() => Promise<InventoryReport>>('reconcile:stock:first').result();
      log(`first pass done — ${phase('first pass')}: ${JSON.stringify(first)}`);
      await stream.stop();
      log(`stock changes stopped: ${stream.ledger.length} accepted ${JSON.stringify(countBy(stream.ledger.map((a) => a.kind)))}, refused ${JSON.stringify(stream.refused)}, ${stream.frozenEver} key(s) held back after a kill`);
      expect(stream.errors).toEqual([]);

      // Phase 3: recovery, one reconciliation, quiet.
      await settle(r, 300_000);
      const reconcile = await r.client.workflow.execute('inventoryReconcile', { taskQueue: r.loaded.config.temporal.taskQueue, workflowId: 'reconcile:stock:final', args: [{ flowId: 'stock' }] });
      log(`reconciliation: ${JSON.stringify(reconcile)}`);
      await settle(r, 300_000);
      log(`settled — ${phase('recovery and reconciliation')}`);

      // Every product in Square exactly once, with all its variations.
      const shopify = await shopifyVariants(r.shopifyUrl);
      const items = await squareItems(sdk);
      await expectCatalogOnce(r, shopify, items, log);

      // Every SKU × location: Shopify == Square == canonical == initial + accepted changes.
      await expectStockAddsUp(r, shopify, initial, await squareInStock(sdk), stream.deltas(), log);
      log(`verified — ${phase('verification')}; total ${((Date.now() - t0) / 1000).toFixed(0)} s`);
    },
    40 * 60_000,
  );
});
