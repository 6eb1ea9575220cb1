import { createHash } from 'node:crypto';
import { z } from 'zod';

/**
 * A record's identity in one external system. Every canonical record keeps the
 * list of systems it is known in, so an operator can always answer "which
 * Shopify product is this?".
 */
export const ExternalRef = z.object({
  /** Connector id from the YAML (e.g. `shop`), not the vendor kind. */
  connector: z.string().min(1),
  /** Vendor object type, e.g. `Product`, `ProductVariant`, `ITEM`. */
  type: z.string().min(1),
  id: z.string().min(1),
});
export type ExternalRef = z.infer<typeof ExternalRef>;

/** ISO 4217 alphabetic code, upper case. */
export const CurrencyCode = z.string().regex(/^[A-Z]{3}$/, 'ISO 4217 currency code, e.g. USD');

/** Money in integer minor units (cents for USD, yen for JPY) — never floats. */
export const Money = z.object({
  amount: z.number().int(),
  currency: CurrencyCode,
});
export type Money = z.infer<typeof Money>;

export const Timestamp = z.string().datetime({ offset: true });

/**
 * Canonical ids are ours. They are derived deterministically from the first
 * system a record was seen in, so a retried activity mints the same id and
 * never a duplicate. Prefix tells the entity at a glance (`prd_`, `var_`, ...).
 */
export function canonicalId(prefix: string, ref: ExternalRef): string {
  const digest = createHash('sha256').update(`${ref.connector}\u0000${ref.type}\u0000${ref.id}`).digest('base64url');
  return `${prefix}_${digest.slice(0, 22)}`;
}

/** Minor-unit exponent per ISO 4217 currency (default 2). */
const EXPONENTS: Readonly<Record<string, number>> = {
  BIF: 0, CLP: 0, DJF: 0, GNF: 0, ISK: 0, JPY: 0, KMF: 0, KRW: 0, PYG: 0, RWF: 0, UGX: 0, UYI: 0, VND: 0, VUV: 0, XAF: 0, XOF: 0, XPF: 0,
  BHD: 3, IQD: 3, JOD: 3, KWD: 3, LYD: 3, OMR: 3, TND: 3,
};
export function currencyExponent(currency: string): number {
  return EXPONENTS[currency] ?? 2;
}

/** "19.99" + USD → 1999. Exact decimal parsing, no float rounding. */
export function decimalToMinor(decimal: string, currency: string): number {
  const exp = currencyExponent(currency);
  const m = /^(-)?(\d+)(?:\.(\d+))?$/.exec(decimal.trim());
  if (!m) throw new Error(`not a decimal amount: ${JSON.stringify(decimal)}`);
  const frac = (m[3] ?? '').padEnd(exp, '0');
  if (frac.length > exp && /[1-9]/.test(frac.slice(exp))) {
    throw new Error(`${decimal} has more precision than ${currency} allows`);
  }
  const minor = Number(m[2]) * 10 ** exp + (exp ? Number(frac.slice(0, exp)) : 0);
  return m[1] ? -minor : minor;
}

/** 1999 + USD → "19.99". */
export function minorToDecimal(minor: number, currency: string): string {
  const exp = currencyExponent(currency);
  if (exp === 0) return String(minor);
  const sign = minor < 0 ? '-' : '';
  const abs = Math.abs(minor).toString().padStart(exp + 1, '0');
  return `${sign}${abs.slice(0, -exp)}.${abs.slice(-exp)}`;
}
