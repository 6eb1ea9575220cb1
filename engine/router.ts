import type { FlowConfig } from '../config/schema';
import type { WebhookEvent } from '../connectors/types';
import type { RouteResult, StartSpec } from '../ingress/start-spec';
import { stateId, type InventoryState } from '../activities/inventory-state';
import type { Store } from '../store/types';
import type { InventoryIntakeInput } from '../workflows/inventory-intake';
import type { InventorySyncInput, ObservedSignal } from '../workflows/inventory-sync';
import type { DiscountSyncInput } from '../workflows/discount-sync';
import type { CatalogChangesInput } from '../workflows/catalog-changes';
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
    if (event.entity === 'discount') return routeDiscount(flows, taskQueue, connectorId, event);
    if (event.entity !== 'product') return null;
    if (!event.externalId) return routeCatalogChanges(flows, taskQueue, connectorId, event);
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

export function catalogChangesWorkflowId(flowId: string, connectorId: string): string {
  return `catalog-changes:${flowId}:${connectorId}`;
}

/**
 * A catalog change that names no product (Square's catalog.version.updated)
 * from a destination of a product flow, or from the owner of a discount
 * flow, wakes that flow × connector's one delta workflow: a burst of
 * notifications collapses onto it.
 */
function routeCatalogChanges(flows: readonly FlowConfig[], taskQueue: string, connectorId: string, event: WebhookEvent): RouteResult {
  const signal: ChangeSignal = { eventId: event.eventId, topic: event.topic, action: event.action, occurredAt: event.occurredAt };
  const specs = flows
    // Products it received (a destination's edits), and discounts it owns (Square pricing rules send no webhook of their own).
    .filter((f) => (f.entity === 'product' && f.to.includes(connectorId)) || (f.entity === 'discount' && f.from === connectorId))
    .map((flow): StartSpec => {
      const input: CatalogChangesInput = { flowId: flow.id, connector: connectorId };
      return {
        workflowType: 'catalogChanges',
        workflowId: catalogChangesWorkflowId(flow.id, connectorId),
        taskQueue,
        args: [input],
        signal: 'changed',
        signalArgs: [signal],
        searchAttributes: { SwitchyardConnector: connectorId, SwitchyardEntity: flow.entity, SwitchyardRunKind: 'webhook' },
      };
    });
  return specs.length ? specs : null;
}

export function backfillWorkflowId(flowId: string): string {
  return `backfill:${flowId}`;
}

/**
 * A delivery reporting exactly the level we last saw or are writing in that
 * channel is our own write coming back (or a no-op): acked, not forwarded.
 * Every real change carries a level of its own and is forwarded; a dropped
 * delivery is caught by reconciliation.
 */
function isEcho(stateJson: string | undefined, connector: string, reported: number | undefined): boolean {
  if (stateJson === undefined || reported === undefined) return false;
  const state = JSON.parse(stateJson) as Pick<InventoryState, 'systems' | 'pending'>;
  const pending = state.pending[connector];
  return pending ? pending.to === reported : state.systems[connector] === reported;
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
      const states = opts.store
        ? await opts.store.getRecords('inventory_state', refs.flatMap((r) => { const v = links.get(r.itemId)?.canonicalId; return v ? [stateId(flow.id, v, locationName.get(r.locationId)!)] : []; }))
        : new Map();
      for (const r of refs) {
        const location = locationName.get(r.locationId)!;
        const variantId = links.get(r.itemId)?.canonicalId;
        if (variantId && isEcho(states.get(stateId(flow.id, variantId, location))?.data, connectorId, r.reported)) continue;
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

export function discountWorkflowId(flowId: string, externalId: string): string {
  return `discount:${flowId}:${externalId}`;
}

/** A discount webhook wakes the one workflow of that discount in every discount flow its sender owns. */
function routeDiscount(flows: readonly FlowConfig[], taskQueue: string, connectorId: string, event: WebhookEvent): RouteResult {
  const externalId = event.externalId;
  if (!externalId) return null;
  const signal: ChangeSignal = { eventId: event.eventId, topic: event.topic, action: event.action, occurredAt: event.occurredAt };
  const specs = flows
    .filter((f) => f.entity === 'discount' && f.from === connectorId)
    .map((flow): StartSpec => {
      const input: DiscountSyncInput = { flowId: flow.id, externalId };
      return {
        workflowType: 'discountSync',
        workflowId: discountWorkflowId(flow.id, externalId),
        taskQueue,
        args: [input],
        signal: 'changed',
        signalArgs: [signal],
        searchAttributes: { SwitchyardConnector: connectorId, SwitchyardEntity: 'discount', SwitchyardExternalId: externalId, SwitchyardRunKind: 'webhook' },
      };
    });
  return specs.length ? specs : null;
}
