import { GraphQLError } from 'graphql';

/**
 * Relay-style cursor pagination shared by GraphQL sandboxes.
 *
 * The pager walks a sorted sequence by index, so a page costs O(page size)
 * (plus the rows a filter skips), never O(collection). Cursors are opaque
 * base64 JSON `{"last_id":…,"last_value":…}`, the same form Shopify's Admin API
 * hands out, and they locate their row by (value, id), so a cursor keeps
 * working after its row was deleted.
 */

export interface ConnectionArgs {
  first: number | null;
  last: number | null;
  after: string | null;
  before: string | null;
  reverse: boolean;
}

export interface CursorKey {
  id: number;
  value: string | number | null;
}

export interface ConnectionLimits {
  /** Largest page a client may ask for (Shopify: 250). */
  maxPageSize: number;
  /** Message when neither first nor last is given (null = allowed, meaning "everything"). */
  requireFirstOrLast: string | null;
}

/** Reads first/last/after/before/reverse from resolver args and applies the vendor's rules. */
export function readConnectionArgs(args: Record<string, unknown>, limits: ConnectionLimits): ConnectionArgs {
  const first = typeof args.first === 'number' ? args.first : null;
  const last = typeof args.last === 'number' ? args.last : null;
  if (first === null && last === null && limits.requireFirstOrLast) {
    throw new GraphQLError(limits.requireFirstOrLast);
  }
  for (const [name, v] of [['first', first], ['last', last]] as const) {
    if (v !== null && (v < 0 || v > limits.maxPageSize)) {
      throw new GraphQLError(`The value of the argument '${name}' must be between 0 and ${limits.maxPageSize}.`, {
        extensions: { code: 'BAD_REQUEST' },
      });
    }
  }
  return {
    first,
    last,
    after: typeof args.after === 'string' ? args.after : null,
    before: typeof args.before === 'string' ? args.before : null,
    reverse: args.reverse === true,
  };
}

export function encodeCursor(key: CursorKey): string {
  const value = typeof key.value === 'number' ? String(key.value) : JSON.stringify(key.value);
  return Buffer.from(`{"last_id":${key.id},"last_value":${value}}`, 'utf8').toString('base64');
}

export function decodeCursor(cursor: string, invalidMessage = 'Invalid cursor for current pagination sort.'): CursorKey {
  try {
    const parsed: unknown = JSON.parse(Buffer.from(cursor, 'base64').toString('utf8'));
    if (parsed && typeof parsed === 'object' && 'last_id' in parsed && typeof parsed.last_id === 'number') {
      const value = 'last_value' in parsed ? parsed.last_value : null;
      if (value === null || typeof value === 'string' || typeof value === 'number') return { id: parsed.last_id, value };
    }
  } catch {
    // fall through to the vendor-shaped error below
  }
  throw new GraphQLError(invalidMessage, { extensions: { code: 'BAD_REQUEST' } });
}

/** Position of a cursor in a sequence: rows strictly before it, and whether its row still exists. */
export interface Located {
  before: number;
  exact: boolean;
}

/** The same location seen from the other end of a sequence of `length` rows. */
export function locateReversed(length: number, loc: Located): Located {
  return { before: length - loc.before - (loc.exact ? 1 : 0), exact: loc.exact };
}

/** A sorted sequence the pager can index without materialising it. */
export interface Sequence<T> {
  readonly length: number;
  at(index: number): T;
  locate(key: CursorKey): Located;
}

export interface Page<T> {
  items: T[];
  hasNextPage: boolean;
  hasPreviousPage: boolean;
}

/**
 * One page of `seq` under `args` (already validated), keeping only rows that
 * pass `match`. hasNextPage/hasPreviousPage are exact, as Shopify reports them.
 */
export function paginate<T>(seq: Sequence<T>, args: ConnectionArgs, match: ((item: T) => boolean) | null, decode = decodeCursor): Page<T> {
  const ok = match ?? (() => true);
  let lo = 0;
  let hi = seq.length;
  if (args.after) {
    const loc = seq.locate(decode(args.after));
    lo = loc.before + (loc.exact ? 1 : 0);
  }
  if (args.before) hi = Math.min(hi, seq.locate(decode(args.before)).before);
  const picked: { index: number; item: T }[] = [];
  if (args.first !== null) {
    for (let i = lo; i < hi && picked.length < args.first; i++) {
      const item = seq.at(i);
      if (ok(item)) picked.push({ index: i, item });
    }
    if (args.last !== null && picked.length > args.last) picked.splice(0, picked.length - args.last);
  } else {
    const want = args.last ?? Number.POSITIVE_INFINITY;
    for (let i = hi - 1; i >= lo && picked.length < want; i--) {
      const item = seq.at(i);
      if (ok(item)) picked.push({ index: i, item });
    }
    picked.reverse();
  }
  const firstIndex = picked[0]?.index ?? lo;
  const lastIndex = picked.length ? picked[picked.length - 1]!.index : hi - 1;
  return {
    items: picked.map((p) => p.item),
    hasPreviousPage: anyMatch(seq, ok, firstIndex - 1, -1),
    hasNextPage: anyMatch(seq, ok, lastIndex + 1, seq.length),
  };
}

function anyMatch<T>(seq: Sequence<T>, ok: (item: T) => boolean, from: number, to: number): boolean {
  const step = from <= to ? 1 : -1;
  for (let i = from; i !== to; i += step) {
    if (i < 0 || i >= seq.length) return false;
    if (ok(seq.at(i))) return true;
  }
  return false;
}

/** A sequence over a small in-memory array ordered by (value, id). */
export function arraySequence<T>(items: readonly T[], keyOf: (item: T) => CursorKey, reverse = false): Sequence<T> {
  const ordered = reverse ? [...items].reverse() : items;
  return {
    length: ordered.length,
    at: (i) => ordered[i]!,
    locate: (key) => {
      let before = 0;
      let exact = false;
      for (const item of items) {
        const k = keyOf(item);
        const c = compareKeys(k, key);
        if (c < 0) before++;
        else if (c === 0) exact = true;
      }
      const loc = { before, exact };
      return reverse ? locateReversed(items.length, loc) : loc;
    },
  };
}

export function compareKeys(a: CursorKey, b: CursorKey): number {
  if (a.value !== b.value) {
    if (a.value === null) return -1;
    if (b.value === null) return 1;
    if (typeof a.value === 'number' && typeof b.value === 'number') return a.value - b.value;
    const sa = String(a.value);
    const sb = String(b.value);
    if (sa !== sb) return sa < sb ? -1 : 1;
  }
  return a.id - b.id;
}

/** A sequence over `at(0..length)`, read back to front when `reverse` (cursors stay valid both ways). */
export function orientSequence(length: number, at: (i: number) => number, locate: (k: CursorKey) => Located, reverse: boolean): Sequence<number> {
  if (!reverse) return { length, at, locate };
  return { length, at: (i) => at(length - 1 - i), locate: (k) => locateReversed(length, locate(k)) };
}

/** Where `key` falls in ids/values sorted by compareKeys (binary search). */
export function locateSorted(ids: readonly number[], values: readonly (string | number)[], key: CursorKey): Located {
  let lo = 0;
  let hi = ids.length;
  while (lo < hi) {
    const mid = (lo + hi) >>> 1;
    if (compareKeys({ id: ids[mid]!, value: values[mid]! }, key) < 0) lo = mid + 1;
    else hi = mid;
  }
  return { before: lo, exact: ids[lo] === key.id };
}

/** First index whose value is ≥ x in an ascending array. */
export function lowerBound(sorted: readonly number[], x: number): number {
  let lo = 0;
  let hi = sorted.length;
  while (lo < hi) {
    const mid = (lo + hi) >>> 1;
    if (sorted[mid]! < x) lo = mid + 1;
    else hi = mid;
  }
  return lo;
}
