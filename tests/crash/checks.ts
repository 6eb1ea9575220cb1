import { expect } from 'vitest';
import type { CrashRig } from './crash-rig';
import { canonicalStates, type ShopifyVariantView, type SquareItemView } from './vendor-views';

/** The crash test's checks on what each system ends up holding, and its diagnostics. */

type Log = (line: string) => void;

/** Stock writes the dead worker had recorded as pending (to be settled by the next attempt), by channel. */
export async function writesInFlight(r: CrashRig): Promise<string> {
  const states = [...(await canonicalStates(r.store, 'stock', 'main')).values()];
  const count = (f: (s: (typeof states)[number]) => boolean): number => states.filter(f).length;
  return `${count((s) => !!s.pending.shop)} Shopify and ${count((s) => !!s.pending.pos)} Square stock writes in flight (${count((s) => s.lease !== null)} keys under a bulk lease, of ${states.length})`;
}

export function countBy(xs: string[]): Record<string, number> {
  const out: Record<string, number> = {};
  for (const x of xs) out[x] = (out[x] ?? 0) + 1;
  return out;
}

async function variantLinks(r: CrashRig, shopify: Map<string, ShopifyVariantView>): Promise<Map<string, { canonical: string; variation: string | undefined }>> {
  const byGid = await r.store.findByExternal('shop', 'ProductVariant', [...shopify.keys()]);
  const canonicalIds = [...byGid.values()].map((l) => l.canonicalId);
  const variations = new Map((await r.store.findByCanonical('pos', canonicalIds)).filter((l) => l.externalType === 'ITEM_VARIATION').map((l) => [l.canonicalId, l.externalId]));
  const out = new Map<string, { canonical: string; variation: string | undefined }>();
  for (const [gid, l] of byGid) out.set(gid, { canonical: l.canonicalId, variation: variations.get(l.canonicalId) });
  return out;
}

export async function expectCatalogOnce(r: CrashRig, shopify: Map<string, ShopifyVariantView>, items: SquareItemView[], log: Log): Promise<void> {
  const products = new Map<string, { title: string; variants: string[] }>();
  for (const v of shopify.values()) {
    const p = products.get(v.product) ?? { title: v.title, variants: [] };
    p.variants.push(v.variant);
    products.set(v.product, p);
  }
  expect(products.size).toBe(r.seeded.products);
  if (items.length !== products.size) await describeDuplicates(r, items, log);
  // Counted through Square's API: as many items as Shopify has products, none twice.
  expect(items.length).toBe(products.size);
  expect(new Set(items.map((i) => i.id)).size).toBe(items.length);
  const names = countBy(items.map((i) => i.name));
  const titles = countBy([...products.values()].map((p) => p.title));
  const nameDiff = Object.keys({ ...names, ...titles }).filter((n) => names[n] !== titles[n]);
  expect(nameDiff.slice(0, 10), `${nameDiff.length} names differ in count between Shopify and Square`).toEqual([]);
  expect(items.reduce((n, i) => n + i.variations.length, 0)).toBe(shopify.size);

  // And through the id map: each product is one live item holding exactly its variants' variations.
  const productLinks = await r.store.findByExternal('shop', 'Product', [...products.keys()]);
  const itemOf = new Map((await r.store.findByCanonical('pos', [...productLinks.values()].map((l) => l.canonicalId))).filter((l) => l.externalType === 'ITEM').map((l) => [l.canonicalId, l.externalId]));
  const byId = new Map(items.map((i) => [i.id, i]));
  const links = await variantLinks(r, shopify);
  const wrong: string[] = [];
  for (const [gid, p] of products) {
    const canonical = productLinks.get(gid)?.canonicalId;
    const item = canonical ? byId.get(itemOf.get(canonical) ?? '') : undefined;
    if (!item) {
      wrong.push(`${gid}: no live Square item`);
      continue;
    }
    const expected = p.variants.map((v) => links.get(v)?.variation ?? `unlinked ${v}`).sort();
    if (JSON.stringify(expected) !== JSON.stringify([...item.variations].sort())) wrong.push(`${gid}: variations ${JSON.stringify(item.variations)} ≠ ${JSON.stringify(expected)}`);
  }
  expect(wrong.slice(0, 10), `${wrong.length} products wrong in Square`).toEqual([]);
  expect(new Set(itemOf.values()).size).toBe(products.size);

  // Image files: each item shows as many as its product has in Shopify, and Square holds no file twice or left over.
  const pictures = new Map<string, number>();
  for (const gid of products.keys()) pictures.set(gid, r.shopify.state.products.get(Number(gid.split('/').pop()))?.media.length ?? 0);
  const shortOf: string[] = [];
  for (const [gid, n] of pictures) {
    const item = byId.get(itemOf.get(productLinks.get(gid)?.canonicalId ?? '') ?? '');
    if (item && item.images.length !== n) shortOf.push(`${gid}: ${item.images.length} of ${n} images`);
  }
  expect(shortOf.slice(0, 10), `${shortOf.length} products with the wrong images in Square`).toEqual([]);
  const expectedFiles = [...pictures.values()].reduce((a, b) => a + b, 0);
  expect(expectedFiles).toBeGreaterThan(products.size / 2);
  const files = r.square.objects('IMAGE').map((o) => o.id);
  log(`Square holds ${files.length} image files for ${expectedFiles} Shopify images`);
  expect(files.length).toBe(expectedFiles);
  expect(new Set(items.flatMap((i) => i.images)).size).toBe(expectedFiles);
}

/** Diagnostics for a failed run: Square items no product links to (created twice), and what ran. */
async function describeDuplicates(r: CrashRig, items: SquareItemView[], log: Log): Promise<void> {
  const linked = await r.store.findByExternal('pos', 'ITEM', items.map((i) => i.id));
  const orphans = items.filter((i) => !linked.has(i.id));
  const byMinute = countBy(orphans.map((i) => i.updatedAt.slice(0, 19)));
  log(`${orphans.length} Square items are in no product's id map; created at ${JSON.stringify(byMinute)}; e.g. ${orphans.slice(0, 5).map((i) => `${i.id} "${i.name}" (${i.variations.length} variations)`).join(', ')}`);
  for (const type of ['productSync', 'catalogChanges', 'inventoryIntake', 'inventorySync']) {
    log(`${type}: ${(await r.client.workflow.count(`WorkflowType = '${type}'`)).count} workflow runs`);
  }
}

export async function expectStockAddsUp(r: CrashRig, shopify: Map<string, ShopifyVariantView>, initial: Map<string, ShopifyVariantView>, inStock: Map<string, number>, deltas: Map<string, number>, log: Log): Promise<void> {
  const states = await canonicalStates(r.store, 'stock', 'main');
  const links = await variantLinks(r, shopify);
  const wrong: string[] = [];
  let moved = 0;
  for (const [gid, view] of shopify) {
    const link = links.get(gid);
    const state = link ? states.get(link.canonical) : undefined;
    if (!link || !link.variation || !state) {
      wrong.push(`${gid}: ${!link ? 'not in the id map' : !link.variation ? 'no Square variation' : 'no inventory state'}`);
      continue;
    }
    const delta = deltas.get(link.canonical) ?? 0;
    if (delta !== 0) moved++;
    const expected = initial.get(gid)!.available + delta;
    const seen = { canonical: state.canonical, shopify: view.available, square: inStock.get(link.variation) ?? 0, pending: Object.keys(state.pending).length, lease: state.lease !== null };
    if (seen.canonical !== expected || seen.shopify !== expected || seen.square !== expected || seen.pending || seen.lease) {
      wrong.push(`${gid} (${link.canonical}): expected ${expected} (initial ${initial.get(gid)!.available} + ${delta}), got ${JSON.stringify(seen)}`);
    }
  }
  log(`stock checked for ${shopify.size} SKU × location, ${moved} of them moved by the stream; ${wrong.length} wrong`);
  expect(states.size).toBe(shopify.size);
  expect(wrong.slice(0, 20), `${wrong.length} SKU × location wrong`).toEqual([]);
}
