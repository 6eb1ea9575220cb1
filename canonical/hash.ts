import { createHash } from 'node:crypto';

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
  return createHash('sha256').update(canonicalJson(value)).digest('hex');
}

/**
 * JSON with object keys sorted at every depth. Properties whose value is
 * `undefined` are omitted (as JSON.stringify does), so `{a: undefined}` and
 * `{}` are the same content. Non-finite numbers, bigints, functions, symbols,
 * Maps, Sets and cycles throw HashError rather than hash to something lossy.
 */
export function canonicalJson(value: unknown): string {
  const out = serialize(value, new Set<object>(), '$');
  if (out === undefined) throw new HashError('cannot hash undefined');
  return out;
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
