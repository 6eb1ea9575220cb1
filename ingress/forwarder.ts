import type { Client } from '@temporalio/client';
import type { OutboxEntry, Store } from '../store/types';
import { describeError, stderrLog, type LogEntry, type LogFn } from './log';
import { parseStartSpec, StartSpecError, typedSearchAttributesOf, type StartSpec } from './start-spec';

/** The part of the Store the forwarder uses (lets the threaded runner proxy it). */
export type OutboxStore = Pick<Store, 'pendingOutbox' | 'markDelivered' | 'markAttempted' | 'countOutbox'>;

export interface ForwarderOptions {
  store: OutboxStore;
  client: Client;
  /** Rows fetched per round (default 100). */
  batchSize?: number;
  /** signalWithStart calls in flight at once (default 16). */
  concurrency?: number;
  /** Poll interval when nobody pokes (default 1,000 ms): covers rows written by another process. */
  idleMs?: number;
  /** Deadline per Temporal call, retries included (default 10,000 ms). */
  callTimeoutMs?: number;
  log?: (entry: LogEntry) => void;
}

export interface Forwarder {
  start(): void;
  /** New rows are waiting: run a round now instead of at the next poll. */
  poke(): void;
  /** Finishes the round in flight (its rows get marked) and stops. */
  stop(): Promise<void>;
  /** Resolves true once the outbox has no pending rows, false if timeoutMs passes first. */
  drain(timeoutMs: number): Promise<boolean>;
}

const BACKOFF_BASE_MS = 200;
const BACKOFF_MAX_MS = 30_000;
/** Rows that can never be delivered as written are retried rarely, not dropped: an operator decides. */
const POISON_BACKOFF_MS = 5 * 60_000;
/** Upper bound of one pendingOutbox read, in batches (see round()). */
const MAX_FETCH_BATCHES = 10;

/**
 * Moves accepted webhooks from the store's outbox into Temporal with
 * signalWithStart. At-least-once: a row is marked delivered only after
 * Temporal accepted the call, so a Temporal outage (or a crash between the
 * call and the mark) leaves it pending and it is sent again later. The
 * workflow id is the entity key, so every delivery for one record lands on
 * one workflow and the workflow dedupes by event id if it must.
 */
export function createForwarder(opts: ForwarderOptions): Forwarder {
  const { store, client } = opts;
  const batchSize = opts.batchSize ?? 100;
  const concurrency = Math.max(1, opts.concurrency ?? 16);
  const idleMs = opts.idleMs ?? 1_000;
  const callTimeoutMs = opts.callTimeoutMs ?? 10_000;
  const log: LogFn = opts.log ?? stderrLog;

  /** Outbox id → earliest time it may be tried again (in-memory; a restart simply retries now). */
  const notBefore = new Map<number, number>();
  /** Whole-forwarder pause after a round where every call failed (Temporal is likely down). */
  let pausedUntil = 0;
  let outageFailures = 0;
  let running = false;
  let poked = false;
  let wake: (() => void) | null = null;
  let loop: Promise<void> | null = null;

  function poke(): void {
    poked = true;
    if (wake) wake();
  }

  async function sleep(ms: number): Promise<void> {
    if (poked || !running) return;
    await new Promise<void>((resolve) => {
      const timer = setTimeout(done, ms);
      function done(): void {
        clearTimeout(timer);
        wake = null;
        resolve();
      }
      wake = done;
    });
  }

  async function run(): Promise<void> {
    while (running) {
      const now = Date.now();
      if (now < pausedUntil) {
        // During an outage pokes don't bypass the pause: they would just hammer a dead server.
        poked = false;
        await sleep(pausedUntil - now);
        continue;
      }
      poked = false;
      let didWork = false;
      try {
        didWork = await round();
      } catch (err) {
        // The store itself failed (pendingOutbox/mark*): back off like an outage, lose nothing.
        log({ level: 'error', msg: 'forwarder round failed', error: describeError(err) });
        pause();
        continue;
      }
      // A full batch means more may be waiting: go again without sleeping.
      if (!didWork) await sleep(nextDueIn() ?? idleMs);
    }
  }

  /** One fetch → send → mark cycle. Returns true when it delivered a full batch (keep going). */
  async function round(): Promise<boolean> {
    // Rows backing off still sort first (oldest first): fetch past them so they don't block
    // new rows. Capped: only row-specific failures back off per row (an outage pauses the whole
    // loop instead), so this set stays small unless many rows are poison.
    const limit = Math.min(batchSize + notBefore.size, batchSize * MAX_FETCH_BATCHES);
    const rows = await store.pendingOutbox(limit);
    if (rows.length < limit) forgetSettled(rows);
    const now = Date.now();
    const due = rows.filter((r) => (notBefore.get(r.id) ?? 0) <= now).slice(0, batchSize);
    if (due.length === 0) return false;

    const delivered: number[] = [];
    const failed: { row: OutboxEntry; poison: boolean }[] = [];
    let firstError: unknown = null;
    let next = 0;
    const workers = Array.from({ length: Math.min(concurrency, due.length) }, async () => {
      while (next < due.length) {
        const row = due[next++] as OutboxEntry;
        try {
          await send(parseStartSpec(row.signal));
          delivered.push(row.id);
        } catch (err) {
          const poison = err instanceof StartSpecError;
          failed.push({ row, poison });
          if (poison) logPoison(row, err);
          else if (firstError === null) firstError = err;
        }
      }
    });
    await Promise.all(workers);

    if (delivered.length > 0) {
      await store.markDelivered(delivered);
      for (const id of delivered) notBefore.delete(id);
    }
    const transient = failed.filter((f) => !f.poison);
    const outage = delivered.length === 0 && transient.length > 0;
    if (failed.length > 0) {
      await store.markAttempted(failed.map((f) => f.row.id));
      const at = Date.now();
      for (const f of failed) {
        if (f.poison) notBefore.set(f.row.id, at + POISON_BACKOFF_MS);
        // Some calls worked, these didn't: back off these rows only. (Outage: the pause covers all.)
        else if (!outage) notBefore.set(f.row.id, at + backoffFor(f.row));
      }
    }
    if (transient.length > 0) {
      // One line per round, not per row: an outage would otherwise log every pending delivery.
      log({
        level: 'warn',
        msg: 'signalWithStart failed; rows stay pending and will be retried',
        count: transient.length,
        outboxIds: transient.slice(0, 10).map((f) => f.row.id),
        error: describeError(firstError),
      });
    }
    if (outage) pause();
    else outageFailures = 0;
    return delivered.length === due.length && due.length === batchSize;
  }

  async function send(spec: StartSpec): Promise<void> {
    await client.withDeadline(Date.now() + callTimeoutMs, () =>
      client.workflow.signalWithStart(spec.workflowType, {
        workflowId: spec.workflowId,
        taskQueue: spec.taskQueue,
        args: spec.args,
        signal: spec.signal,
        signalArgs: spec.signalArgs,
        typedSearchAttributes: typedSearchAttributesOf(spec),
      }),
    );
  }

  function backoffFor(row: OutboxEntry): number {
    // `attempts` is the count before this failure's markAttempted, so it survives restarts.
    const exp = Math.min(BACKOFF_MAX_MS, BACKOFF_BASE_MS * 2 ** Math.min(row.attempts, 20));
    return exp / 2 + Math.random() * (exp / 2);
  }

  function pause(): void {
    outageFailures++;
    const ms = Math.min(BACKOFF_MAX_MS, BACKOFF_BASE_MS * 2 ** Math.min(outageFailures - 1, 20));
    pausedUntil = Date.now() + ms;
    log({ level: 'warn', msg: 'forwarder paused: Temporal or store unavailable', retryInMs: ms });
  }

  function nextDueIn(): number | null {
    if (notBefore.size === 0) return null;
    let soonest = Infinity;
    for (const t of notBefore.values()) soonest = Math.min(soonest, t);
    return Math.max(1, Math.min(idleMs, soonest - Date.now()));
  }

  /** The whole pending set was fetched: backoff entries for rows no longer pending are stale. */
  function forgetSettled(rows: OutboxEntry[]): void {
    if (notBefore.size === 0) return;
    const pending = new Set(rows.map((r) => r.id));
    for (const id of notBefore.keys()) if (!pending.has(id)) notBefore.delete(id);
  }

  function logPoison(row: OutboxEntry, err: unknown): void {
    log({
      level: 'error',
      msg: 'outbox row cannot be delivered as written; left pending for an operator',
      connector: row.connector,
      eventId: row.eventId,
      workflowId: row.workflowId,
      outboxIds: [row.id],
      error: describeError(err),
    });
  }

  return {
    start() {
      if (running) return;
      running = true;
      loop = run();
    },
    poke,
    async stop() {
      running = false;
      if (wake) wake();
      await loop;
      loop = null;
    },
    async drain(timeoutMs) {
      const deadline = Date.now() + timeoutMs;
      for (;;) {
        if ((await store.countOutbox({ delivered: false })) === 0) return true;
        if (Date.now() >= deadline) return false;
        poke();
        await new Promise((r) => setTimeout(r, Math.min(50, Math.max(1, deadline - Date.now()))));
      }
    },
  };
}
