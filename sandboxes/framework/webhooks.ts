/**
 * Outbound webhook delivery as vendors do it: at-least-once, retried on
 * non-2xx or network errors on the vendor's schedule (compressible for tests
 * by `timeScale`), optionally duplicated, dropped or reordered by faults.
 */

export interface WebhookDelivery {
  url: string;
  headers: Record<string, string>;
  body: string;
  /**
   * Extra headers per attempt (0 = first delivery), for vendors that number
   * their retries (Square: square-retry-number / square-retry-reason).
   */
  attemptHeaders?: (attempt: number, previous: AttemptOutcome | null) => Record<string, string>;
}

/** How the previous attempt ended: an HTTP status, or a timeout / network failure. */
export interface AttemptOutcome {
  status: number | null;
  failure: 'http' | 'timeout' | 'network';
}

export interface WebhookEmitterOptions {
  /** Delays between attempts, seconds, vendor's real schedule. */
  retryScheduleSeconds: number[];
  /** Multiply delays by this (e.g. 0.001 in tests). */
  timeScale?: number;
  duplicateRate?: number;
  dropRate?: number;
  /** Max random extra delay (ms) before first attempt: creates reordering. */
  reorderJitterMs?: number;
  random?: () => number;
  /** Per-attempt response timeout, ms (default 5000). */
  timeoutMs?: number;
}

export interface DeliveryRecord {
  url: string;
  attempts: number;
  lastStatus: number | null;
  delivered: boolean;
}

export class WebhookEmitter {
  readonly log: DeliveryRecord[] = [];
  private inflight = new Set<Promise<void>>();
  private stopped = false;

  constructor(private opts: WebhookEmitterOptions) {}

  configure(patch: Partial<WebhookEmitterOptions>): void {
    this.opts = { ...this.opts, ...patch };
  }

  send(delivery: WebhookDelivery): void {
    const rnd = this.opts.random ?? Math.random;
    if (this.opts.dropRate && rnd() < this.opts.dropRate) return;
    const copies = this.opts.duplicateRate && rnd() < this.opts.duplicateRate ? 2 : 1;
    for (let i = 0; i < copies; i++) {
      const p = this.run(delivery).finally(() => this.inflight.delete(p));
      this.inflight.add(p);
    }
  }

  /** Resolves when every delivery in flight has succeeded or given up. */
  async drain(): Promise<void> {
    while (this.inflight.size) await Promise.allSettled([...this.inflight]);
  }

  stop(): void {
    this.stopped = true;
  }

  private async run(d: WebhookDelivery): Promise<void> {
    const rec: DeliveryRecord = { url: d.url, attempts: 0, lastStatus: null, delivered: false };
    this.log.push(rec);
    const scale = this.opts.timeScale ?? 1;
    const rnd = this.opts.random ?? Math.random;
    if (this.opts.reorderJitterMs) await sleep(rnd() * this.opts.reorderJitterMs);
    const delays = [0, ...this.opts.retryScheduleSeconds];
    let previous: AttemptOutcome | null = null;
    for (const delay of delays) {
      if (this.stopped) return;
      if (delay) await sleep(delay * 1000 * scale);
      const headers = d.attemptHeaders ? { ...d.headers, ...d.attemptHeaders(rec.attempts, previous) } : d.headers;
      rec.attempts++;
      try {
        const res = await fetch(d.url, { method: 'POST', headers, body: d.body, signal: AbortSignal.timeout(this.opts.timeoutMs ?? 5000) });
        rec.lastStatus = res.status;
        await res.arrayBuffer().catch(() => undefined);
        if (res.status >= 200 && res.status < 300) {
          rec.delivered = true;
          return;
        }
        previous = { status: res.status, failure: 'http' };
      } catch (err) {
        rec.lastStatus = 0;
        previous = { status: null, failure: (err as Error).name === 'TimeoutError' ? 'timeout' : 'network' };
      }
    }
  }
}

function sleep(ms: number): Promise<void> {
  return new Promise((r) => setTimeout(r, ms));
}
