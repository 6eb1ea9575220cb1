import { mulberry32 } from '../framework/prng';

/**
 * Deterministic randomness for the Xero sandbox: seeded data, record ids and
 * webhook entropy are reproducible run to run (mulberry32).
 */
export class Prng {
  readonly next: () => number;

  constructor(seed: number) {
    this.next = mulberry32(seed);
  }

  int(min: number, max: number): number {
    return min + Math.floor(this.next() * (max - min + 1));
  }

  pick<T>(list: readonly T[]): T {
    const v = list[Math.floor(this.next() * list.length)];
    if (v === undefined) throw new Error('pick from an empty list');
    return v;
  }

  /** RFC 4122 version-4 shaped GUID (Xero ids are GUIDs). */
  uuid(): string {
    const hex = Array.from({ length: 32 }, () => Math.floor(this.next() * 16).toString(16));
    hex[12] = '4';
    hex[16] = ((parseInt(hex[16] ?? '0', 16) & 0x3) | 0x8).toString(16);
    const s = hex.join('');
    return `${s.slice(0, 8)}-${s.slice(8, 12)}-${s.slice(12, 16)}-${s.slice(16, 20)}-${s.slice(20)}`;
  }

  /** Upper-case letters, like the `entropy` of Xero webhook payloads. */
  letters(n: number): string {
    return Array.from({ length: n }, () => String.fromCharCode(65 + Math.floor(this.next() * 26))).join('');
  }
}
