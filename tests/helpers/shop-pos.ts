import type { Client } from '@temporalio/client';
import type { SwitchyardConfig } from '../../config/schema';
import type { AnyConnector } from '../../connectors/registry';
import { createWebhookRouter } from '../../engine/router';
import { inventoryItemTypes } from '../../engine/runtime';
import { createForwarder, type Forwarder } from '../../ingress/forwarder';
import { createIngress, type Ingress } from '../../ingress/server';
import type { Store } from '../../store/types';

/**
 * What the end-to-end harnesses (the slice tests and the crash rig) share:
 * the YAML of a Shopify shop and a Square POS on their sandboxes, and the
 * webhook ingress with an in-process outbox forwarder, wired as
 * `switchyard start` wires them.
 */

/** The `connectors:` block: `shop` (Shopify) and `pos` (Square, location `main`, USD). */
export function shopPosConnectorsYaml(o: { shop: string; shopifyUrl: string; squareUrl: string; ingressPort: number; squareLocation: string }): string {
  return `connectors:
  shop:
    kind: shopify
    shop: ${o.shop}
    accessToken: { env: SHOPIFY_TOKEN }
    webhookSecret: { env: SHOPIFY_WEBHOOK_SECRET }
    baseUrl: ${o.shopifyUrl}
  pos:
    kind: square
    accessToken: { env: SQUARE_TOKEN }
    webhookSignatureKey: { env: SQUARE_WEBHOOK_SIGNATURE_KEY }
    webhookUrl: http://127.0.0.1:${o.ingressPort}/webhooks/pos
    baseUrl: ${o.squareUrl}
    locations: { main: ${o.squareLocation} }
    currency: USD
`;
}

/** The ingress on `port` and its forwarder; `log`, when given, gets their errors. */
export async function startTestIngress(o: {
  config: SwitchyardConfig;
  store: Store;
  connectors: Map<string, AnyConnector>;
  client: Client;
  taskQueue: string;
  port: number;
  log?: (line: string) => void;
}): Promise<{ ingress: Ingress; forwarder: Forwarder; url: string }> {
  const log = o.log;
  // Without `log`, the forwarder reports to stderr as it does by default, and the ingress stays quiet.
  const forwarder = createForwarder({ store: o.store, client: o.client, idleMs: 200, ...(log ? { log: (e) => void (e.level === 'error' && log(`[forwarder] ${JSON.stringify(e)}`)) } : {}) });
  forwarder.start();
  const ingress = createIngress({
    host: '127.0.0.1',
    port: o.port,
    maxBodyBytes: o.config.ingress.maxBodyBytes,
    verifiers: new Map([...o.connectors].map(([id, c]) => [id, c.webhooks] as const)),
    store: o.store,
    route: createWebhookRouter(o.config.flows, o.taskQueue, { store: o.store, itemTypes: inventoryItemTypes(o.connectors) }),
    onAccepted: () => forwarder.poke(),
    log: (e) => void (e.level === 'error' && o.log?.(`[ingress] ${JSON.stringify(e)}`)),
  });
  return { ingress, forwarder, url: await ingress.listen() };
}
