import { mkdtempSync, rmSync } from 'node:fs';
import http from 'node:http';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { signShopifyWebhook } from '../../connectors/shopify/webhooks';
import type { WebhookEvent } from '../../connectors/types';
import type { StartSpec } from '../../ingress/start-spec';
import type { LogEntry } from '../../ingress/log';
import { createStore } from '../../store';
import type { Store } from '../../store/types';

export const SECRET = 'shpss_test-secret-9f8e7d6c5b4a';
export const TASK_QUEUE = 'ingress-tests';

/** Products go to one workflow per product; everything else is ignored. */
export function productRouter(connectorId: string, event: WebhookEvent): StartSpec | null {
  if (event.entity !== 'product' || event.externalId === null) return null;
  return {
    workflowType: 'productSync',
    workflowId: `product:${connectorId}:${event.externalId}`,
    taskQueue: TASK_QUEUE,
    args: [{ connector: connectorId, externalId: event.externalId }],
    signal: 'changed',
    signalArgs: [{ eventId: event.eventId, topic: event.topic, action: event.action }],
    searchAttributes: { SwitchyardConnector: connectorId, SwitchyardEntity: 'product', SwitchyardExternalId: event.externalId },
  };
}

export interface Delivery {
  headers: Record<string, string>;
  body: string;
}

export function productDelivery(opts: { eventId: string; productId: number; secret?: string; topic?: string }): Delivery {
  const body = JSON.stringify({
    id: opts.productId,
    admin_graphql_api_id: `gid://shopify/Product/${opts.productId}`,
    title: `Product ${opts.productId}`,
    updated_at: '2025-01-01T00:00:00Z',
  });
  return {
    body,
    headers: {
      'content-type': 'application/json',
      'x-shopify-topic': opts.topic ?? 'products/update',
      'x-shopify-event-id': opts.eventId,
      'x-shopify-hmac-sha256': signShopifyWebhook(body, opts.secret ?? SECRET),
    },
  };
}

export interface Reply {
  status: number;
  json: unknown;
}

/** One request on a fresh connection; `chunks` sends the body chunked (no Content-Length). */
export function request(
  baseUrl: string,
  urlPath: string,
  opts: { method?: string; headers?: Record<string, string>; body?: string | Buffer; chunks?: Buffer[] } = {},
): Promise<Reply> {
  return new Promise((resolve, reject) => {
    const req = http.request(new URL(urlPath, baseUrl), { method: opts.method ?? 'POST', headers: opts.headers, agent: false }, (res) => {
      const parts: Buffer[] = [];
      res.on('data', (c: Buffer) => parts.push(c));
      res.on('end', () => {
        const text = Buffer.concat(parts).toString('utf8');
        resolve({ status: res.statusCode ?? 0, json: text ? JSON.parse(text) : null });
      });
    });
    // The server may cut the socket after an early 413 while we still write: the reply already came.
    req.on('error', (err) => reject(err));
    if (opts.chunks) {
      for (const c of opts.chunks) req.write(c);
      req.end();
    } else {
      req.end(opts.body);
    }
  });
}

export async function tempStore(): Promise<{ store: Store; cleanup: () => Promise<void> }> {
  const dir = mkdtempSync(path.join(tmpdir(), 'switchyard-ingress-'));
  const store = await createStore({ kind: 'sqlite', path: path.join(dir, 'store.db') });
  return {
    store,
    async cleanup() {
      await store.close();
      rmSync(dir, { recursive: true, force: true });
    },
  };
}

/** Captures log entries and their serialised form (to prove a secret never appears). */
export function captureLog(): { entries: LogEntry[]; text: () => string; log: (e: LogEntry) => void } {
  const entries: LogEntry[] = [];
  return { entries, log: (e) => entries.push(e), text: () => entries.map((e) => JSON.stringify(e)).join('\n') };
}

export async function waitFor(check: () => Promise<boolean> | boolean, timeoutMs: number, what: string): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!(await check())) {
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 50));
  }
}
