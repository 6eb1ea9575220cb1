import type { Runtime } from '../engine/runtime';
import type { FlowConfig } from '../config/schema';
import type { CanonicalEvent } from '../store/types';
import { formatReport, lastReconcileReport } from './reconcile';
import { workflowUrl } from './runtime-file';

/**
 * `switchyard status`: recent sync runs with Web UI links, record counts per
 * system (from the id map) and the quarantine — what an operator checks first.
 */
export async function printStatus(rt: Runtime, uiUrl: string | null, out: NodeJS.WritableStream = process.stdout, limit = 15): Promise<void> {
  out.write('Recent runs\n');
  let n = 0;
  for await (const wf of rt.client.workflow.list({ query: 'SwitchyardRunKind IS NOT NULL', pageSize: limit })) {
    const link = workflowUrl(uiUrl, rt.namespace, wf.workflowId, wf.runId);
    out.write(`  ${wf.status.name.padEnd(12)} ${wf.type.padEnd(16)} ${wf.workflowId}  ${wf.startTime.toISOString()}${link ? `\n      ${link}` : ''}\n`);
    if (++n >= limit) break;
  }
  if (!n) out.write('  (none yet)\n');

  out.write('\nRecords per system\n');
  out.write(`  canonical products: ${await rt.store.countRecords('product')}\n`);
  const productType: Partial<Record<string, string>> = { shopify: 'Product', square: 'ITEM' };
  for (const [id, c] of rt.connectors) {
    const type = productType[c.kind];
    const products = type ? `${await rt.store.countIdMappings(id, type)} products linked, ` : '';
    out.write(`  ${id} (${c.kind}): ${products}${await rt.store.countIdMappings(id)} objects linked\n`);
  }
  const q = await rt.store.countQuarantine();
  out.write(`\nQuarantine: ${q} open record(s)\n`);
  for (const e of await rt.store.listQuarantine({ limit: 5 })) {
    out.write(`  ${e.createdAt} ${e.flowId} ${e.connector} ${e.externalId}: ${e.reason}\n`);
  }
  const pending = await rt.store.countOutbox({ delivered: false });
  out.write(`Webhook outbox: ${pending} pending\n`);

  const inventoryFlows = [...rt.flows.values()].filter((f) => f.entity === 'inventory');
  if (inventoryFlows.length) {
    out.write(`\nStock: ${await rt.store.countRecords('inventory_state')} SKU × location tracked\n`);
    for (const line of stockEventLines(inventoryFlows, await rt.store.listEvents({ limit: 200, newestFirst: true }))) out.write(`  ${line}\n`);
  }
  const discountFlows = [...rt.flows.values()].filter((f) => f.entity === 'discount');
  if (discountFlows.length) {
    out.write(`\nDiscounts: ${await rt.store.countRecords('discount')} synced\n`);
    // What a destination holds but cannot enforce (per written version), and hand changes there that were repaired; the latest few:
    const events = [
      ...(await rt.store.listEvents({ type: 'discount.not_enforced', limit: 5, newestFirst: true })),
      ...(await rt.store.listEvents({ type: 'discount.drift_repaired', limit: 5, newestFirst: true })),
    ].sort((a, b) => b.id - a.id);
    for (const line of discountEventLines(events.slice(0, 5))) out.write(`  ${line}\n`);
  }
  const reconciled = [...rt.flows.values()].filter((f) => f.reconcile || f.entity === 'inventory');
  if (reconciled.length) out.write('\nReconciliation (latest run per flow)\n');
  for (const f of reconciled) {
    const last = await lastReconcileReport(rt, f.id);
    const link = last ? workflowUrl(uiUrl, rt.namespace, last.workflowId, last.runId) : null;
    out.write(`  ${f.id}${f.reconcile ? ` (schedule "${f.reconcile}")` : ''}: ${last ? `${last.status} ${last.at.toISOString()} — ${formatReport(last.report)}${link ? `\n      ${link}` : ''}` : 'never run'}\n`);
  }
}

/**
 * The last five stock facts, oldest first. The event stream is shared by
 * every flow (discounts record theirs too): only the inventory flows' count.
 */
export function stockEventLines(inventoryFlows: readonly FlowConfig[], newestFirst: readonly CanonicalEvent[]): string[] {
  const ids = new Set(inventoryFlows.map((f) => f.id));
  return newestFirst
    .filter((e) => ids.has(e.flowId))
    .slice(0, 5)
    .reverse()
    .map((e) => {
      const d = JSON.parse(e.data) as StockEventData;
      return `${e.createdAt} ${e.flowId} ${e.canonicalId} @ ${d.location}: ${describeStockEvent(e.type, d)}`;
    });
}

/**
 * Discount events, oldest first: what a destination holds but cannot enforce
 * (`discount.not_enforced`), and a deletion or edit made by hand there that a
 * reconciliation wrote over (`discount.drift_repaired`).
 */
export function discountEventLines(newestFirst: readonly CanonicalEvent[]): string[] {
  return [...newestFirst].reverse().map((e) => {
    const d = JSON.parse(e.data) as { connector?: string; notEnforced?: string[]; kind?: string };
    const what = e.type === 'discount.drift_repaired' ? `${d.kind} by hand there, written again` : `not enforced there: ${(d.notEnforced ?? []).join('; ')}`;
    return `${e.createdAt} ${e.flowId} ${e.canonicalId} in ${d.connector}: ${what}`;
  });
}

interface StockEventData {
  location?: string;
  before?: number;
  after?: number;
  laterSeller?: string;
  connector?: string;
  orderName?: string;
  fulfillmentOrderId?: string;
  reason?: string;
}

/** One line per fact of the stock event stream. */
function describeStockEvent(type: string, d: StockEventData): string {
  switch (type) {
    case 'oversell':
      return `OVERSELL ${d.before} → ${d.after} (later sale in ${d.laterSeller})`;
    case 'order_held':
      return `order ${d.orderName} held in ${d.connector} (out of stock)`;
    case 'order_hold_missed':
      return `no order held: ${d.reason}`;
    case 'order_released':
      return `hold released on ${d.fulfillmentOrderId} in ${d.connector} (stock back)`;
    default:
      return `${type} ${d.before} → ${d.after}`;
  }
}
