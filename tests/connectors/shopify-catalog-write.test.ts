import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Product } from '../../canonical/product';
import type { ShopifyConnectorConfig } from '../../config/schema';
import { createShopifyConnector, type ShopifyConnector } from '../../connectors/shopify';
import { VendorError } from '../../connectors/types';
import { createShopifySandbox, type ShopifySandbox } from '../../sandboxes/shopify';

/**
 * Writing fields another system owns into existing Shopify products, through
 * the official SDK against the sandbox (2025-01 schema): only what differs is
 * sent, and a refusal is a 422 VendorError the activity quarantines.
 */

const SHOP = 'fields-outfitters.myshopify.com';
const TOKEN = 'shpat_fields_0123456789abcdef';
let sandbox: ShopifySandbox;
let shopify: ShopifyConnector;

async function read(gid: string): Promise<Product> {
  const mapped = await shopify.catalog.getProduct(gid);
  if (!mapped?.ok) throw new Error(`cannot read ${gid}`);
  return mapped.record;
}

const mutations = () => [...sandbox.server.coverage.entries()].filter(([k]) => k.startsWith('mutation ')).reduce((n, [, c]) => n + c, 0);

beforeAll(async () => {
  sandbox = createShopifySandbox({ shop: SHOP, accessToken: TOKEN, webhookSecret: 'fields-secret', seed: { products: 3, seed: 11 }, limits: 'off', webhookTimeScale: 0.001 });
  await sandbox.start();
  const cfg: ShopifyConnectorConfig = { kind: 'shopify', shop: SHOP, accessToken: { env: 'T' }, webhookSecret: { env: 'S' }, apiVersion: '2025-01', baseUrl: sandbox.baseUrl };
  shopify = createShopifyConnector('shop', cfg, (ref) => (ref.env === 'T' ? TOKEN : 'fields-secret'));
}, 30_000);

afterAll(async () => {
  expect(sandbox.server.violations).toEqual([]);
  await sandbox?.stop();
});

describe('Shopify catalog: writing fields owned elsewhere', () => {
  it('given a POS price and SKU and a PIM title, when written, then Shopify holds them and nothing else changed', async () => {
    const [gid] = (await shopify.catalog.listProducts({ cursor: null, pageSize: 3 })).items.map((m) => m.externalId);
    const now = await read(gid!);
    const [first, ...rest] = now.variants;
    const target: Product = { ...now, title: 'Written by Switchyard', variants: [{ ...first!, price: { amount: 4321, currency: 'USD' }, sku: 'POS-4321', barcode: '0812345678905' }, ...rest] };
    await shopify.catalog.updateProductFields(target, now, ['title', 'price', 'sku', 'barcode']);
    const after = await read(gid!);
    expect(after.title).toBe('Written by Switchyard');
    expect(after.variants[0]).toMatchObject({ price: { amount: 4321, currency: 'USD' }, sku: 'POS-4321', barcode: '0812345678905' });
    expect(after.variants.slice(1)).toEqual(rest);
    expect({ ...after, title: now.title, variants: now.variants, updatedAt: now.updatedAt }).toEqual(now);
  });

  it('given nothing differs, when written, then no mutation is sent', async () => {
    const [gid] = (await shopify.catalog.listProducts({ cursor: null, pageSize: 3 })).items.map((m) => m.externalId);
    const now = await read(gid!);
    const before = mutations();
    await shopify.catalog.updateProductFields(now, now, ['title', 'price', 'sku', 'status', 'seo.title']);
    expect(mutations()).toBe(before);
  });

  it('given a value Shopify refuses, when written, then the userErrors come back as a 422 VendorError naming the field', async () => {
    const gids = (await shopify.catalog.listProducts({ cursor: null, pageSize: 3 })).items.map((m) => m.externalId);
    const [a, b] = [await read(gids[0]!), await read(gids[1]!)];
    const err = await shopify.catalog.updateProductFields({ ...a, handle: b.handle }, a, ['handle']).then(() => null, (e: unknown) => e);
    expect(err).toBeInstanceOf(VendorError);
    expect(err).toMatchObject({ status: 422, retryable: false });
    expect((err as VendorError).message).toMatch(/^productUpdate of gid:\/\/shopify\/Product\/\d+ refused: handle: Handle '.+' already in use/);
  });
});
