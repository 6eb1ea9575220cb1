import { hash } from 'node:crypto';

/**
 * Content hashes for change detection and echo suppression: when we write a
 * record to a vendor and its webhook comes back, the re-read record hashes
 * to what we wrote and is dropped. That only works if equal content always
 * hashes equally, so the JSON is canonical: object keys sorted, no
 * whitespace, and anything JSON would silently drop or mangle is refused.
 */

export class HashError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'HashError';
  }
}

/** sha256 (hex) of `canonicalJson(value)`. */
export function stableHash(value: unknown): string {
  return hash('sha256', canonicalJson(value), 'hex');
}

/**
 * JSON with object keys sorted at every depth. Properties whose value is
 * `undefined` are omitted (as JSON.stringify does), so `{a: undefined}` and
 * `{}` are the same content. Non-finite numbers, bigints, functions, symbols,
 * Maps, Sets and cycles throw HashError rather than hash to something lossy.
 */
export function canonicalJson(value: unknown): string {
  // The fast path keeps no paths and no ancestor set (a backfill hashes every
  // product several times); anything it refuses is re-run on the careful path,
  // which finds the offending path for the message.
  let out: string | undefined;
  try {
    out = fast(value, 0);
  } catch (err) {
    if (!(err instanceof Refused)) throw err;
    out = serialize(value, new Set<object>(), '$');
  }
  if (out === undefined) throw new HashError('cannot hash undefined');
  return out;
}

/** Thrown by the fast path for anything the careful path must explain. */
class Refused extends Error {}
const REFUSED = new Refused();
/** Deeper than any record we hash: treated as a possible cycle and handed to the careful path. */
const MAX_FAST_DEPTH = 100;
const quotedKeys = new Map<string, string>();

function quoteKey(key: string): string {
  let q = quotedKeys.get(key);
  if (q === undefined) {
    q = JSON.stringify(key);
    if (quotedKeys.size < 10_000) quotedKeys.set(key, q);
  }
  return q;
}

/**
 * The keys in code-unit order, as Array.prototype.sort orders strings, sorted
 * in place: records come from mappers that build their objects in one fixed
 * order, so this is an insertion sort of a short, nearly sorted list with no
 * copy made (long lists take the built-in sort).
 */
function sortKeys(keys: string[]): string[] {
  if (keys.length > 32) return keys.sort();
  for (let i = 1; i < keys.length; i++) {
    const key = keys[i]!;
    let j = i - 1;
    while (j >= 0 && keys[j]! > key) {
      keys[j + 1] = keys[j]!;
      j--;
    }
    keys[j + 1] = key;
  }
  return keys;
}

function fast(value: unknown, depth: number): string | undefined {
  switch (typeof value) {
    case 'string':
      return JSON.stringify(value);
    case 'number':
      if (!Number.isFinite(value)) throw REFUSED;
      return String(value); // as JSON.stringify for finite numbers, -0 included
    case 'boolean':
      return value ? 'true' : 'false';
    case 'undefined':
      return undefined;
    case 'object': {
      if (value === null) return 'null';
      if (depth > MAX_FAST_DEPTH || value instanceof Map || value instanceof Set) throw REFUSED;
      if (Array.isArray(value)) {
        let out = '[';
        for (let i = 0; i < value.length; i++) out += (i ? ',' : '') + (fast(value[i], depth + 1) ?? 'null');
        return `${out}]`;
      }
      const toJSON: unknown = (value as { toJSON?: unknown }).toJSON;
      if (typeof toJSON === 'function') return fast(toJSON.call(value) as unknown, depth + 1);
      const keys = sortKeys(Object.keys(value));
      let out = '{';
      let first = true;
      for (const key of keys) {
        const child = fast((value as { [k: string]: unknown })[key], depth + 1);
        if (child === undefined) continue;
        out += (first ? '' : ',') + quoteKey(key) + ':' + child;
        first = false;
      }
      return `${out}}`;
    }
    default:
      throw REFUSED;
  }
}

function serialize(value: unknown, ancestors: Set<object>, path: string): string | undefined {
  switch (typeof value) {
    case 'undefined':
      return undefined;
    case 'boolean':
      return value ? 'true' : 'false';
    case 'string':
      return JSON.stringify(value);
    case 'number':
      if (!Number.isFinite(value)) throw new HashError(`${path}: ${value} has no JSON form`);
      return JSON.stringify(value); // also normalises -0 to 0
    case 'bigint':
    case 'symbol':
    case 'function':
      throw new HashError(`${path}: a ${typeof value} has no JSON form`);
    case 'object':
      return value === null ? 'null' : serializeObject(value, ancestors, path);
  }
}

function serializeObject(value: object, ancestors: Set<object>, path: string): string | undefined {
  if (value instanceof Map || value instanceof Set) throw new HashError(`${path}: Map/Set would serialise as {}`);
  const toJSON: unknown = (value as { toJSON?: unknown }).toJSON;
  if (typeof toJSON === 'function') return serialize(toJSON.call(value) as unknown, ancestors, path);
  if (ancestors.has(value)) throw new HashError(`${path}: circular reference`);
  ancestors.add(value);
  try {
    if (Array.isArray(value)) {
      const items = value.map((item: unknown, i) => serialize(item, ancestors, `${path}[${i}]`) ?? 'null');
      return `[${items.join(',')}]`;
    }
    const entries: string[] = [];
    for (const key of Object.keys(value).sort()) {
      const child = serialize((value as { [k: string]: unknown })[key], ancestors, `${path}.${key}`);
      if (child !== undefined) entries.push(`${JSON.stringify(key)}:${child}`);
    }
    return `{${entries.join(',')}}`;
  } finally {
    ancestors.delete(value);
  }
}
