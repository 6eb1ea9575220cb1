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

interface Remembered {
  /** Hash of the body as serialised (fast path). */
  quick: string;
  /** The request body, for the key-order-insensitive comparison when `quick` differs. */
  body: unknown;
  response: SandboxResponse;
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

function quickHash(body: unknown): string {
  return createHash('sha256').update(JSON.stringify(body) ?? '').digest('base64url');
}

export class IdempotencyStore {
  private readonly seen = new Map<string, Remembered>();

  /**
   * Runs `execute` once per (operation, key). A replay with the same body gets
   * the remembered response; a different body gets IDEMPOTENCY_KEY_REUSED.
   */
  run(operation: string, key: string, body: unknown, execute: () => { response: SandboxResponse; committed: boolean }): SandboxResponse {
    const scoped = `${operation}\u0000${key}`;
    const quick = quickHash(body);
    const prior = this.seen.get(scoped);
    if (prior) {
      if (prior.quick !== quick && !sameBody(prior.body, body)) {
        return invalidRequest('IDEMPOTENCY_KEY_REUSED', `The idempotency key \`${key}\` was already used for a different ${operation} request.`, 'idempotency_key');
      }
      return structuredClone(prior.response);
    }
    const { response, committed } = execute();
    // Responses are fresh renders; stored objects are replaced, never mutated, so no copy is needed here.
    if (committed) this.seen.set(scoped, { quick, body, response });
    return response;
  }

  clear(): void {
    this.seen.clear();
  }

  get size(): number {
    return this.seen.size;
  }
}
