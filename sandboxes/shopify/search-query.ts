import type { ProductRecord, ProductStatus } from './records';
import { totalInventory, variantTitle } from './records';
import type { SeedMeta } from './seed';
import { parseSearchTime } from './shop-time';

/**
 * Shopify's search syntax for `products(query:)` and `productsCount(query:)`:
 * terms joined by whitespace/AND, OR, NOT or a leading "-", parentheses,
 * comparators `:`, `:<`, `:<=`, `:>`, `:>=`, quoted values and a trailing `*`
 * wildcard. Unknown fields are ignored with a warning, as Shopify does.
 * https://shopify.dev/docs/api/usage/search-syntax
 */

/** What a filter may read; `record()` is only called for fields that need the whole product. */
export interface SearchCandidate {
  id: number;
  meta(): SeedMeta;
  record(): ProductRecord;
}

export interface SearchWarning {
  field: string;
  message: string;
}

export interface CompiledSearch {
  match: (c: SearchCandidate) => boolean;
  warnings: SearchWarning[];
}

export type Op = ':' | ':<' | ':<=' | ':>' | ':>=';
export type Node = { kind: 'and' | 'or'; items: Node[] } | { kind: 'not'; item: Node } | { kind: 'term'; field: string | null; op: Op; value: string };

export function compileSearch(query: string, timeZone: string, now: number): CompiledSearch {
  const warnings: SearchWarning[] = [];
  const ast = parseSearch(query);
  const compile = (n: Node): ((c: SearchCandidate) => boolean) => compileTree(n, (t) => compileTerm(t, timeZone, now));
  // Warnings depend on the query only, so they are computed once up front.
  collectWarnings(ast, warnings, timeZone, now);
  return { match: compile(ast), warnings };
}

/** Search syntax → tree (shared by every resource's `query:` argument). */
export function parseSearch(query: string): Node {
  const tokens = tokenize(query);
  let pos = 0;
  const peek = (): string | undefined => tokens[pos];
  const parseOr = (): Node => {
    const items = [parseAnd()];
    while (peek() === 'OR') {
      pos++;
      items.push(parseAnd());
    }
    return items.length === 1 ? items[0]! : { kind: 'or', items };
  };
  const parseAnd = (): Node => {
    const items: Node[] = [];
    while (pos < tokens.length && peek() !== 'OR' && peek() !== ')') {
      if (peek() === 'AND') {
        pos++;
        continue;
      }
      items.push(parseUnary());
    }
    return items.length === 1 ? items[0]! : { kind: 'and', items };
  };
  const parseUnary = (): Node => {
    const t = tokens[pos++]!;
    if (t === 'NOT') return { kind: 'not', item: parseUnary() };
    if (t === '(') {
      const inner = parseOr();
      if (peek() === ')') pos++;
      return inner;
    }
    if (t.startsWith('-') && t.length > 1) return { kind: 'not', item: term(t.slice(1)) };
    return term(t);
  };
  return tokens.length ? parseOr() : { kind: 'and', items: [] };
}

/** Tree → predicate, with `leaf` compiling each term. */
export function compileTree<C>(n: Node, leaf: (t: Extract<Node, { kind: 'term' }>) => (c: C) => boolean): (c: C) => boolean {
  switch (n.kind) {
    case 'and': {
      const parts = n.items.map((i) => compileTree(i, leaf));
      return (c) => parts.every((p) => p(c));
    }
    case 'or': {
      const parts = n.items.map((i) => compileTree(i, leaf));
      return (c) => parts.some((p) => p(c));
    }
    case 'not': {
      const inner = compileTree(n.item, leaf);
      return (c) => !inner(c);
    }
    default:
      return leaf(n);
  }
}

function tokenize(query: string): string[] {
  const tokens: string[] = [];
  let i = 0;
  while (i < query.length) {
    const ch = query[i]!;
    if (/\s/.test(ch)) {
      i++;
      continue;
    }
    if (ch === '(' || ch === ')') {
      tokens.push(ch);
      i++;
      continue;
    }
    let tok = '';
    while (i < query.length && !/\s/.test(query[i]!) && query[i] !== '(' && query[i] !== ')') {
      const q = query[i]!;
      if (q === '"' || q === "'") {
        const end = query.indexOf(q, i + 1);
        const stop = end === -1 ? query.length : end;
        tok += query.slice(i + 1, stop);
        i = stop + 1;
      } else {
        tok += q;
        i++;
      }
    }
    tokens.push(tok);
  }
  return tokens;
}

function term(text: string): Node {
  const m = /^([a-z_]+):(<=|>=|<|>)?(.*)$/i.exec(text);
  if (!m) return { kind: 'term', field: null, op: ':', value: text };
  return { kind: 'term', field: m[1]!.toLowerCase(), op: `:${m[2] ?? ''}` as Op, value: m[3]! };
}

const TIME_FIELDS = new Set(['created_at', 'updated_at', 'published_at']);
const KNOWN_FIELDS = new Set([
  ...TIME_FIELDS, 'status', 'id', 'title', 'vendor', 'product_type', 'handle', 'tag', 'tag_not', 'sku', 'barcode',
  'inventory_total', 'variant_id', 'variant_title', 'price', 'gift_card', 'has_only_default_variant',
]);

function collectWarnings(n: Node, out: SearchWarning[], timeZone: string, now: number): void {
  switch (n.kind) {
    case 'and':
    case 'or':
      n.items.forEach((i) => collectWarnings(i, out, timeZone, now));
      return;
    case 'not':
      collectWarnings(n.item, out, timeZone, now);
      return;
    default:
      if (n.field === null) return;
      if (!KNOWN_FIELDS.has(n.field)) out.push({ field: n.field, message: 'Invalid search field for this query.' });
      else if (TIME_FIELDS.has(n.field) && parseSearchTime(n.value, timeZone, now) === null) out.push({ field: n.field, message: `Invalid time value '${n.value}'.` });
  }
}

export function compare(a: number, op: Op, b: number): boolean {
  switch (op) {
    case ':<':
      return a < b;
    case ':<=':
      return a <= b;
    case ':>':
      return a > b;
    case ':>=':
      return a >= b;
    default:
      return a === b;
  }
}

/** Case-insensitive equality, or prefix match when the value ends with `*`. */
export function textEq(actual: string, wanted: string): boolean {
  const a = actual.toLowerCase();
  const w = wanted.toLowerCase();
  return w.endsWith('*') ? a.startsWith(w.slice(0, -1)) : a === w;
}

/** Case-insensitive phrase containment, `*` allowed as a trailing wildcard. */
export function textContains(actual: string, wanted: string): boolean {
  return actual.toLowerCase().includes(wanted.toLowerCase().replace(/\*$/, ''));
}

/** A term → predicate, with its value parsed once (filters run per product). */
function compileTerm(t: Extract<Node, { kind: 'term' }>, timeZone: string, now: number): (c: SearchCandidate) => boolean {
  const v = t.value;
  const list = v.split(',').map((s) => s.trim()).filter(Boolean);
  switch (t.field) {
    case null:
      return (c) => {
        const p = c.record();
        const hay = [p.title, p.vendor, p.productType, p.handle, ...p.tags, ...p.variants.map((x) => x.sku ?? '')].join(' ');
        return textContains(hay, v);
      };
    case 'created_at':
    case 'updated_at':
    case 'published_at': {
      const when = parseSearchTime(v, timeZone, now);
      if (when === null) return () => true;
      const field = t.field;
      return (c) => {
        const meta = c.meta();
        const actual = field === 'created_at' ? meta.createdAt : field === 'updated_at' ? meta.updatedAt : meta.publishedAt;
        return actual !== null && compare(actual, t.op, when);
      };
    }
    case 'status': {
      const wanted = new Set(list.map((x) => x.toUpperCase()));
      return (c) => wanted.has(c.meta().status as ProductStatus);
    }
    case 'id':
      return (c) => compare(c.id, t.op, Number(v));
    case 'title':
      return (c) => textContains(c.record().title, v);
    case 'vendor':
      return (c) => list.some((x) => textEq(c.record().vendor, x));
    case 'product_type':
      return (c) => list.some((x) => textEq(c.record().productType, x));
    case 'handle':
      return (c) => list.some((x) => textEq(c.record().handle, x));
    case 'tag':
      return (c) => c.record().tags.some((tag) => textEq(tag, v));
    case 'tag_not':
      return (c) => !c.record().tags.some((tag) => textEq(tag, v));
    case 'sku':
      return (c) => c.record().variants.some((x) => x.sku !== null && textEq(x.sku, v));
    case 'barcode':
      return (c) => c.record().variants.some((x) => x.barcode !== null && textEq(x.barcode, v));
    case 'variant_id':
      return (c) => c.record().variants.some((x) => x.id === Number(v));
    case 'variant_title':
      return (c) => c.record().variants.some((x) => textEq(variantTitle(x), v));
    case 'price':
      return (c) => c.record().variants.some((x) => compare(Number(x.price), t.op, Number(v)));
    case 'inventory_total':
      return (c) => compare(totalInventory(c.record()), t.op, Number(v));
    case 'gift_card':
      return () => v.toLowerCase() === 'false';
    case 'has_only_default_variant':
      return (c) => {
        const p = c.record();
        const only = p.variants.length === 1 && p.variants[0]!.optionValues[0] === 'Default Title';
        return only === (v.toLowerCase() === 'true');
      };
    default:
      return () => true; // unknown field: ignored, reported in warnings
  }
}
