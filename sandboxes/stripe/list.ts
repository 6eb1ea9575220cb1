import { invalidRequest, resourceMissing } from './errors';
import { allowOnly, int, str, sub } from './form';
import { type FormObject, type Json, type StripeObject } from './types';

/**
 * List endpoints (https://docs.stripe.com/api/pagination): `limit` 1..100
 * (default 10), `starting_after` / `ending_before` object-id cursors, and the
 * list object `{object: 'list', data, has_more, url}`.
 * `created` filters (https://docs.stripe.com/api/customers/list#list_customers-created)
 * take an exact timestamp or `created[gt|gte|lt|lte]`.
 */

export const PAGINATION_PARAMS = ['limit', 'starting_after', 'ending_before', 'created'] as const;

export interface ListObject {
  object: 'list';
  data: StripeObject[];
  has_more: boolean;
  url: string;
  [key: string]: Json;
}

export function createdFilter(form: FormObject, key = 'created'): (o: StripeObject) => boolean {
  const raw = form[key];
  if (raw === undefined) return () => true;
  const value = (o: StripeObject): number => Number(o[key] ?? 0);
  if (typeof raw === 'string') {
    const exact = int(form, key);
    return (o) => value(o) === exact;
  }
  const range = sub(form, key) ?? {};
  allowOnlyRange(range, key);
  const gt = int(range, 'gt');
  const gte = int(range, 'gte');
  const lt = int(range, 'lt');
  const lte = int(range, 'lte');
  return (o) => {
    const v = value(o);
    return (gt === undefined || v > gt) && (gte === undefined || v >= gte) && (lt === undefined || v < lt) && (lte === undefined || v <= lte);
  };
}

function allowOnlyRange(range: FormObject, key: string): void {
  for (const k of Object.keys(range)) if (!['gt', 'gte', 'lt', 'lte'].includes(k)) throw invalidRequest(`Received unknown parameter: ${key}[${k}]`, `${key}[${k}]`, 'parameter_unknown');
}

/**
 * Pages `all` (already filtered, newest first). The cursor object must exist
 * in the full (unfiltered) table, else 404 resource_missing as Stripe answers.
 */
export function paginate(form: FormObject, all: StripeObject[], url: string, noun: string, exists: (id: string) => boolean): ListObject {
  const limit = int(form, 'limit') ?? 10;
  if (limit < 1 || limit > 100) throw invalidRequest(`Invalid limit: must be between 1 and 100`, 'limit', 'parameter_invalid_integer');
  const after = str(form, 'starting_after');
  const before = str(form, 'ending_before');
  if (after && before) throw invalidRequest('You may only specify one of these parameters: starting_after, ending_before.', 'ending_before');
  const cursor = after ?? before;
  if (cursor !== undefined && cursor !== '' && !exists(cursor)) throw resourceMissing(noun, cursor, after ? 'starting_after' : 'ending_before');
  if (after) {
    const i = all.findIndex((o) => o.id === after);
    const rest = i < 0 ? [] : all.slice(i + 1);
    return { object: 'list', data: rest.slice(0, limit), has_more: rest.length > limit, url };
  }
  if (before) {
    const i = all.findIndex((o) => o.id === before);
    const newer = i < 0 ? [] : all.slice(0, i);
    return { object: 'list', data: newer.slice(Math.max(0, newer.length - limit)), has_more: newer.length > limit, url };
  }
  return { object: 'list', data: all.slice(0, limit), has_more: all.length > limit, url };
}

/** Common shape of a list handler: allowed filters, then paginate. */
export function listParams(form: FormObject, filters: readonly string[]): void {
  allowOnly(form, [...PAGINATION_PARAMS, ...filters]);
}
