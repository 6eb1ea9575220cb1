import http from 'node:http';
import type { AddressInfo } from 'node:net';
import type { WebhookEvent, WebhookVerdict, WebhookVerifier } from '../connectors/types';
import type { Store } from '../store/types';
import { describeError, stderrLog, type LogEntry, type LogFn } from './log';
import { serializeStartSpec, type RouteResult, type StartSpec } from './start-spec';
import { copyStats, emptyStats, type FailureReason, type IngressStats, type RejectReason } from './stats';

export interface IngressOptions {
  host: string;
  port: number;
  maxBodyBytes: number;
  verifiers: ReadonlyMap<string, WebhookVerifier>;
  store: Store;
  /** May name several workflows (a delivery about many stock levels) and may look ids up first. */
  route: (connectorId: string, event: WebhookEvent) => RouteResult | Promise<RouteResult>;
  /** The base URL vendors post to (scheme://host[/prefix]); Square signs the full URL. */
  publicBaseUrl?: string;
  log?: (entry: LogEntry) => void;
  /** Called after each newly accepted delivery is durably in the outbox (pokes the forwarder). */
  onAccepted?: () => void;
}

export interface Ingress {
  /** Starts listening; resolves with the base URL actually bound (port 0 picks one). */
  listen(): Promise<string>;
  /** Stops accepting, lets in-flight requests finish (their outbox writes complete), then closes. */
  close(): Promise<void>;
  stats(): IngressStats;
}

const WEBHOOK_PREFIX = '/webhooks/';
/** In-flight requests get this long to finish on close before sockets are cut. */
const CLOSE_GRACE_MS = 5_000;

// Fixed response bodies are built once: the hot path only writes buffers.
const JSON_HEADERS = 'application/json';
const BODY_ACCEPTED = Buffer.from('{"status":"accepted"}');
const BODY_DUPLICATE = Buffer.from('{"status":"duplicate"}');
const BODY_IGNORED = Buffer.from('{"status":"ignored"}');

export function createIngress(opts: IngressOptions): Ingress {
  const log: LogFn = opts.log ?? stderrLog;
  const counters = emptyStats();
  const baseUrlOverride = opts.publicBaseUrl?.replace(/\/+$/, '');
  const server = http.createServer(
    // keepAliveTimeout above typical vendor/LB idle windows so bursts reuse sockets;
    // requestTimeout bounds slow-body clients (a slowloris can't pin a socket forever).
    { keepAliveTimeout: 65_000, requestTimeout: 30_000, headersTimeout: 10_000, noDelay: true },
    (req, res) => handle(req, res),
  );

  function handle(req: http.IncomingMessage, res: http.ServerResponse): void {
    counters.received++;
    const url = req.url ?? '/';
    if (url === '/healthz' || url.startsWith('/healthz?')) {
      if (req.method !== 'GET' && req.method !== 'HEAD') return reject(req, res, 405, 'method_not_allowed', undefined, 'use GET');
      void health(res);
      return;
    }
    const connectorId = connectorOf(url);
    if (connectorId === null) return reject(req, res, 404, 'not_found', undefined, 'no such route');
    const verifier = opts.verifiers.get(connectorId);
    if (verifier === undefined) return reject(req, res, 404, 'unknown_connector', connectorId, 'unknown connector');
    if (req.method !== 'POST') return reject(req, res, 405, 'method_not_allowed', connectorId, 'use POST');
    const declared = req.headers['content-length'];
    // Refuse on the declared length before reading a byte: no buffering, no HMAC work.
    if (declared !== undefined && Number(declared) > opts.maxBodyBytes) {
      return reject(req, res, 413, 'body_too_large', connectorId, 'body too large');
    }
    readBody(req, res, connectorId, verifier);
  }

  function readBody(req: http.IncomingMessage, res: http.ServerResponse, connectorId: string, verifier: WebhookVerifier): void {
    const chunks: Buffer[] = [];
    let size = 0;
    let refused = false;
    req.on('data', (chunk: Buffer) => {
      if (refused) return;
      size += chunk.length;
      if (size > opts.maxBodyBytes) {
        // A chunked (or lying) body crossed the limit mid-stream: stop buffering and refuse.
        refused = true;
        chunks.length = 0;
        reject(req, res, 413, 'body_too_large', connectorId, 'body too large');
        return;
      }
      chunks.push(chunk);
    });
    req.on('end', () => {
      if (refused) return;
      const body = chunks.length === 1 ? (chunks[0] as Buffer) : Buffer.concat(chunks, size);
      void deliver(req, res, connectorId, verifier, body);
    });
    req.on('error', () => {
      if (!refused && !res.headersSent) counters.aborted++;
    });
  }

  async function deliver(
    req: http.IncomingMessage,
    res: http.ServerResponse,
    connectorId: string,
    verifier: WebhookVerifier,
    rawBody: Buffer,
  ): Promise<void> {
    let verdict: WebhookVerdict;
    try {
      verdict = verifier.verify({ headers: flatHeaders(req.headers), rawBody, url: publicUrl(req) });
    } catch (err) {
      return fail(res, 500, 'verifier_failed', connectorId, err);
    }
    if (!verdict.ok) {
      const reason: RejectReason = verdict.status === 401 ? 'bad_signature' : 'malformed';
      return reject(req, res, verdict.status, reason, connectorId, verdict.reason);
    }
    const event = verdict.event;
    let specs: StartSpec[];
    try {
      const routed = await opts.route(connectorId, event);
      specs = routed === null ? [] : Array.isArray(routed) ? routed : [routed];
    } catch (err) {
      return fail(res, 500, 'route_failed', connectorId, err, event.eventId);
    }
    if (specs.length === 0) {
      counters.ignored++;
      return send(res, 200, BODY_IGNORED);
    }
    let accepted = 0;
    try {
      // The ack waits for these commits: once we answer 200 the delivery survives a crash of this
      // process (surviving power loss too depends on the store's fsync policy). A delivery naming
      // several workflows gets one outbox row each, deduped per row, so a vendor retry after a
      // crash between rows fills in exactly the missing ones.
      for (const [i, spec] of specs.entries()) {
        const outcome = await opts.store.acceptWebhook({
          connector: connectorId,
          eventId: specs.length === 1 ? event.eventId : `${event.eventId}#${i}`,
          topic: event.topic,
          workflowId: spec.workflowId,
          signal: serializeStartSpec(spec),
        });
        if (outcome === 'accepted') accepted++;
      }
    } catch (err) {
      return fail(res, 503, 'store_unavailable', connectorId, err, event.eventId);
    }
    if (accepted > 0) {
      counters.accepted++;
      send(res, 200, BODY_ACCEPTED);
      opts.onAccepted?.();
    } else {
      counters.duplicate++;
      send(res, 200, BODY_DUPLICATE);
    }
  }

  function reject(
    req: http.IncomingMessage,
    res: http.ServerResponse,
    status: number,
    reason: RejectReason,
    connector: string | undefined,
    detail: string,
  ): void {
    counters.rejected[reason]++;
    log({ level: 'warn', msg: 'webhook rejected', connector, reason, status, detail });
    const headers: http.OutgoingHttpHeaders = {};
    if (status === 405) headers.allow = connector === undefined ? 'GET' : 'POST';
    if (!req.complete) {
      // The body was not read: close instead of letting Node drain an arbitrarily large
      // body to keep the socket alive. The client still gets this response first.
      headers.connection = 'close';
      res.once('finish', () => setTimeout(() => req.socket.destroy(), 1_000).unref());
    }
    send(res, status, Buffer.from(JSON.stringify({ error: detail })), headers);
  }

  function fail(res: http.ServerResponse, status: number, reason: FailureReason, connector: string, err: unknown, eventId?: string): void {
    counters.failed[reason]++;
    log({ level: 'error', msg: 'webhook not taken', connector, reason, status, eventId, error: describeError(err) });
    send(res, status, Buffer.from(JSON.stringify({ error: reason })), status === 503 ? { 'retry-after': '5' } : {});
  }

  async function health(res: http.ServerResponse): Promise<void> {
    try {
      const outboxPending = await opts.store.countOutbox({ delivered: false });
      send(res, 200, Buffer.from(JSON.stringify({ ok: true, outboxPending, stats: copyStats(counters) })));
    } catch (err) {
      log({ level: 'error', msg: 'health check failed', reason: 'store_unavailable', error: describeError(err) });
      send(res, 503, Buffer.from(JSON.stringify({ ok: false, outboxPending: null, stats: copyStats(counters) })));
    }
  }

  function publicUrl(req: http.IncomingMessage): string {
    const base = baseUrlOverride ?? `http://${req.headers.host ?? `${opts.host}:${opts.port}`}`;
    return base + (req.url ?? '/');
  }

  return {
    listen() {
      return new Promise<string>((resolve, reject) => {
        server.once('error', reject);
        server.listen(opts.port, opts.host, () => {
          server.off('error', reject);
          const addr = server.address() as AddressInfo;
          const host = addr.family === 'IPv6' ? `[${addr.address}]` : addr.address;
          resolve(`http://${host}:${addr.port}`);
        });
      });
    },
    close() {
      if (!server.listening) return Promise.resolve();
      return new Promise<void>((resolve) => {
        const force = setTimeout(() => server.closeAllConnections(), CLOSE_GRACE_MS);
        server.close(() => {
          clearTimeout(force);
          resolve();
        });
        server.closeIdleConnections();
      });
    },
    stats: () => copyStats(counters),
  };
}

function send(res: http.ServerResponse, status: number, body: Buffer, extra?: http.OutgoingHttpHeaders): void {
  if (res.headersSent || res.destroyed) return;
  res.writeHead(status, { ...extra, 'content-type': JSON_HEADERS, 'content-length': body.length });
  res.end(body);
}

/** `/webhooks/{id}[?query]` → id; anything else (nested paths, empty id) → null. */
function connectorOf(url: string): string | null {
  if (!url.startsWith(WEBHOOK_PREFIX)) return null;
  const q = url.indexOf('?', WEBHOOK_PREFIX.length);
  const id = url.slice(WEBHOOK_PREFIX.length, q === -1 ? undefined : q);
  if (id.length === 0 || id.includes('/')) return null;
  return id;
}

/** Node joins repeated headers except set-cookie; verifiers want one string per name. */
function flatHeaders(h: http.IncomingHttpHeaders): Record<string, string | undefined> {
  const out: Record<string, string | undefined> = {};
  for (const name in h) {
    const v = h[name];
    out[name] = Array.isArray(v) ? v.join(', ') : v;
  }
  return out;
}
