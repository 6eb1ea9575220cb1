import type { FlowConfig } from '../config/schema';
import type { WebhookEvent } from '../connectors/types';
import type { RouteResult, StartSpec } from '../ingress/start-spec';
import type { Store } from '../store/types';
import type { InventoryIntakeInput } from '../workflows/inventory-intake';
import type { InventorySyncInput, ObservedSignal } from '../workflows/inventory-sync';
import type { ChangeSignal, ProductSyncInput } from '../workflows/product-sync';

/**
 * Decides which workflow a verified webhook wakes: the flows whose owner
 * (`from`) is the sending connector and whose entity matches. The workflow id
 * is the entity key, so every delivery for one product lands in one workflow
 * and duplicates collapse. Returns null when no flow cares (acked, ignored).
 */
export function createWebhookRouter(flows: readonly FlowConfig[], taskQueue: string, opts: { store?: Store; itemTypes?: ReadonlyMap<string, string> } = {}) {
  const routeInventory = createInventoryRouter(flows, taskQueue, opts);
  return (connectorId: string, event: WebhookEvent): RouteResult | Promise<RouteResult> => {
    if (event.entity === 'inventory') return routeInventory(connectorId, event);
    if (event.entity !== 'product' || !event.externalId) return null;
    const flow = flows.find((f) => f.from === connectorId && f.entity === 'product');
    if (!flow) return null;
    const input: ProductSyncInput = { flowId: flow.id, externalId: event.externalId };
    const signal: ChangeSignal = { eventId: event.eventId, topic: event.topic, action: event.action, occurredAt: event.occurredAt };
    return {
      workflowType: 'productSync',
      workflowId: productWorkflowId(flow.id, event.externalId),
      taskQueue,
      args: [input],
      signal: 'changed',
      signalArgs: [signal],
      searchAttributes: {
        SwitchyardConnector: connectorId,
        SwitchyardEntity: 'product',
        SwitchyardExternalId: event.externalId,
        SwitchyardRunKind: 'webhook',
      },
    };
  };
}

export function productWorkflowId(flowId: string, externalId: string): string {
  return `product:${flowId}:${externalId}`;
}

export function backfillWorkflowId(flowId: string): string {
  return `backfill:${flowId}`;
}

export function inventoryWorkflowId(flowId: string, variantId: string, location: string): string {
  return `inventory:${flowId}:${variantId}:${location}`;
}

/**
 * Stock webhooks name the vendor's inventory item and location; the entity
 * workflow is keyed by our variant × location, so every channel's events for
 * one SKU × location meet in one workflow. The item is looked up in the id
 * map (an indexed read before the ack). An item not linked yet goes to a
 * small intake workflow that asks the vendor, links it and forwards.
 */
function createInventoryRouter(flows: readonly FlowConfig[], taskQueue: string, opts: { store?: Store; itemTypes?: ReadonlyMap<string, string> }) {
  return async (connectorId: string, event: WebhookEvent): Promise<RouteResult> => {
    const specs: StartSpec[] = [];
    for (const flow of flows) {
      if (flow.entity !== 'inventory' || (flow.from !== connectorId && !flow.to.includes(connectorId))) continue;
      const locationName = new Map<string, string>();
      for (const [name, ids] of Object.entries(flow.locations ?? {})) if (ids[connectorId]) locationName.set(ids[connectorId]!, name);
      const refs = (event.inventory ?? []).filter((r) => locationName.has(r.locationId));
      if (!refs.length) continue;
      const itemType = opts.itemTypes?.get(connectorId);
      const links = opts.store && itemType ? await opts.store.findByExternal(connectorId, itemType, refs.map((r) => r.itemId)) : new Map();
      for (const r of refs) {
        const location = locationName.get(r.locationId)!;
        const variantId = links.get(r.itemId)?.canonicalId;
        const attrs = { SwitchyardConnector: connectorId, SwitchyardEntity: 'inventory', SwitchyardExternalId: r.itemId, SwitchyardRunKind: 'webhook' };
        if (variantId) {
          const input: InventorySyncInput = { flowId: flow.id, variantId, location };
          const signal: ObservedSignal = { connectors: [connectorId], eventId: event.eventId, reason: 'webhook' };
          specs.push({ workflowType: 'inventorySync', workflowId: inventoryWorkflowId(flow.id, variantId, location), taskQueue, args: [input], signal: 'observed', signalArgs: [signal], searchAttributes: { ...attrs, SwitchyardCanonicalId: variantId } });
        } else {
          const input: InventoryIntakeInput = { flowId: flow.id, connector: connectorId, itemId: r.itemId, location };
          specs.push({ workflowType: 'inventoryIntake', workflowId: `inventory-intake:${flow.id}:${connectorId}:${r.itemId}:${location}`, taskQueue, args: [input], signal: 'observed', signalArgs: [{ connectors: [connectorId], eventId: event.eventId, reason: 'webhook' }], searchAttributes: attrs });
        }
      }
    }
    return specs.length ? specs : null;
  };
}
