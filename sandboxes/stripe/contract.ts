import { existsSync, readFileSync } from 'node:fs';
import { type ContractCheck } from '../framework/server';
import { specPath } from '../framework/specs';
import { isJsonObject, type Json, type JsonObject } from './types';

/**
 * Stripe publishes no spec alongside this repo, only the fixtures stripe-mock
 * serves (<specs>/stripe/fixtures3.json, see ../shared/specs/README.md): one
 * example object per resource with every property the API renders. The check
 * derives a shape per `object` type from them: every fixture key must be
 * present (null allowed), `object` must name a known resource, and a
 * non-null value must have the fixture's JSON type (a string id may come back
 * as an object when expanded). Lists, search results and event payloads are
 * checked element by element; error bodies against https://docs.stripe.com/api/errors.
 * Without the fixtures file the check stands down (no violations).
 */

/** Properties Stripe only renders on request ("includable", https://docs.stripe.com/api/expanding_objects#includable-properties). */
const INCLUDABLE: Readonly<Record<string, readonly string[]>> = {
  charge: ['refunds'],
};

const ERROR_TYPES = ['api_error', 'card_error', 'idempotency_error', 'invalid_request_error'];

let cached: Map<string, JsonObject> | null | undefined;

export function loadFixtures(): Map<string, JsonObject> | null {
  if (cached !== undefined) return cached;
  const file = specPath('stripe', 'fixtures3.json');
  if (!existsSync(file)) return (cached = null);
  const doc = JSON.parse(readFileSync(file, 'utf8')) as { resources?: JsonObject };
  cached = new Map();
  for (const [k, v] of Object.entries(doc.resources ?? {})) if (isJsonObject(v)) cached.set(k, v);
  return cached;
}

function kind(v: Json): string {
  return v === null ? 'null' : Array.isArray(v) ? 'array' : typeof v;
}

export function checkObject(fixtures: Map<string, JsonObject>, value: Json, where: string): string[] {
  if (!isJsonObject(value)) return [`${where}: expected an object, got ${kind(value)}`];
  const type = value.object;
  if (typeof type !== 'string') return [`${where}: missing string \`object\``];
  if (type === 'list' || type === 'search_result') {
    const out: string[] = [];
    for (const k of type === 'list' ? ['data', 'has_more', 'url'] : ['data', 'has_more', 'next_page', 'url']) if (!(k in value)) out.push(`${where}: ${type} without \`${k}\``);
    if (Array.isArray(value.data)) value.data.forEach((d, i) => out.push(...checkObject(fixtures, d, `${where}.data[${i}]`)));
    return out;
  }
  const key = value.deleted === true ? `deleted_${type}` : type;
  const fixture = fixtures.get(key);
  if (!fixture) return [`${where}: \`object\` "${type}" is not a Stripe resource in the fixtures`];
  const out: string[] = [];
  const skip = value.deleted === true ? [] : (INCLUDABLE[type] ?? []);
  for (const [k, example] of Object.entries(fixture)) {
    if (skip.includes(k)) continue;
    if (!(k in value)) {
      out.push(`${where}: ${type} lacks \`${k}\``);
      continue;
    }
    const got = value[k] ?? null;
    if (got === null || example === null) continue;
    const expected = kind(example), actual = kind(got);
    if (expected !== actual && !(expected === 'string' && actual === 'object')) out.push(`${where}.${k}: expected ${expected}, got ${actual}`);
  }
  if (type === 'event' && isJsonObject(value.data ?? null)) {
    const data = value.data as JsonObject;
    if (data.object !== undefined) out.push(...checkObject(fixtures, data.object, `${where}.data.object`));
  }
  return out;
}

export function checkError(body: Json): string[] {
  if (!isJsonObject(body) || !isJsonObject(body.error ?? null)) return ['error response without an `error` object'];
  const e = body.error as JsonObject;
  const out: string[] = [];
  if (typeof e.message !== 'string') out.push('error.message must be a string');
  if (typeof e.type !== 'string' || !ERROR_TYPES.includes(e.type)) out.push(`error.type must be one of ${ERROR_TYPES.join(', ')}`);
  return out;
}

/** The server hook: API routes only (/_sandbox/ is ours). */
export function stripeContractCheck(): ContractCheck {
  const fixtures = loadFixtures();
  return {
    check(route, req, res) {
      if (!fixtures || !route || route.pattern.startsWith('/_sandbox/') || res.raw !== undefined) return [];
      const body = JSON.parse(JSON.stringify(res.body ?? null)) as Json;
      const messages = res.status >= 400 ? checkError(body) : checkObject(fixtures, body, `${req.method} ${route.pattern}`);
      if (!res.headers?.['request-id']?.startsWith('req_')) messages.push('response without a Request-Id header');
      return messages;
    },
  };
}
