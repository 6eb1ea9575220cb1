import http from 'node:http';
import { mulberry32 } from '../sandboxes/framework/prng';
import { productGid, productUpdateBody, shopifyHeaders, workflowIdOf } from './webhooks-shopify';

/**
 * Open-loop load: request i is sent at t0 + i/rate whether or not earlier
 * ones were answered (vendors don't wait for us either), over a keep-alive
 * agent. Latency is send → response end, per request.
 */

export interface LoadOptions {
  baseUrl: string;
  secret: string;
  rate: number;
  seconds: number;
  products: number;
  /** Share of requests signed with the wrong secret (expect 401). */
  badShare: number;
  /** Share of requests that re-send an earlier delivery verbatim (expect 'duplicate'). */
  dupShare: number;
  /** Keep-alive pool shared across runs (warm-up, then measured) so the measured run starts warm. */
  agent: http.Agent;
  seed: number;
}

export interface LoadResult {
  sent: number;
  /** Latency of every answered request, ms, in answer order. */
  latenciesMs: Float64Array;
  /** When each answered request was sent, ms since the load began (same order as latenciesMs). */
  sentAtMs: Float64Array;
  answered: number;
  accepted: number;
  duplicate: number;
  rejected: number;
  /** Network errors, timeouts, 5xx and unexpected answers. */
  errors: number;
  /** Accepted event ids by workflow id: what must show up in Temporal. */
  acceptedByWorkflow: Map<string, Set<string>>;
  /** Wall time from first to last send, s (achieved rate = sent / this). */
  sendSeconds: number;
  /** Worst lateness of the scheduler against the open-loop plan, ms. */
  maxScheduleLagMs: number;
}

interface Prepared {
  headers: Record<string, string>;
  body: string;
  eventId: string;
  workflowId: string;
}

const RING = 512;

export async function runLoad(o: LoadOptions): Promise<LoadResult> {
  const url = new URL('/webhooks/shop', o.baseUrl);
  const { agent } = o;
  const random = mulberry32(o.seed);
  const total = Math.round(o.rate * o.seconds);
  const runTag = o.seed.toString(36);
  const latencies = new Float64Array(total);
  const sentAt = new Float64Array(total);
  let loadStart = 0;
  const result: LoadResult = {
    sent: 0,
    latenciesMs: latencies,
    sentAtMs: sentAt,
    answered: 0,
    accepted: 0,
    duplicate: 0,
    rejected: 0,
    errors: 0,
    acceptedByWorkflow: new Map(),
    sendSeconds: 0,
    maxScheduleLagMs: 0,
  };
  const recent: Prepared[] = [];
  const versions = new Uint32Array(o.products);

  function prepare(i: number): { p: Prepared; expectReject: boolean } {
    const roll = random();
    if (roll < o.dupShare && recent.length > 0) {
      return { p: recent[Math.floor(random() * recent.length)] as Prepared, expectReject: false };
    }
    const n = Math.floor(random() * o.products);
    const version = ++versions[n]!;
    const now = new Date().toISOString();
    const body = productUpdateBody(n, version, now);
    const eventId = `bench-${runTag}-${i}`;
    const bad = roll >= o.dupShare && roll < o.dupShare + o.badShare;
    const p: Prepared = { headers: shopifyHeaders(body, bad ? `${o.secret}-wrong` : o.secret, eventId, now), body, eventId, workflowId: workflowIdOf(productGid(n)) };
    if (!bad) {
      if (recent.length < RING) recent.push(p);
      else recent[i % RING] = p;
    }
    return { p, expectReject: bad };
  }

  function fire(i: number, done: () => void): void {
    const { p, expectReject } = prepare(i);
    let settled = false;
    const settle = (): boolean => (settled ? false : (settled = true));
    const t0 = performance.now();
    const req = http.request(url, { method: 'POST', agent, headers: { ...p.headers, 'content-length': Buffer.byteLength(p.body) } }, (res) => {
      let text = '';
      res.setEncoding('utf8');
      res.on('data', (c: string) => (text += c));
      res.on('end', () => {
        if (!settle()) return;
        sentAt[result.answered] = t0 - loadStart;
        latencies[result.answered++] = performance.now() - t0;
        classify(res.statusCode ?? 0, text, p, expectReject);
        done();
      });
    });
    req.setTimeout(30_000, () => req.destroy(new Error('timeout')));
    req.on('error', () => {
      if (!settle()) return;
      result.errors++;
      done();
    });
    req.end(p.body);
  }

  function classify(status: number, text: string, p: Prepared, expectReject: boolean): void {
    if (status === 401 && expectReject) return void result.rejected++;
    if (status !== 200) return void result.errors++;
    if (text.includes('"accepted"')) {
      result.accepted++;
      let set = result.acceptedByWorkflow.get(p.workflowId);
      if (!set) result.acceptedByWorkflow.set(p.workflowId, (set = new Set()));
      set.add(p.eventId);
    } else if (text.includes('"duplicate"')) result.duplicate++;
    else result.errors++;
  }

  await new Promise<void>((resolve) => {
    let outstanding = 0;
    let i = 0;
    const start = performance.now();
    loadStart = start;
    const done = (): void => {
      outstanding--;
      if (i >= total && outstanding === 0) resolve();
    };
    const tick = (): void => {
      const now = performance.now();
      const due = Math.min(total, Math.floor(((now - start) * o.rate) / 1000) + 1);
      if (i < due) result.maxScheduleLagMs = Math.max(result.maxScheduleLagMs, now - (start + (i * 1000) / o.rate));
      while (i < due) {
        outstanding++;
        fire(i++, done);
      }
      result.sent = i;
      if (i < total) setTimeout(tick, 1);
      else {
        result.sendSeconds = (performance.now() - start) / 1000;
        if (outstanding === 0) resolve();
      }
    };
    tick();
  });
  result.latenciesMs = latencies.subarray(0, result.answered);
  result.sentAtMs = sentAt.subarray(0, result.answered);
  return result;
}


/** Nearest-rank percentile of an unsorted sample (sorts a copy). */
export function percentiles(sample: Float64Array, ps: number[]): number[] {
  const sorted = Float64Array.from(sample).sort();
  if (sorted.length === 0) return ps.map(() => NaN);
  return ps.map((p) => sorted[Math.min(sorted.length - 1, Math.max(0, Math.ceil((p / 100) * sorted.length) - 1))] as number);
}

/** p99 of the requests sent in each whole second of the run (shows warm-up, stalls, backlog). */
export function p99BySecond(r: LoadResult): number[] {
  const buckets: number[][] = [];
  for (let i = 0; i < r.latenciesMs.length; i++) {
    const s = Math.floor((r.sentAtMs[i] as number) / 1000);
    (buckets[s] ??= []).push(r.latenciesMs[i] as number);
  }
  return Array.from(buckets, (b) => (b ? Math.round(percentiles(Float64Array.from(b), [99])[0] as number) : NaN));
}
