/**
 * Seeded randomness for the catalogue generator: a 32-bit hash to derive one
 * independent stream per (seed, product, purpose), and mulberry32 for the
 * stream itself. Deterministic across machines and Node versions.
 */

/** 32-bit integer hash (murmur3 finaliser over a combined word). */
export function mix(a: number, b: number): number {
  let h = Math.imul(a ^ Math.imul(b, 0x85ebca6b), 0xcc9e2d51) ^ (b >>> 16);
  h ^= h >>> 16;
  h = Math.imul(h, 0x85ebca6b);
  h ^= h >>> 13;
  h = Math.imul(h, 0xc2b2ae35);
  h ^= h >>> 16;
  return h >>> 0;
}

/** Small, fast, well-distributed PRNG; returns floats in [0, 1). */
export { mulberry32 } from '../framework/prng';

export function pick<T>(r: () => number, items: readonly T[]): T {
  return items[Math.floor(r() * items.length)]!;
}

/** `n` distinct items in their list order. */
export function pickSome<T>(r: () => number, items: readonly T[], n: number): T[] {
  const chosen = new Set<number>();
  while (chosen.size < Math.min(n, items.length)) chosen.add(Math.floor(r() * items.length));
  return [...chosen].sort((a, b) => a - b).map((i) => items[i]!);
}
