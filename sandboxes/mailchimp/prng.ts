import { mulberry32 } from '../framework/prng';

/** Deterministic randomness (mulberry32): the same seed gives the same ids and data. */
export class Prng {
  readonly next: () => number;
  constructor(seed: number) {
    this.next = mulberry32(seed);
  }
  int(maxExclusive: number): number {
    return Math.floor(this.next() * maxExclusive);
  }
  hex(len: number): string {
    let out = '';
    while (out.length < len) out += this.int(16).toString(16);
    return out;
  }
  pick<T>(items: readonly T[]): T {
    return items[this.int(items.length)] as T;
  }
}
