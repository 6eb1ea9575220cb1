import { type StripeObject } from './types';

/**
 * In-memory tables, one per resource, and the sandbox clock.
 *
 * Lists are newest first (https://docs.stripe.com/api/pagination: "sorted,
 * with the most recent ... appearing first"); objects created in the same
 * second keep their creation order through a sequence number.
 */

export class SandboxClock {
  private offset = 0;
  private frozen: number | null = null;

  /** Unix seconds as the sandbox sees them (objects' `created`). */
  now(): number {
    return this.frozen ?? Math.floor(Date.now() / 1000) + this.offset;
  }

  /** Moves time forward (e.g. past the 30-day event retention). */
  advance(seconds: number): void {
    if (this.frozen !== null) this.frozen += seconds;
    else this.offset += seconds;
  }

  /** Stops the clock at `at` (default: now) so several changes share one second. */
  freeze(at = this.now()): void {
    this.frozen = at;
  }

  unfreeze(): void {
    if (this.frozen !== null) this.offset = this.frozen - Math.floor(Date.now() / 1000);
    this.frozen = null;
  }

  reset(): void {
    this.offset = 0;
    this.frozen = null;
  }
}

interface Row<T> {
  obj: T;
  seq: number;
}

let seqCounter = 0;

export class Collection<T extends StripeObject> {
  private readonly rows = new Map<string, Row<T>>();

  constructor(
    readonly objectType: string,
    /** Word used in "No such <noun>: 'id'". */
    readonly noun: string,
  ) {}

  get(id: string): T | undefined {
    return this.rows.get(id)?.obj;
  }

  has(id: string): boolean {
    return this.rows.has(id);
  }

  insert(obj: T): T {
    this.rows.set(obj.id, { obj, seq: ++seqCounter });
    return obj;
  }

  /** Replaces an object, keeping its place in lists. */
  replace(obj: T): T {
    const row = this.rows.get(obj.id);
    if (!row) return this.insert(obj);
    row.obj = obj;
    return obj;
  }

  remove(id: string): boolean {
    return this.rows.delete(id);
  }

  /** All objects, newest first. */
  newestFirst(): T[] {
    return [...this.rows.values()]
      .sort((a, b) => Number(b.obj.created ?? 0) - Number(a.obj.created ?? 0) || b.seq - a.seq)
      .map((r) => r.obj);
  }

  get size(): number {
    return this.rows.size;
  }

  clear(): void {
    this.rows.clear();
  }
}
