/**
 * Seeded randomness shared by every sandbox's seed generator and id minting:
 * mulberry32, small and fast, deterministic across machines and Node versions,
 * so the same seed always produces the same catalogue, customers and ids.
 */
export function mulberry32(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}
