import http from 'node:http';
import type { AddressInfo } from 'node:net';

/**
 * A tiny HTTP framework for vendor sandboxes: loopback only, a route table,
 * raw bodies kept for signature checks, a contract hook that sees every
 * request and response, and fault injection. Each vendor sandbox builds on it.
 */

export interface SandboxRequest {
  method: string;
  /** Path without query string, e.g. /v2/catalog/list. */
  path: string;
  query: URLSearchParams;
  /** Lower-cased header names. */
  headers: Readonly<Record<string, string | undefined>>;
  rawBody: Buffer;
  /** Parsed JSON body when content-type is JSON and the body parses; undefined otherwise. */
  json: unknown;
  /** Path params of the matched route, e.g. { object_id: 'ABC' }. */
  params: Record<string, string>;
}

export interface SandboxResponse {
  status: number;
  headers?: Record<string, string>;
  /** Serialised as JSON unless `raw` is set. */
  body?: unknown;
  raw?: string | Buffer;
}

export type Handler = (req: SandboxRequest) => SandboxResponse | Promise<SandboxResponse>;

export interface Route {
  method: string;
  /** Pattern with `{name}` placeholders, as in OpenAPI: /v2/catalog/object/{object_id}. */
  pattern: string;
  handler: Handler;
}

/** Sees every exchange; returns human-readable violations (empty = fine). */
export interface ContractCheck {
  check(route: Route | null, req: SandboxRequest, res: SandboxResponse): string[];
}

export interface Faults {
  /** Share (0..1) of requests answered with the vendor's 5xx. */
  error5xxRate?: number;
  /** Share (0..1) of requests answered with the vendor's 429. */
  rate429?: number;
  /** Added latency per request, ms. */
  latencyMs?: number;
  /** Delay between doing the work and answering, ms: the vendor's webhooks for it can arrive before its answer. */
  responseDelayMs?: number;
  /** Only requests to this path (e.g. `/v2/catalog/batch-upsert`) get `responseDelayMs`; default every request. */
  responseDelayPath?: string;
  /** Share (0..1) of responses cut off mid-body (status 200, truncated JSON), after the request took effect. */
  malformedRate?: number;
  /** Share (0..1) of requests that never get an answer: the socket is held, then dropped after timeoutMs. */
  timeoutRate?: number;
  /** How long a "timed out" request is held before its socket is destroyed (default 30 s). */
  timeoutMs?: number;
  /**
   * Requests it picks take effect, then lose their answer: the connection is
   * dropped before any of it is sent (the network cut, or the client crashed,
   * after the vendor acted). Deterministic, unlike timeoutRate.
   */
  loseAnswer?: (req: Omit<SandboxRequest, 'params'>) => boolean;
}

export interface SandboxOptions {
  name: string;
  contract?: ContractCheck;
  faults?: Faults;
  /** Vendor-shaped error bodies for injected faults. */
  faultBody?: (status: number) => SandboxResponse;
  /** Deterministic randomness for faults (tests), default Math.random. */
  random?: () => number;
}

export interface ContractViolation {
  sandbox: string;
  method: string;
  path: string;
  messages: string[];
}

/**
 * The request body as JSON whatever its Content-Type (vendors parse bodies sent
 * without one); `ok: false` when it doesn't parse, so the sandbox can answer
 * with its vendor's malformed-request error. Empty bodies are `undefined`.
 */
export function readJsonBody(req: SandboxRequest): { ok: true; body: unknown } | { ok: false } {
  if (!req.rawBody.length) return { ok: true, body: undefined };
  if (req.json !== undefined) return { ok: true, body: req.json };
  try {
    return { ok: true, body: JSON.parse(req.rawBody.toString('utf8')) as unknown };
  } catch {
    return { ok: false };
  }
}

/**
 * Every sandbox server created in this process, so the test harness can
 * fail a test that leaves contract violations behind and print coverage.
 */
const allServers = new Set<SandboxServer>();
export function allSandboxServers(): SandboxServer[] {
  return [...allServers];
}

/** Hands over (and clears) a server's violations: for tests that provoke one on purpose. */
export function takeViolations(server: SandboxServer): ContractViolation[] {
  return server.violations.splice(0);
}

interface CompiledRoute extends Route {
  regex: RegExp;
  names: string[];
}

export class SandboxServer {
  private readonly routes: CompiledRoute[] = [];
  private server: http.Server | null = null;
  readonly violations: ContractViolation[] = [];
  /** Operation coverage: "METHOD pattern" → count. */
  readonly coverage = new Map<string, number>();
  baseUrl = '';

  constructor(readonly opts: SandboxOptions) {
    allServers.add(this);
  }

  /** Counts one vendor operation exercised (for APIs where the route is not the operation, e.g. GraphQL fields). */
  recordOperation(name: string): void {
    this.coverage.set(name, (this.coverage.get(name) ?? 0) + 1);
  }

  route(method: string, pattern: string, handler: Handler): this {
    const names: string[] = [];
    const source = pattern.replace(/[.*+?^$()|[\]\\]/g, '\\$&').replace(/\\?\{([^}]+)\\?\}/g, (_m, name: string) => {
      names.push(name);
      return '([^/]+)';
    });
    this.routes.push({ method: method.toUpperCase(), pattern, handler, regex: new RegExp(`^${source}$`), names });
    return this;
  }

  setFaults(faults: Faults): void {
    this.opts.faults = faults;
  }

  async listen(port = 0, host = '127.0.0.1'): Promise<string> {
    this.server = http.createServer((req, res) => void this.handle(req, res));
    this.server.keepAliveTimeout = 60_000;
    await new Promise<void>((resolve, reject) => {
      this.server!.once('error', reject);
      this.server!.listen(port, host, () => resolve());
    });
    const addr = this.server.address() as AddressInfo;
    this.baseUrl = `http://${host}:${addr.port}`;
    return this.baseUrl;
  }

  async close(): Promise<void> {
    const s = this.server;
    this.server = null;
    if (!s) return;
    s.closeAllConnections();
    await new Promise<void>((resolve) => s.close(() => resolve()));
  }

  /** Runs one request through the routes without HTTP (benchmarks, unit tests). */
  async dispatch(req: Omit<SandboxRequest, 'params'>): Promise<SandboxResponse> {
    const { route, params } = this.match(req.method, req.path);
    const full: SandboxRequest = { ...req, params };
    let res: SandboxResponse;
    if (!route) {
      res = this.opts.faultBody?.(404) ?? { status: 404, body: { error: 'Not Found' } };
    } else {
      this.coverage.set(`${route.method} ${route.pattern}`, (this.coverage.get(`${route.method} ${route.pattern}`) ?? 0) + 1);
      const injected = this.injectFault();
      res = injected ?? (await route.handler(full));
    }
    if (this.opts.contract) {
      const messages = this.opts.contract.check(route, full, res);
      if (messages.length) this.violations.push({ sandbox: this.opts.name, method: req.method, path: req.path, messages });
    }
    return res;
  }

  private match(method: string, path: string): { route: CompiledRoute | null; params: Record<string, string> } {
    for (const r of this.routes) {
      if (r.method !== method.toUpperCase()) continue;
      const m = r.regex.exec(path);
      if (!m) continue;
      const params: Record<string, string> = {};
      r.names.forEach((n, i) => (params[n] = decodeURIComponent(m[i + 1] ?? '')));
      return { route: r, params };
    }
    return { route: null, params: {} };
  }

  private injectFault(): SandboxResponse | null {
    const f = this.opts.faults;
    if (!f) return null;
    const rnd = this.opts.random ?? Math.random;
    if (f.error5xxRate && rnd() < f.error5xxRate) return this.opts.faultBody?.(500) ?? { status: 500, body: { error: 'Internal Server Error' } };
    if (f.rate429 && rnd() < f.rate429) return this.opts.faultBody?.(429) ?? { status: 429, headers: { 'retry-after': '1' }, body: { error: 'Too Many Requests' } };
    return null;
  }

  private async handle(req: http.IncomingMessage, res: http.ServerResponse): Promise<void> {
    try {
      const chunks: Buffer[] = [];
      for await (const c of req) chunks.push(c as Buffer);
      const rawBody = Buffer.concat(chunks);
      const url = new URL(req.url ?? '/', 'http://sandbox');
      const headers: Record<string, string | undefined> = {};
      for (const [k, v] of Object.entries(req.headers)) headers[k.toLowerCase()] = Array.isArray(v) ? v.join(', ') : v;
      let json: unknown;
      if (rawBody.length && /json/i.test(headers['content-type'] ?? '')) {
        try {
          json = JSON.parse(rawBody.toString('utf8'));
        } catch {
          json = undefined;
        }
      }
      const latency = this.opts.faults?.latencyMs;
      if (latency) await new Promise((r) => setTimeout(r, latency));
      const sreq: Omit<SandboxRequest, 'params'> = { method: req.method ?? 'GET', path: url.pathname, query: url.searchParams, headers, rawBody, json };
      const out = await this.dispatch(sreq);
      const f = this.opts.faults;
      if (f?.responseDelayMs && (!f.responseDelayPath || url.pathname === f.responseDelayPath)) await new Promise((r) => setTimeout(r, f.responseDelayMs));
      if (f?.loseAnswer?.(sreq)) {
        res.destroy();
        return;
      }
      const rnd = this.opts.random ?? Math.random;
      if (f?.timeoutRate && rnd() < f.timeoutRate) {
        // The vendor did the work but the client never hears back: the retry-after-timeout case.
        setTimeout(() => res.destroy(), f.timeoutMs ?? 30_000).unref();
        return;
      }
      const body = out.raw ?? (out.body === undefined ? '' : JSON.stringify(out.body));
      if (f?.malformedRate && rnd() < f.malformedRate) {
        const text = typeof body === 'string' ? body : body.toString('utf8');
        res.writeHead(200, { 'content-type': 'application/json; charset=utf-8' });
        res.end(text.slice(0, Math.max(1, Math.floor(text.length / 2))));
        return;
      }
      const hdrs: Record<string, string> = { ...(out.headers ?? {}) };
      if (out.raw === undefined && out.body !== undefined && !Object.keys(hdrs).some((k) => k.toLowerCase() === 'content-type')) {
        hdrs['content-type'] = 'application/json; charset=utf-8';
      }
      res.writeHead(out.status, hdrs);
      res.end(body);
    } catch (err) {
      res.writeHead(500, { 'content-type': 'application/json' });
      res.end(JSON.stringify({ error: `sandbox ${this.opts.name} failed: ${(err as Error).message}` }));
    }
  }
}
