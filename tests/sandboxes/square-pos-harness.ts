import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { expect } from 'vitest';
import { SquareClient, SquareError, WebhooksHelper } from 'square';
import { createSquareSandbox, type SquareSandbox } from '../../sandboxes/square';

/**
 * Shared set-up for the POS tests: a Square sandbox (spec-checked), the
 * official SDK pointed at it, two demo variations with IN_STOCK counts, and a
 * local HTTPS-less receiver that verifies each notification with the SDK's
 * WebhooksHelper and keeps the parsed bodies.
 */

export const TOKEN = 'EAAAEsandbox-pos-token';
export const SIGNATURE_KEY = 'pos-signature-key';
export const LOCATION = 'LPOSMAIN00001';
export const LOCATION_2 = 'LPOSSECOND002';

export interface Received {
  type: string;
  body: Record<string, unknown>;
  verified: boolean;
}

export interface PosHarness {
  sandbox: SquareSandbox;
  client: SquareClient;
  received: Received[];
  /** Variation ids: a $15.00 tee (M) and a $12.00 mug. */
  tee: string;
  mug: string;
  /** Waits until the receiver has an event of `type` matching `where`. */
  event(type: string, where?: (b: Record<string, unknown>) => boolean): Promise<Record<string, unknown>>;
  stop(): Promise<void>;
}

export async function startPos(eventTypes: string[] = []): Promise<PosHarness> {
  const received: Received[] = [];
  let notificationUrl = '';
  const receiver = http.createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => {
      const raw = Buffer.concat(chunks).toString('utf8');
      void WebhooksHelper.verifySignature({ requestBody: raw, signatureHeader: String(req.headers['x-square-hmacsha256-signature'] ?? ''), signatureKey: SIGNATURE_KEY, notificationUrl }).then((verified) => {
        const body = JSON.parse(raw) as Record<string, unknown>;
        received.push({ type: String(body.type), body, verified });
        res.writeHead(200);
        res.end();
      });
    });
  });
  await new Promise<void>((resolve) => receiver.listen(0, '127.0.0.1', resolve));
  notificationUrl = `http://127.0.0.1:${(receiver.address() as AddressInfo).port}/hooks/square`;
  const sandbox = createSquareSandbox({
    accessToken: TOKEN,
    webhookSignatureKey: SIGNATURE_KEY,
    webhookTimeScale: 0.0001,
    locations: [
      { id: LOCATION, name: 'Main Street', currency: 'USD' },
      { id: LOCATION_2, name: 'Harbour', currency: 'USD' },
    ],
  });
  const client = new SquareClient({ token: TOKEN, baseUrl: await sandbox.start(0), maxRetries: 0 });
  if (eventTypes.length) await client.webhooks.subscriptions.create({ idempotencyKey: 'pos-sub', subscription: { name: 'pos', eventTypes, notificationUrl } });
  const tee = sandbox.dashboard.createItem({ name: 'Harbour Tee', variations: [{ name: 'M', sku: 'TEE-M', priceAmount: 1500 }] });
  const mug = sandbox.dashboard.createItem({ name: 'Harbour Mug', variations: [{ name: 'Regular', sku: 'MUG-1', priceAmount: 1200 }] });
  const variationId = (o: typeof tee): string => o.item_data?.variations?.[0]?.id ?? '';
  const ids = { tee: variationId(tee), mug: variationId(mug) };
  for (const id of [ids.tee, ids.mug]) for (const loc of [LOCATION, LOCATION_2]) sandbox.dashboard.adjustStock({ variationId: id, locationId: loc, countTo: 20 });
  return {
    sandbox,
    client,
    received,
    ...ids,
    async event(type, where = () => true) {
      for (let i = 0; i < 200; i++) {
        const hit = received.find((r) => r.type === type && where(r.body));
        if (hit) return hit.body;
        await new Promise((r) => setTimeout(r, 10));
      }
      throw new Error(`no ${type} event arrived (got ${received.map((r) => r.type).join(', ')})`);
    },
    async stop() {
      await sandbox.stop();
      await new Promise<void>((resolve) => receiver.close(() => resolve()));
    },
  };
}

export async function squareError(p: Promise<unknown>): Promise<SquareError> {
  const err = await p.then(
    () => null,
    (e: unknown) => e,
  );
  expect(err).toBeInstanceOf(SquareError);
  return err as SquareError;
}

export const usd = (amount: number) => ({ amount: BigInt(amount), currency: 'USD' as const });
