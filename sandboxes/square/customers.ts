import { apiError, SquareApiError } from './errors';
import { clampLimit, clean, newCustomerId, paginate, parseTime, sortBy, str, type Clock } from './pos-util';
import { isRecord } from './types';

/**
 * Customer directory. https://developer.squareup.com/reference/square/customers-api
 * - `version` starts at 0 and grows by one per update; an update or delete
 *   naming another version fails with VERSION_MISMATCH
 *   (https://developer.squareup.com/docs/build-basics/common-api-patterns/optimistic-concurrency);
 * - a profile needs one of given_name, family_name, company_name, email_address, phone_number;
 * - `preferences.email_unsubscribed` is false until the buyer unsubscribes
 *   (a Dashboard action here: the API cannot set it).
 */

export type Customer = Record<string, unknown> & { id: string; version: number; created_at: string; updated_at: string };

const WRITABLE = ['given_name', 'family_name', 'company_name', 'nickname', 'email_address', 'address', 'phone_number', 'reference_id', 'note', 'birthday', 'tax_ids'];
const IDENTIFYING = ['given_name', 'family_name', 'company_name', 'email_address', 'phone_number'];
export const CUSTOMER_PAGE_MAX = 100;

function checkFields(data: Record<string, unknown>, at: string): void {
  const email = str(data.email_address);
  if (email && !/^[^@\s]+@[^@\s]+\.[^@\s]+$/.test(email)) throw apiError('INVALID_EMAIL_ADDRESS', `Invalid email address \`${email}\`.`, at ? `${at}.email_address` : 'email_address');
  const phone = str(data.phone_number);
  if (phone && !/^\+?[\d\s().-]{7,20}$/.test(phone)) throw apiError('INVALID_PHONE_NUMBER', `Invalid phone number \`${phone}\`.`, at ? `${at}.phone_number` : 'phone_number');
  const birthday = str(data.birthday);
  if (birthday && !/^(\d{4}|0000)-\d{2}-\d{2}$|^\d{2}-\d{2}$/.test(birthday)) throw apiError('INVALID_VALUE', 'birthday must be YYYY-MM-DD or MM-DD.', at ? `${at}.birthday` : 'birthday');
}

export class CustomerStore {
  readonly byId = new Map<string, Customer>();

  constructor(private readonly deps: { clock: Clock; emit: (type: string, customer: Customer, extra?: Record<string, unknown>) => void }) {}

  create(data: Record<string, unknown>, at = '', source = 'THIRD_PARTY'): Customer {
    if (!IDENTIFYING.some((k) => str(data[k]))) {
      throw apiError('MISSING_REQUIRED_PARAMETER', 'At least one of given_name, family_name, company_name, email_address or phone_number is required.', at || undefined);
    }
    checkFields(data, at);
    const now = this.deps.clock.now();
    const fields = Object.fromEntries(WRITABLE.filter((k) => data[k] !== undefined && data[k] !== null).map((k) => [k, data[k]]));
    const customer: Customer = { id: newCustomerId(), created_at: now, updated_at: now, ...fields, preferences: { email_unsubscribed: false }, creation_source: source, version: 0 };
    this.byId.set(customer.id, customer);
    this.deps.emit('customer.created', customer);
    return structuredClone(customer);
  }

  /** Sparse update: fields sent replace, `null` clears, others stay. */
  update(id: string, data: Record<string, unknown>, at = ''): Customer {
    const current = this.byId.get(id);
    if (!current) throw new SquareApiError([{ category: 'INVALID_REQUEST_ERROR', code: 'NOT_FOUND', detail: `Customer with ID \`${id}\` not found.` }], 404);
    if (typeof data.version === 'number' && data.version !== current.version) {
      throw apiError('VERSION_MISMATCH', `Customer \`${id}\` is at version ${current.version}, not ${data.version}.`, at ? `${at}.version` : 'version');
    }
    checkFields(data, at);
    const next: Customer = { ...current };
    for (const k of WRITABLE) {
      if (data[k] === null) delete next[k];
      else if (data[k] !== undefined) next[k] = data[k];
    }
    next.version = current.version + 1;
    next.updated_at = this.deps.clock.now();
    this.byId.set(id, next);
    this.deps.emit('customer.updated', next);
    return structuredClone(next);
  }

  setUnsubscribed(id: string, unsubscribed: boolean): Customer {
    const current = this.byId.get(id);
    if (!current) throw new Error(`no customer ${id}`);
    const next: Customer = { ...current, preferences: { email_unsubscribed: unsubscribed }, version: current.version + 1, updated_at: this.deps.clock.now() };
    this.byId.set(id, next);
    this.deps.emit('customer.updated', next);
    return structuredClone(next);
  }

  delete(id: string, version?: number): void {
    const current = this.byId.get(id);
    if (!current) throw new SquareApiError([{ category: 'INVALID_REQUEST_ERROR', code: 'NOT_FOUND', detail: `Customer with ID \`${id}\` not found.` }], 404);
    if (version !== undefined && version !== current.version) throw apiError('VERSION_MISMATCH', `Customer \`${id}\` is at version ${current.version}, not ${version}.`, 'version');
    this.byId.delete(id);
    this.deps.emit('customer.deleted', current, { deleted: true });
  }

  get(id: string): Customer | undefined {
    const c = this.byId.get(id);
    return c ? structuredClone(c) : undefined;
  }

  /**
   * SearchCustomers / ListCustomers: filter, then sort (DEFAULT = by name,
   * CREATED_AT) and page with a keyset cursor.
   * https://developer.squareup.com/docs/customers-api/use-the-api/search-customers
   */
  search(body: Record<string, unknown>, generation: number): { customers: Customer[]; cursor?: string; count?: number } {
    const query = isRecord(body.query) ? body.query : {};
    const filter = isRecord(query.filter) ? query.filter : {};
    const sort = isRecord(query.sort) ? query.sort : {};
    const preds: ((c: Customer) => boolean)[] = [];
    for (const attr of ['email_address', 'phone_number', 'reference_id']) {
      const f = filter[attr];
      if (!isRecord(f)) continue;
      const exact = str(f.exact)?.toLowerCase();
      const fuzzy = str(f.fuzzy)?.toLowerCase();
      if (exact !== undefined) preds.push((c) => str(c[attr])?.toLowerCase() === exact);
      if (fuzzy !== undefined) {
        const tokens = fuzzy.split(/[^a-z0-9+]+/).filter(Boolean);
        preds.push((c) => {
          const v = str(c[attr])?.toLowerCase() ?? '';
          return tokens.length > 0 && tokens.every((t) => v.includes(t));
        });
      }
    }
    for (const attr of ['created_at', 'updated_at']) {
      const r = filter[attr];
      if (!isRecord(r)) continue;
      const start = parseTime(r.start_at, `query.filter.${attr}.start_at`);
      const end = parseTime(r.end_at, `query.filter.${attr}.end_at`);
      preds.push((c) => {
        const t = Date.parse(String(c[attr]));
        return (start === undefined || t >= start) && (end === undefined || t <= end);
      });
    }
    const source = isRecord(filter.creation_source) ? filter.creation_source : null;
    if (source && Array.isArray(source.values)) {
      const values = new Set(source.values.map(String));
      const exclude = source.rule === 'EXCLUDE';
      preds.push((c) => values.has(String(c.creation_source)) !== exclude);
    }
    const field = str(sort.field) ?? 'DEFAULT';
    const desc = sort.order === 'DESC';
    const key = (c: Customer): string =>
      field === 'CREATED_AT' ? `${c.created_at}|${c.id}` : `${[c.given_name, c.family_name, c.company_name].map((v) => str(v)?.toLowerCase() ?? '\uffff').join('\u0001')}|${c.created_at}|${c.id}`;
    const matching = [...this.byId.values()].filter((c) => preds.every((p) => p(c)));
    const limit = clampLimit(body.limit, CUSTOMER_PAGE_MAX);
    const { page, cursor } = paginate(sortBy(matching, key, desc), key, { cursor: body.cursor, limit, request: { f: filter, s: field, d: desc }, generation, desc });
    return clean({ customers: page.map((c) => structuredClone(c)), cursor, count: body.count === true ? matching.length : undefined });
  }

  clear(): void {
    this.byId.clear();
  }
}
