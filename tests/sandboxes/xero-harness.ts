import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { XeroClient } from 'xero-node';
import { createXeroSandbox, type XeroSandbox, type XeroSandboxOptions } from '../../sandboxes/xero/index';
import { signXeroWebhook } from '../../connectors/xero/webhooks';

export const TOKEN = 'xero-test-access-token';
export const TENANT = '3f2a9b1c-5d4e-4f60-8a7b-9c0d1e2f3a4b';
export const KEY = 'test-webhook-key-0123456789';

/** A clock tests move by hand: timestamps, rate windows and the connector's sleeps share it. */
export class FakeClock {
  constructor(public ms = Date.UTC(2025, 0, 15, 12, 0, 0)) {}
  readonly now = (): number => this.ms;
  advance(ms: number): void {
    this.ms += ms;
  }
}

export interface Harness {
  sb: XeroSandbox;
  base: string;
  xero: XeroClient;
  clock: FakeClock;
  stop(): Promise<void>;
}

export function sdkClient(base: string, token = TOKEN): XeroClient {
  const xero = new XeroClient();
  xero.setTokenSet({ access_token: token, token_type: 'Bearer', expires_at: Math.floor(Date.now() / 1000) + 1800 });
  xero.accountingApi.basePath = `${base}/api.xro/2.0`;
  return xero;
}

export async function startXero(opts: Partial<XeroSandboxOptions> = {}): Promise<Harness> {
  const clock = new FakeClock();
  const sb = createXeroSandbox({ accessToken: TOKEN, tenantId: TENANT, webhookKey: KEY, clock: clock.now, webhookTimeScale: 0.00001, ...opts });
  const base = await sb.start();
  return { sb, base, xero: sdkClient(base), clock, stop: () => sb.stop() };
}

/** The SDK rejects with a JSON string; this gives status, body and headers back. */
export function rejection(err: unknown): { statusCode: number; body: unknown; headers: Record<string, string> } {
  const parsed: unknown = typeof err === 'string' ? JSON.parse(err) : err;
  const res = (parsed as { response?: { statusCode?: number; body?: unknown; headers?: Record<string, string> } }).response ?? {};
  return { statusCode: res.statusCode ?? 0, body: res.body, headers: res.headers ?? {} };
}

export async function failure(p: Promise<unknown>): Promise<ReturnType<typeof rejection>> {
  try {
    await p;
  } catch (err) {
    return rejection(err);
  }
  throw new Error('expected the call to fail');
}

/** A webhook receiver that verifies x-xero-signature with `key` (200 good, 401 bad), or always answers `fixedStatus`. */
export interface Receiver {
  url: string;
  bodies: string[];
  statuses: number[];
  close(): Promise<void>;
}

export async function startReceiver(key: string, fixedStatus?: () => number | null): Promise<Receiver> {
  const bodies: string[] = [];
  const statuses: number[] = [];
  const server = http.createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => {
      const raw = Buffer.concat(chunks);
      const good = req.headers['x-xero-signature'] === signXeroWebhook(key, raw);
      const status = fixedStatus?.() ?? (good ? 200 : 401);
      if (good && status === 200) bodies.push(raw.toString('utf8'));
      statuses.push(status);
      res.writeHead(status);
      res.end();
    });
  });
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', () => r()));
  const port = (server.address() as AddressInfo).port;
  return {
    url: `http://127.0.0.1:${port}/xero`,
    bodies,
    statuses,
    close: () => new Promise<void>((r) => server.close(() => r())),
  };
}

export async function until(cond: () => boolean, timeoutMs = 3000): Promise<void> {
  const end = Date.now() + timeoutMs;
  while (!cond()) {
    if (Date.now() > end) throw new Error('condition not met in time');
    await new Promise((r) => setTimeout(r, 10));
  }
}
