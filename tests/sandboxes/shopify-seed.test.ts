import { describe, expect, it } from 'vitest';
import { ProductStore } from '../../sandboxes/shopify/product-store';
import { SeededCatalog } from '../../sandboxes/shopify/seed';
import { createShopifySandbox } from '../../sandboxes/shopify/index';
import { SECRET, SHOP, TOKEN } from './shopify-harness';

describe('Shopify sandbox: deterministic seed catalogue', () => {
  it('given the same seed, when generated twice (and through the API), then the data is identical; another seed differs', async () => {
    const a = new SeededCatalog({ products: 500, seed: 42 });
    const b = new SeededCatalog({ products: 500, seed: 42 });
    const c = new SeededCatalog({ products: 500, seed: 43 });
    for (const i of [1, 2, 250, 499, 500]) expect(a.generate(i)).toEqual(b.generate(i));
    expect([1, 2, 3, 4, 5].map((i) => c.generate(i).title)).not.toEqual([1, 2, 3, 4, 5].map((i) => a.generate(i).title));

    const q = '{ products(first: 20) { nodes { id title handle vendor tags variants(first: 10) { nodes { sku price barcode } } } } }';
    const one = createShopifySandbox({ shop: SHOP, accessToken: TOKEN, webhookSecret: SECRET, seed: { products: 20, seed: 42 } });
    const two = createShopifySandbox({ shop: SHOP, accessToken: TOKEN, webhookSecret: SECRET, seed: { products: 20, seed: 42 } });
    const [x, y] = await Promise.all([one.graphql(q), two.graphql(q)]);
    expect((x.body as { data: unknown }).data).toEqual((y.body as { data: unknown }).data);
  });

  it('given 5,000 seeded products, then handles and SKUs are unique and every record looks like a real apparel/outdoor listing', () => {
    const cat = new SeededCatalog({ products: 5000, seed: 7 });
    const handles = new Set<string>();
    const skus = new Set<string>();
    const variantCounts = new Set<number>();
    const problems: string[] = [];
    const check = (ok: boolean, what: string): void => {
      if (!ok && problems.length < 20) problems.push(what);
    };
    let onSale = 0;
    let variantsTotal = 0;
    for (let i = 1; i <= 5000; i++) {
      const p = cat.generate(i);
      handles.add(p.handle);
      check(/^[a-z0-9]+(-[a-z0-9]+)*$/.test(p.handle), `handle ${p.handle}`);
      check(p.variants.length >= 1 && p.variants.length <= 6 && p.variants.length === cat.variantCount(i), `variant count of #${i}`);
      variantCounts.add(p.variants.length);
      variantsTotal += p.variants.length;
      const optionNames = p.options.map((o) => o.name).join('+');
      check(['Title', 'Size', 'Color', 'Size+Color'].includes(optionNames), `options ${optionNames}`);
      if (optionNames.startsWith('Size')) check(p.options[0]!.values.every((v) => ['S', 'M', 'L', 'XL'].includes(v.name)), `sizes of #${i}`);
      const skuShape = new RegExp(`^SKU-${String(i).padStart(6, '0')}(-(S|M|L|XL))?(-[A-Z]{3})?$`);
      for (const v of p.variants) {
        check(v.sku !== null && skuShape.test(v.sku), `sku ${v.sku}`);
        skus.add(v.sku!);
        check(/^\d+\.\d{2}$/.test(v.price), `price ${v.price}`);
        check(v.barcode !== null && /^\d{12}$/.test(v.barcode), `barcode ${v.barcode}`);
        check(v.compareAtPrice === null || Number(v.compareAtPrice) > Number(v.price), `compareAtPrice of ${v.sku}`);
        check(v.optionValues.length === p.options.length, `option values of ${v.sku}`);
      }
      if (p.variants[0]!.compareAtPrice !== null) onSale++;
      check(p.createdAt <= p.updatedAt, `timestamps of #${i}`);
      check(!p.media[0] || /^https:\/\/cdn\.shopify\.com\/.+\.jpg/.test(p.media[0].url), `image of #${i}`);
      check(p.seoTitle === null || p.seoTitle.startsWith(p.title), `seo of #${i}`);
      const meta = cat.meta(i);
      check(meta.createdAt === p.createdAt && meta.updatedAt === p.updatedAt && meta.status === p.status, `meta of #${i}`);
      check(cat.indexOfHandle(p.handle) === i, `handle lookup of #${i}`);
    }
    expect(problems).toEqual([]);
    expect(handles.size).toBe(5000);
    expect(skus.size).toBe(variantsTotal);
    expect([...variantCounts].sort()).toEqual([1, 2, 3, 4, 5, 6]);
    expect(onSale / 5000).toBeGreaterThan(0.15);
    expect(onSale / 5000).toBeLessThan(0.35);
  });

  it('given one million products, when the store is built, then it fits in a few tens of MB and any product can be produced', () => {
    const before = process.memoryUsage().heapUsed;
    const store = new ProductStore(new SeededCatalog({ products: 1_000_000, seed: 1 }));
    const grown = process.memoryUsage().heapUsed - before;
    expect(store.size).toBe(1_000_000);
    expect(store.variantCount).toBeGreaterThan(2_000_000);
    expect(grown).toBeLessThan(150 * 1024 * 1024);
    const last = store.get(8_000_001_000_000);
    expect(last?.variants[0]?.sku).toMatch(/^SKU-1000000/);
  });
});
