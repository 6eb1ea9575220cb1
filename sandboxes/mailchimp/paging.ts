import { MailchimpError } from './errors';
import { isRecord } from './types';

/**
 * Pagination and partial responses, as https://mailchimp.com/developer/marketing/docs/methods-parameters/
 * describes them: `count` (default 10, max 1000) and `offset` (default 0);
 * collections carry `total_items`. `fields` / `exclude_fields` take
 * comma-separated dotted paths ("members.email_address,total_items").
 */

export const DEFAULT_COUNT = 10;
export const MAX_COUNT = 1000;

export function pageParams(query: URLSearchParams): { count: number; offset: number } {
  const c = query.get('count');
  const o = query.get('offset');
  const count = c === null ? DEFAULT_COUNT : Number(c);
  const offset = o === null ? 0 : Number(o);
  if (!Number.isInteger(count) || count < 0) throw new MailchimpError(400, 'Invalid Resource', 'count must be a non-negative integer', [{ field: 'count', message: 'This value should be a positive integer.' }]);
  if (!Number.isInteger(offset) || offset < 0) throw new MailchimpError(400, 'Invalid Resource', 'offset must be a non-negative integer', [{ field: 'offset', message: 'This value should be a positive integer.' }]);
  return { count: Math.min(count, MAX_COUNT), offset };
}

export function paginate<T>(items: T[], query: URLSearchParams): { page: T[]; total: number } {
  const { count, offset } = pageParams(query);
  return { page: items.slice(offset, offset + count), total: items.length };
}

type PathTree = Map<string, PathTree | true>;

function tree(spec: string | null): PathTree | null {
  if (!spec) return null;
  const root: PathTree = new Map();
  for (const raw of spec.split(',')) {
    const parts = raw.trim().split('.').filter(Boolean);
    let node = root;
    parts.forEach((p, i) => {
      if (i === parts.length - 1) node.set(p, true);
      else {
        const next = node.get(p);
        if (next === true) return;
        const child: PathTree = next ?? new Map();
        node.set(p, child);
        node = child;
      }
    });
  }
  return root;
}

function pick(value: unknown, t: PathTree): unknown {
  if (Array.isArray(value)) return value.map((v) => pick(v, t));
  if (!isRecord(value)) return value;
  const out: { [key: string]: unknown } = {};
  for (const [k, sub] of t) {
    if (!(k in value)) continue;
    out[k] = sub === true ? value[k] : pick(value[k], sub);
  }
  return out;
}

function omit(value: unknown, t: PathTree): unknown {
  if (Array.isArray(value)) return value.map((v) => omit(v, t));
  if (!isRecord(value)) return value;
  const out: { [key: string]: unknown } = {};
  for (const [k, v] of Object.entries(value)) {
    const sub = t.get(k);
    if (sub === true) continue;
    out[k] = sub ? omit(v, sub) : v;
  }
  return out;
}

export function applyFields(body: unknown, fields: string | null, exclude: string | null): unknown {
  const f = tree(fields);
  const e = tree(exclude);
  let out = body;
  if (f) out = pick(out, f);
  if (e) out = omit(out, e);
  return out;
}
