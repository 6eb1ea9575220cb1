import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { existsSync } from 'node:fs';
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

/**
 * The official stripe-mock (https://github.com/stripe/stripe-mock): it
 * validates requests against Stripe's real OpenAPI spec and answers with
 * fixture objects. Found as `stripe-mock` on PATH, else $STRIPE_MOCK, else
 * <repo>/.tools/bin/stripe-mock (built by `bash scripts/setup.sh --test`).
 */

const repoRoot = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..', '..');

export function findStripeMock(): string {
  const onPath = spawnSync('sh', ['-c', 'command -v stripe-mock'], { encoding: 'utf8' });
  if (onPath.status === 0 && onPath.stdout.trim()) return onPath.stdout.trim();
  if (process.env.STRIPE_MOCK && existsSync(process.env.STRIPE_MOCK)) return process.env.STRIPE_MOCK;
  const local = path.join(repoRoot, '.tools', 'bin', 'stripe-mock');
  if (existsSync(local)) return local;
  throw new Error('stripe-mock not found: put it on PATH, set STRIPE_MOCK, or run `bash scripts/setup.sh --test`');
}

export async function startStripeMock(): Promise<{ baseUrl: string; stop(): Promise<void> }> {
  // Port chosen by the system (empty port), for both listeners, so parallel runs never collide.
  const child: ChildProcess = spawn(findStripeMock(), ['-http-addr', '127.0.0.1:', '-https-addr', '127.0.0.1:'], { stdio: ['ignore', 'pipe', 'pipe'] });
  const baseUrl = await new Promise<string>((resolve, reject) => {
    let out = '';
    const onData = (chunk: Buffer): void => {
      out += chunk.toString('utf8');
      const m = /Listening for HTTP at address: ([\d.]+):(\d+)/.exec(out);
      if (m) resolve(`http://${m[1]}:${m[2]}`);
    };
    child.stdout?.on('data', onData);
    child.stderr?.on('data', onData);
    child.once('exit', (code) => reject(new Error(`stripe-mock exited (${code}) before listening:\n${out}`)));
    child.once('error', reject);
  });
  return {
    baseUrl,
    stop: () =>
      new Promise<void>((resolve) => {
        if (child.exitCode !== null) return resolve();
        child.once('exit', () => resolve());
        child.kill('SIGTERM');
      }),
  };
}

export interface RecordedExchange {
  method: string;
  /** Path and query as sent. */
  url: string;
  requestBody: string;
  status: number;
  body: unknown;
}

/**
 * A pass-through HTTP proxy that records every exchange: point a client's
 * baseUrl at it to see exactly which calls it makes and what came back.
 */
export async function startRecordingProxy(target: string): Promise<{ baseUrl: string; exchanges: RecordedExchange[]; stop(): Promise<void> }> {
  const exchanges: RecordedExchange[] = [];
  const server = http.createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => {
      const requestBody = Buffer.concat(chunks);
      const headers: Record<string, string> = {};
      for (const [k, v] of Object.entries(req.headers)) if (typeof v === 'string' && !['host', 'connection', 'content-length'].includes(k)) headers[k] = v;
      void fetch(target + (req.url ?? '/'), { method: req.method, headers, body: requestBody.length ? requestBody : undefined })
        .then(async (upstream) => {
          const text = await upstream.text();
          let body: unknown = text;
          try {
            body = JSON.parse(text);
          } catch {
            body = text;
          }
          exchanges.push({ method: req.method ?? 'GET', url: req.url ?? '/', requestBody: requestBody.toString('utf8'), status: upstream.status, body });
          const out: Record<string, string> = {};
          upstream.headers.forEach((v, k) => {
            if (!['content-length', 'content-encoding', 'transfer-encoding', 'connection'].includes(k)) out[k] = v;
          });
          res.writeHead(upstream.status, out);
          res.end(text);
        })
        .catch((err: Error) => {
          res.writeHead(502);
          res.end(err.message);
        });
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', () => resolve()));
  const { port } = server.address() as AddressInfo;
  return {
    baseUrl: `http://127.0.0.1:${port}`,
    exchanges,
    stop: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}

/**
 * Shape of a Stripe response, for comparing two servers' answers: top-level
 * keys and `object` values, recursing into list objects (first element) and
 * event `data.object`. Values themselves are ignored. `tolerated` names, per
 * `object` type, keys that may be present on one side only (each use must say why).
 */
export function stripeShapeDiff(expected: unknown, actual: unknown, where = '$', tolerated: Readonly<Record<string, readonly string[]>> = {}): string[] {
  const isObj = (v: unknown): v is { [k: string]: unknown } => typeof v === 'object' && v !== null && !Array.isArray(v);
  if (!isObj(expected) || !isObj(actual)) return isObj(expected) === isObj(actual) ? [] : [`${where}: one side is not an object`];
  const out: string[] = [];
  if (expected.object !== actual.object) out.push(`${where}.object: expected ${String(expected.object)}, got ${String(actual.object)}`);
  const ek = new Set(Object.keys(expected));
  const ak = new Set(Object.keys(actual));
  const skip = tolerated[String(actual.object)] ?? [];
  for (const k of ek) if (!ak.has(k) && !skip.includes(k)) out.push(`${where}: missing key \`${k}\``);
  for (const k of ak) if (!ek.has(k) && !skip.includes(k)) out.push(`${where}: extra key \`${k}\``);
  for (const k of ek) {
    const e = expected[k];
    const a = actual[k];
    if (isObj(e) && e.object === 'list' && isObj(a)) {
      out.push(...stripeShapeDiff({ ...e, data: undefined }, { ...a, data: undefined }, `${where}.${k}`, tolerated));
      const [e0] = Array.isArray(e.data) ? e.data : [];
      const [a0] = Array.isArray(a.data) ? a.data : [];
      if (e0 !== undefined && a0 !== undefined) out.push(...stripeShapeDiff(e0, a0, `${where}.${k}.data[0]`, tolerated));
    }
  }
  if (expected.object === 'list') {
    const [e0] = Array.isArray(expected.data) ? expected.data : [];
    const [a0] = Array.isArray(actual.data) ? actual.data : [];
    if (e0 !== undefined && a0 !== undefined) out.push(...stripeShapeDiff(e0, a0, `${where}.data[0]`, tolerated));
  }
  if (expected.object === 'event' && isObj(expected.data) && isObj(actual.data) && isObj(expected.data.object) && isObj(actual.data.object) && expected.data.object.object === actual.data.object.object) out.push(...stripeShapeDiff(expected.data.object, actual.data.object, `${where}.data.object`, tolerated));
  return out;
}

/**
 * Keys allowed on one side only, by object type. stripe-mock v0.203.0 embeds an
 * older spec and fixtures than the API version our SDK pins (2026-10-28.endive):
 * - payment_intent.source, charge.source: always rendered per the newer
 *   fixtures3.json and the SDK's types, absent from stripe-mock's fixtures;
 * - charge.refunds: "includable" since 2022-11-15 (only with expand[]=refunds),
 *   stripe-mock still renders it;
 * - search_result.total_count / next_page: total_count only with
 *   expand[]=total_count, next_page always (https://docs.stripe.com/search#search-pagination);
 * - webhook_endpoint.secret: "Only returned at creation" (https://docs.stripe.com/api/webhook_endpoints/object#webhook_endpoint_object-secret).
 */
export const STRIPE_MOCK_TOLERATED: Readonly<Record<string, readonly string[]>> = {
  payment_intent: ['source'],
  charge: ['source', 'refunds'],
  search_result: ['total_count', 'next_page'],
  webhook_endpoint: ['secret'],
};
