import type { FlowConfig } from '../config/schema';
import type { WebhookEvent } from '../connectors/types';
import type { StartSpec } from '../ingress/start-spec';
import type { ChangeSignal, ProductSyncInput } from '../workflows/product-sync';

/**
 * Decides which workflow a verified webhook wakes: the flows whose owner
 * (`from`) is the sending connector and whose entity matches. The workflow id
 * is the entity key, so every delivery for one product lands in one workflow
 * and duplicates collapse. Returns null when no flow cares (acked, ignored).
 */
export function createWebhookRouter(flows: readonly FlowConfig[], taskQueue: string) {
  return (connectorId: string, event: WebhookEvent): StartSpec | null => {
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
