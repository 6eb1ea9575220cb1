import { randomBytes } from 'node:crypto';
import { mulberry32 } from '../framework/prng';

/**
 * Object ids with Stripe's prefixes (cus_, pi_, ch_, re_, dp_, promo_, po_,
 * txn_, evt_, we_, req_...). Random by default; a seeded generator makes the
 * seed data and tests reproducible.
 */

const ALPHABET = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789';

/** mulberry32: small, fast, deterministic. */
export const seededRandom = mulberry32;

const cryptoRandom = (): number => randomBytes(4).readUInt32BE(0) / 4294967296;

export class IdGenerator {
  constructor(private random: () => number = cryptoRandom) {}

  reseed(seed: number | null): void {
    this.random = seed === null ? cryptoRandom : seededRandom(seed);
  }

  chars(n: number, alphabet = ALPHABET): string {
    let s = '';
    for (let i = 0; i < n; i++) s += alphabet[Math.floor(this.random() * alphabet.length)];
    return s;
  }

  /** Customers and requests carry 14 characters, payment objects 24 ("1Pgc..." style). */
  id(prefix: string): string {
    const short = ['cus', 'req', 'prod'].includes(prefix);
    return `${prefix}_${short ? this.chars(14) : this.chars(24)}`;
  }

  /** Coupon ids are 8 upper-case characters when not chosen by the caller. */
  couponId(): string {
    return this.chars(8, 'ABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789');
  }

  /** whsec_ + 32 characters. */
  webhookSecret(): string {
    return `whsec_${this.chars(32)}`;
  }

  number(): number {
    return this.random();
  }
}
