import type { Client } from '@temporalio/client';
import { productWorkflowId } from '../engine/router';
import { gid } from '../sandboxes/shopify/ids';
import { SeededCatalog } from '../sandboxes/shopify/seed';
import type { ProductSyncStatus } from '../workflows/product-sync';
import type { VendorStats } from './catalog-backfill-sandboxes';
import { FLOW_ID, SHOPIFY_PLANS } from './catalog-backfill-config';
import { runBackfill, say } from './catalog-backfill-harness';
import { stopWorkerQuietly, type ModeOptions, type ModeResult } from './catalog-backfill-modes';

/**
 * `--mode calls`: vendor requests per changed record in steady state. After a
 * backfill, the merchant edits one product in the Shopify admin; the
 * products/update webhook goes through the ingress and forwarder to the
 * productSync workflow, which re-reads the product and writes Square. Every
 * request both sandboxes answer meanwhile is counted. Then a save that
 * changes nothing (the webhook still fires): it should cost one read.
 */

/** Waits for the productSync run started at or after `since` (epoch ms) to finish; returns its status. */
async function syncRunAfter(client: Client, workflowId: string, since: number, timeoutMs = 60_000): Promise<ProductSyncStatus> {
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline) {
    try {
      const handle = client.workflow.getHandle(workflowId);
      const d = await handle.describe();
      if (d.startTime.getTime() >= since - 1000 && d.status.name !== 'RUNNING') return (await handle.result()) as ProductSyncStatus;
    } catch {
      // not started yet
    }
    await new Promise((r) => setTimeout(r, 200));
  }
  throw new Error(`${workflowId}: no finished run after the edit within ${timeoutMs} ms`);
}

const callsOf = (s: { shopify: VendorStats; square: VendorStats }) => ({
  total: s.shopify.requests + s.square.requests,
  reads: s.shopify.reads + s.square.reads,
  writes: s.shopify.writes + s.square.writes,
  throttled: s.shopify.throttled + s.square.throttled,
  operations: { ...prefixKeys('shopify', s.shopify.byOperation), ...prefixKeys('square', s.square.byOperation) },
});
const prefixKeys = (p: string, o: Record<string, number>) => Object.fromEntries(Object.entries(o).map(([k, v]) => [`${p} ${k}`, v]));

export async function callsMode(o: ModeOptions): Promise<ModeResult> {
  const h = o.harness;
  await h.startSandboxes(o.shop.products, o.seed, 'off', 'off');
  const client = await h.startTemporal();
  const url = await h.newSquare('calls');
  const { child } = await h.startEngine('worker', h.configYaml(url, o.pageSize, await h.freePort()), { ingress: true });
  const backfill = await runBackfill(client);
  say(`backfill: ${backfill.progress.records} products in ${backfill.seconds.toFixed(1)} s (limits off); now Shopify ${o.plan} and Square realistic limits`);
  await h.ask({ type: 'limits', shopify: SHOPIFY_PLANS[o.plan], square: 'realistic' }, 'limits-set');

  const index = Math.ceil(o.shop.products / 2);
  const productGid = gid('Product', new SeededCatalog({ products: o.shop.products, seed: o.seed }).productId(index));
  const workflowId = productWorkflowId(FLOW_ID, productGid);
  const measure = async (title: string | null) => {
    await h.ask({ type: 'reset-stats' }, 'stats-reset');
    const since = Date.now();
    await h.ask({ type: 'edit', productGid, title }, 'edited');
    const status = await syncRunAfter(client, workflowId, since);
    const stats = await h.stats();
    return { status, calls: callsOf({ shopify: stats.shopify, square: stats.square.calls! }) };
  };

  const newTitle = `Renamed for the bench ${Date.now()}`;
  const change = await measure(newTitle);
  const inSquare = await h.ask({ type: 'square-counts', name: 'calls', itemName: newTitle }, 'square-counts');
  say(`changed title of ${productGid}: productSync ${change.status.lastOutcome} after ${change.status.signals} signal(s); Square items with the new title: ${inSquare.named}`);
  say(`  vendor calls: ${change.calls.total} (${change.calls.reads} reads, ${change.calls.writes} writes, ${change.calls.throttled} throttled): ${JSON.stringify(change.calls.operations)}`);
  const noop = await measure(null);
  say(`no-op save of ${productGid}: productSync ${noop.status.lastOutcome}`);
  say(`  vendor calls: ${noop.calls.total} (${noop.calls.reads} reads, ${noop.calls.writes} writes): ${JSON.stringify(noop.calls.operations)}`);
  await stopWorkerQuietly(h, child);

  const target = { change_calls: 3, noop_reads: 1, noop_writes: 0 };
  return {
    bench: 'catalog-backfill',
    mode: 'calls',
    products: o.shop.products,
    variants: o.shop.variants,
    change_calls: change.calls.total,
    change_reads: change.calls.reads,
    change_writes: change.calls.writes,
    change_outcome: change.status.lastOutcome,
    change_in_square: inSquare.named === 1,
    change_operations: change.calls.operations,
    noop_calls: noop.calls.total,
    noop_reads: noop.calls.reads,
    noop_writes: noop.calls.writes,
    noop_outcome: noop.status.lastOutcome,
    noop_operations: noop.calls.operations,
    target,
    pass: change.calls.total <= target.change_calls && inSquare.named === 1 && noop.calls.reads <= target.noop_reads && noop.calls.writes === target.noop_writes,
  };
}
