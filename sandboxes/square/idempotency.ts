import { createHash } from 'node:crypto';
import { type SandboxResponse } from '../framework/server';
import { invalidRequest } from './errors';

/**
 * Idempotency keys (https://developer.squareup.com/docs/build-basics/common-api-patterns/idempotency):
 * "If you make the same request with the same idempotency key again ... the
 * endpoint returns the response as the first successful response. If you use
 * the same idempotency key but change the request ... you get an error".
 *
 * Keys are scoped per endpoint (operation). Only responses that committed a
 * write are remembered, so a request that failed validation (say a
 * VERSION_MISMATCH) can be corrected and retried under the same key.
 */

/**
 * Kept as JSON text, not object graphs: a long backfill remembers every batch
 * it sent, and text takes a fraction of the heap (replays parse it back, which
 * is also the fresh copy a replay must hand out).
 */
interface Remembered {
  /** Hash of the body as serialised (fast path). */
  quick: string;
  /** The request body as sent, for the key-order-insensitive comparison when `quick` differs. */
  bodyJson: string;
  status: number;
  headers: Record<string, string> | undefined;
  /** The response body as JSON text (undefined: no body). */
  responseJson: string | undefined;
  raw: string | Buffer | undefined;
}

/** Canonical JSON (sorted keys): the SDKs may serialise the same body in a different key order. */
function canonical(v: unknown): string {
  if (Array.isArray(v)) return `[${v.map(canonical).join(',')}]`;
  if (v && typeof v === 'object') {
    const o = v as Record<string, unknown>;
    return `{${Object.keys(o)
      .filter((k) => o[k] !== undefined)
      .sort()
      .map((k) => `${JSON.stringify(k)}:${canonical(o[k])}`)
      .join(',')}}`;
  }
  return JSON.stringify(v) ?? 'null';
}

/** Same request? Byte-identical bodies are (cheap); otherwise compare canonical forms. */
export function sameBody(a: unknown, b: unknown): boolean {
  return canonical(a) === canonical(b);
}

function quickHash(json: string): string {
  return createHash('sha256').update(json).digest('base64url');
}

export class IdempotencyStore {
  private readonly seen = new Map<string, Remembered>();

  /**
   * Runs `execute` once per (operation, key). A replay with the same body gets
   * the remembered response; a different body gets IDEMPOTENCY_KEY_REUSED.
   */
  run(operation: string, key: string, body: unknown, execute: () => { response: SandboxResponse; committed: boolean }): SandboxResponse {
    const scoped = `${operation}\u0000${key}`;
    const bodyJson = JSON.stringify(body) ?? '';
    const quick = quickHash(bodyJson);
    const prior = this.seen.get(scoped);
    if (prior) {
      if (prior.quick !== quick && !sameBody(JSON.parse(prior.bodyJson || 'null'), body)) {
        return invalidRequest('IDEMPOTENCY_KEY_REUSED', `The idempotency key \`${key}\` was already used for a different ${operation} request.`, 'idempotency_key');
      }
      const replay: SandboxResponse = { status: prior.status, ...(prior.headers ? { headers: { ...prior.headers } } : {}) };
      if (prior.responseJson !== undefined) replay.body = JSON.parse(prior.responseJson);
      if (prior.raw !== undefined) replay.raw = prior.raw;
      return replay;
    }
    const { response, committed } = execute();
    if (committed) {
      // The response goes out as JSON anyway; remembering its text is what a replay must answer.
      const responseJson = response.body === undefined ? undefined : JSON.stringify(response.body);
      this.seen.set(scoped, { quick, bodyJson, status: response.status, headers: response.headers, responseJson, raw: response.raw });
    }
    return response;
  }

  clear(): void {
    this.seen.clear();
  }

  get size(): number {
    return this.seen.size;
  }
}
