import { randomBytes, randomUUID } from 'node:crypto';
import { decodeCursor, encodeCursor, requestHash } from './cursor';
import { apiError } from './errors';
import { isRecord, type Money } from './types';

/**
 * Shared pieces of the POS APIs (Inventory, Customers, Orders, Payments,
 * Refunds, Gift Cards): ids shaped like Square's, a strictly increasing
 * clock, money and decimal-quantity arithmetic, and keyset pagination.
 * https://developer.squareup.com/docs/build-basics/common-api-patterns/pagination
 */

const BASE62 = '0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz';
const BASE32 = 'ABCDEFGHIJKLMNOPQRSTUVWXYZ234567';

function draw(alphabet: string, length: number): string {
  const bytes = randomBytes(length);
  let out = '';
  for (let i = 0; i < length; i++) out += alphabet[(bytes[i] ?? 0) % alphabet.length];
  return out;
}

/** Order and payment ids: 29 base62 chars ending in "ZY"/"eY" like `eA3vssLHKJrv9H0IdJCM3gNqfdcZY` (spec examples). */
export const newOrderId = (): string => `${draw(BASE62, 27)}eY`;
export const newPaymentId = (): string => `${draw(BASE62, 27)}ZY`;
/** Refund ids are `<payment id>_<random>` (RefundCreatedEvent example). */
export const newRefundId = (paymentId: string): string => `${paymentId}_${draw(BASE62, 44)}`;
/** Customer ids: 26 upper-case base32 (`QPTXM8PQNX3Q726ZYHPMNP46XC`). */
export const newCustomerId = (): string => draw(BASE32, 26);
/** Inventory change ids: 26 upper-case base32. */
export const newInventoryId = (): string => draw(BASE32, 26);
export const newGiftCardId = (): string => `gftc:${randomBytes(16).toString('hex')}`;
export const newGiftCardActivityId = (): string => `gcact_${randomBytes(16).toString('hex')}`;
/** Square GANs are 16 digits starting 7783 3200 (sandbox test gift card). */
export const newGan = (): string => `77833200${String(Math.floor(Math.random() * 1e8)).padStart(8, '0')}`;
export const newUid = (): string => draw(BASE62, 22);
export const newVersionToken = (): string => draw(BASE62, 45);
export const uuid = (): string => randomUUID();

/** Strictly increasing ms timestamps: two writes never share an instant, so "after T" cursors have no gaps. */
export class Clock {
  private last = 0;
  nowMs(): number {
    this.last = Math.max(Date.now(), this.last + 1);
    return this.last;
  }
  now(): string {
    return new Date(this.nowMs()).toISOString();
  }
}

export const money = (amount: number, currency: string): Money => ({ amount, currency });
export const amountOf = (m: unknown): number => (isRecord(m) && typeof m.amount === 'number' ? m.amount : 0);
export const currencyOf = (m: unknown): string | undefined => (isRecord(m) && typeof m.currency === 'string' ? m.currency : undefined);

/** Round half to even (bankers' rounding), as Square rounds computed tax and discount amounts. */
export function roundHalfEven(x: number): number {
  const r = Math.round(x);
  const diff = Math.abs(x % 1);
  if (Math.abs(diff - 0.5) < 1e-9) return r % 2 === 0 ? r : r - 1;
  return r;
}

/** Quantities are decimal strings with up to 5 fraction digits ("1", "2.5"). */
export function parseQuantity(q: unknown, field: string): number {
  if (typeof q !== 'string' || !/^-?\d{1,12}(\.\d{1,5})?$/.test(q)) throw apiError('INVALID_VALUE', `\`${field}\` must be a decimal string with at most 5 decimal places.`, field);
  return Number(q);
}

export function formatQuantity(n: number): string {
  const s = (Math.round(n * 1e5) / 1e5).toFixed(5).replace(/\.?0+$/, '');
  return s === '-0' ? '0' : s;
}

export function parseTime(v: unknown, field: string): number | undefined {
  if (v === undefined || v === null || v === '') return undefined;
  const t = typeof v === 'string' ? Date.parse(v) : NaN;
  if (Number.isNaN(t)) throw apiError('INVALID_TIME', `\`${field}\` must be an RFC 3339 timestamp.`, field);
  return t;
}

export function clampLimit(v: unknown, max: number, def = max, field = 'limit'): number {
  if (v === undefined || v === null) return def;
  const n = typeof v === 'number' ? v : Number(v);
  if (!Number.isInteger(n) || n < 1) throw apiError('INVALID_VALUE', `\`${field}\` must be between 1 and ${max}.`, field);
  return Math.min(n, max);
}

/**
 * Keyset pagination over a list already sorted by `key`: a cursor remembers
 * the key of the last item returned (never an offset), so records written
 * between pages are neither skipped nor repeated. Keys must be unique.
 */
export function paginate<T>(sorted: readonly T[], key: (t: T) => string, opts: { cursor?: unknown; limit: number; request: unknown; generation: number; desc?: boolean }): { page: T[]; cursor?: string } {
  const hash = requestHash(opts.request);
  const from = decodeCursor(typeof opts.cursor === 'string' ? opts.cursor : undefined, opts.generation, hash);
  const after = from && Array.isArray(from.k) ? from.k[0] : null;
  const page: T[] = [];
  let more = false;
  for (const t of sorted) {
    const k = key(t);
    if (after !== null && (opts.desc ? k >= after : k <= after)) continue;
    if (page.length >= opts.limit) {
      more = true;
      break;
    }
    page.push(t);
  }
  const last = page[page.length - 1];
  return { page, ...(more && last ? { cursor: encodeCursor({ g: opts.generation, h: hash, k: [key(last), 0] }) } : {}) };
}

/** Sort helper: by string key, ascending or descending. */
export function sortBy<T>(list: Iterable<T>, key: (t: T) => string, desc = false): T[] {
  return [...list].sort((a, b) => (key(a) < key(b) ? -1 : key(a) > key(b) ? 1 : 0) * (desc ? -1 : 1));
}

export const str = (v: unknown): string | undefined => (typeof v === 'string' ? v : undefined);
export const strings = (v: unknown): string[] => (Array.isArray(v) ? v.filter((x): x is string => typeof x === 'string') : []);
export const records = (v: unknown): Record<string, unknown>[] => (Array.isArray(v) ? v.filter(isRecord) : []);

export function requireField(body: Record<string, unknown>, field: string, at = field): void {
  if (body[field] === undefined || body[field] === null || body[field] === '') throw apiError('MISSING_REQUIRED_PARAMETER', `Missing required parameter \`${at}\`.`, at);
}

/** Drops undefined values and empty arrays (Square omits unset fields). */
export function clean<T extends Record<string, unknown>>(o: T): T {
  const out: Record<string, unknown> = {};
  for (const [k, v] of Object.entries(o)) if (v !== undefined && v !== null && !(Array.isArray(v) && v.length === 0)) out[k] = v;
  return out as T;
}
