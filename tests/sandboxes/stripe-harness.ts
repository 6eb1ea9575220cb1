import http from 'node:http';
import type { AddressInfo } from 'node:net';
import Stripe from 'stripe';
import { createStripeSandbox, type StripeSandbox } from '../../sandboxes/stripe/index';

/** Shared set-up for the Stripe sandbox tests: a running sandbox and an official SDK client on it. */

export const TEST_KEY = 'sk_test_51SwitchyardSandboxKey000000000000abcd';

export type SandboxOptions = Omit<Parameters<typeof createStripeSandbox>[0], 'apiKey'> & { apiKey?: string };

export async function startStripe(opts: SandboxOptions = {}): Promise<{ sandbox: StripeSandbox; stripe: Stripe; baseUrl: string }> {
  const sandbox = createStripeSandbox({ apiKey: TEST_KEY, ...opts });
  const baseUrl = await sandbox.start();
  return { sandbox, stripe: sdkFor(baseUrl, opts.apiKey ?? TEST_KEY), baseUrl };
}

export function sdkFor(baseUrl: string, key = TEST_KEY): Stripe {
  const url = new URL(baseUrl);
  return new Stripe(key, { host: url.hostname, port: Number(url.port), protocol: 'http', maxNetworkRetries: 0 });
}

export interface Received {
  headers: http.IncomingHttpHeaders;
  body: string;
}

/** A webhook receiver answering each POST with the next status from `statuses` (then 200). */
export async function startReceiver(statuses: number[] = []): Promise<{ url: string; received: Received[]; stop(): Promise<void> }> {
  const received: Received[] = [];
  const queue = [...statuses];
  const server = http.createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => {
      received.push({ headers: req.headers, body: Buffer.concat(chunks).toString('utf8') });
      res.writeHead(queue.shift() ?? 200);
      res.end();
    });
  });
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', () => r()));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}/hooks/stripe`,
    received,
    stop: () =>
      new Promise<void>((r) => {
        server.closeAllConnections();
        server.close(() => r());
      }),
  };
}

/** Raw HTTP to the sandbox, for what the SDK hides (headers, exact bodies). */
export async function raw(baseUrl: string, method: string, path: string, opts: { body?: string; headers?: Record<string, string>; key?: string | null } = {}): Promise<{ status: number; headers: Headers; json: { [k: string]: unknown } }> {
  const headers: Record<string, string> = { 'content-type': 'application/x-www-form-urlencoded', ...(opts.headers ?? {}) };
  if (opts.key !== null) headers.authorization = `Bearer ${opts.key ?? TEST_KEY}`;
  const res = await fetch(baseUrl + path, { method, headers, body: opts.body });
  return { status: res.status, headers: res.headers, json: (await res.json()) as { [k: string]: unknown } };
}
