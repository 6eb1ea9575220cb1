import { hash } from 'node:crypto';
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
  const digest = hash('sha256', `${ref.connector}\u0000${ref.type}\u0000${ref.id}`, 'base64url');
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

/** Thrown when an amount cannot be represented exactly in minor units. */
export class AmountError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'AmountError';
  }
}

/**
 * "19.99" + USD → 1999. Exact decimal parsing via BigInt, no float rounding:
 * vendors send decimals as strings precisely so that nobody rounds them.
 * Trailing zeros beyond the currency's exponent are fine ("1500.00" JPY);
 * significant digits beyond it are refused, never silently rounded.
 */
export function decimalToMinor(decimal: string, currency: string): number {
  const exp = currencyExponent(currency);
  const m = /^([-+])?(\d+)(?:\.(\d+))?$/.exec(decimal.trim());
  if (!m) throw new AmountError(`not a decimal amount: ${JSON.stringify(decimal)}`);
  const digits = m[3] ?? '';
  if (digits.length > exp && /[1-9]/.test(digits.slice(exp))) {
    throw new AmountError(`${decimal} has more precision than ${currency} allows (${exp} decimal places)`);
  }
  const frac = digits.slice(0, exp).padEnd(exp, '0');
  const minor = BigInt(`${m[2]}${frac}`);
  if (minor > BigInt(Number.MAX_SAFE_INTEGER)) {
    throw new AmountError(`${decimal} ${currency} is too large to hold exactly in minor units`);
  }
  // `-0` is normalised to 0 so equal amounts hash equally.
  return m[1] === '-' && minor !== 0n ? -Number(minor) : Number(minor);
}

/** 1999 + USD → "19.99"; 1500 + JPY → "1500"; 1234 + KWD → "1.234". */
export function minorToDecimal(minor: number, currency: string): string {
  if (!Number.isSafeInteger(minor)) throw new AmountError(`not an integer amount of minor units: ${minor}`);
  const exp = currencyExponent(currency);
  const sign = minor < 0 ? '-' : '';
  const abs = Math.abs(minor).toString();
  if (exp === 0) return `${sign}${abs}`;
  const padded = abs.padStart(exp + 1, '0');
  return `${sign}${padded.slice(0, -exp)}.${padded.slice(-exp)}`;
}

/**
 * Schema for one of our ids: `prefix_` followed by url-safe characters
 * (what `canonicalId` mints). Checking the prefix catches an order id passed
 * where a customer id belongs.
 */
export function canonicalIdSchema(prefix: string) {
  return z.string().regex(new RegExp(`^${prefix}_[A-Za-z0-9_-]+$`), `a canonical id starting with ${prefix}_`);
}

/** Calendar date without time (due dates, issue dates), YYYY-MM-DD. */
export const IsoDate = z.iso.date();

/** Exact decimal as a string ("1.5", "0.0825"): quantities and rates that may be fractional. */
export const DecimalString = z.string().regex(/^-?\d+(\.\d+)?$/, 'a decimal number as a string, e.g. "1.5"');

/** ISO 3166-1 alpha-2 country code, upper case. */
export const CountryCode = z.string().regex(/^[A-Z]{2}$/, 'ISO 3166-1 alpha-2 country code, e.g. US');

/** IANA time zone name, checked against the runtime's tz database. */
export const TimeZone = z.string().refine(isTimeZone, 'an IANA time zone, e.g. America/New_York');

function isTimeZone(name: string): boolean {
  try {
    new Intl.DateTimeFormat('en-US', { timeZone: name });
    return true;
  } catch {
    return false;
  }
}
