import { readFileSync } from 'node:fs';
import type { Square } from 'square';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Product } from '../../canonical/product';
import type { SquareConnectorConfig } from '../../config/schema';
import { createSquareConnector, type SquareConnector } from '../../connectors/square';
import type { CatalogObservation, UpsertOptions, UpsertOutcome } from '../../connectors/types';
import { mapShopifyProduct } from '../../mappings/shopify/product-v1';
import { createSquareSandbox, type SquareSandbox } from '../../sandboxes/square';
import type { IdMapping } from '../../store/types';

/**
 * The Square sink's side of field ownership against the sandbox: what it
 * observes, keeping Square-owned fields on a write (also across a stale
 * version), and the change feed behind catalog.version.updated.
 */

const TOKEN = 'EAAAE_fields_square_token';
let sandbox: SquareSandbox;
let square: SquareConnector;

function tee(patch: (node: Record<string, unknown>) => void = () => undefined): Product {
  const node = JSON.parse(readFileSync(new URL('../mappings/fixtures/shopify-product-tee.json', import.meta.url), 'utf8')) as Record<string, unknown>;
  patch(node);
  const mapped = mapShopifyProduct(node, { connector: 'shop', currency: 'USD' });
  if (!mapped.ok) throw new Error(mapped.reason);
  return mapped.record;
}

async function item(id: string): Promise<Square.CatalogObject.Item> {
  const got = await square.client.catalog.object.get({ objectId: id });
  if (got.object?.type !== 'ITEM') throw new Error(`no ITEM ${id}`);
  return got.object;
}

const itemIdOf = (links: IdMapping[]) => links.find((l) => l.externalType === 'ITEM')!.externalId;
const upserts = () => sandbox.server.coverage.get('POST /v2/catalog/batch-upsert') ?? 0;
let keySeq = 0;

async function upsert(p: Product, known: IdMapping[], opts?: UpsertOptions): Promise<UpsertOutcome> {
  const [out] = await square.catalog.upsertProducts([p], known, `fields-test-${++keySeq}`, opts);
  if (!out?.ok) throw new Error(out?.reason ?? 'no outcome');
  return out;
}

beforeAll(async () => {
  sandbox = createSquareSandbox({ accessToken: TOKEN, locations: [{ id: 'LFIELDS00001', name: 'Main', currency: 'USD' }], webhookTimeScale: 0.0001 });
  const baseUrl = await sandbox.start();
  const cfg: SquareConnectorConfig = { kind: 'square', accessToken: { env: 'T' }, webhookSignatureKey: { env: 'K' }, squareVersion: '2025-10-16', environment: 'production', baseUrl, locations: { main: 'LFIELDS00001' } };
  square = createSquareConnector('pos', cfg, (ref) => (ref.env === 'T' ? TOKEN : 'key'));
}, 30_000);

afterAll(async () => {
  expect(sandbox.server.violations).toEqual([]);
  await sandbox?.stop();
});

describe('Square sink: observe, keep, changes', () => {
  it('given a product written to Square, when observed again, then the observation equals the one the upsert answered with', async () => {
    const p = { ...tee(), shortName: 'TEE' };
    const written = await upsert(p, []);
    const seen = await square.catalog.observe([p], written.mappings);
    expect(seen.get(p.id)?.hash).toBe(written.observation?.hash);
    expect(seen.get(p.id)?.externalId).toBe(itemIdOf(written.mappings));
    expect((await item(itemIdOf(written.mappings))).itemData?.abbreviation).toBe('TEE');
  });

  it('given POS edits of fields Square owns, when the product is written with them kept, then Square keeps its values, takes the rest, and one request does it', async () => {
    const p = tee((n) => (n.title = 'Kept Tee'));
    const first = await upsert(p, []);
    const itemId = itemIdOf(first.mappings);
    const variationId = first.mappings.find((m) => m.externalType === 'ITEM_VARIATION' && m.canonicalId === p.variants[0]!.id)!.externalId;
    sandbox.dashboard.updateItem(itemId, { abbreviation: 'TIL', priceAmount: 1234, sku: 'TILL-1', variationId });
    const current: Map<string, CatalogObservation> = await square.catalog.observe([p], first.mappings);
    const before = upserts();
    // The id map still holds the versions of our first write; the observation's are the ones sent.
    await upsert({ ...p, title: 'Renamed in Shopify' }, first.mappings, { keep: ['shortName', 'price', 'sku'], current });
    expect(upserts() - before).toBe(1);
    const now = await item(itemId);
    expect(now.itemData?.name).toBe('Renamed in Shopify');
    expect(now.itemData?.abbreviation).toBe('TIL');
    const v = now.itemData?.variations?.find((x) => x.id === variationId);
    expect(v?.type === 'ITEM_VARIATION' && v.itemVariationData).toMatchObject({ sku: 'TILL-1', priceMoney: { amount: 1234n, currency: 'USD' } });
  });

  it('given a POS edit after our read, when the write meets the stale version, then it re-reads and keeps the newer POS value', async () => {
    const p = tee((n) => (n.title = 'Raced Tee'));
    const first = await upsert(p, []);
    const itemId = itemIdOf(first.mappings);
    sandbox.dashboard.updateItem(itemId, { abbreviation: 'ONE' });
    const current = await square.catalog.observe([p], first.mappings);
    sandbox.dashboard.updateItem(itemId, { abbreviation: 'TWO' });
    await upsert({ ...p, title: 'Raced Tee 2' }, first.mappings, { keep: ['shortName'], current });
    const now = await item(itemId);
    expect(now.itemData?.name).toBe('Raced Tee 2');
    expect(now.itemData?.abbreviation).toBe('TWO');
  });

  it('given changes after an instant, when the change feed is read, then each changed item is named once — one whose variation alone changed too — and nothing before it', async () => {
    const a = await upsert(tee((n) => (n.title = 'Feed A')), []);
    const b = await upsert(tee((n) => (n.title = 'Feed B')), []);
    const since = new Date(Date.now() - 1).toISOString();
    await new Promise((r) => setTimeout(r, 5));
    sandbox.dashboard.updateItem(itemIdOf(a.mappings), { name: 'Feed A (till)' });
    // Only B's variation is upserted, by another client: the feed must still name B's item.
    const variationId = b.mappings.find((m) => m.externalType === 'ITEM_VARIATION')!.externalId;
    const got = await square.client.catalog.object.get({ objectId: variationId });
    if (got.object?.type !== 'ITEM_VARIATION') throw new Error('no variation');
    await square.client.catalog.object.upsert({ idempotencyKey: `feed-${variationId}`, object: { ...got.object, itemVariationData: { ...got.object.itemVariationData, sku: 'FEED-B' } } });

    const page = await square.catalog.changes({ since, page: null });
    expect(page.externalIds.sort()).toEqual([itemIdOf(a.mappings), itemIdOf(b.mappings)].sort());
    expect(page.page).toBeNull();
    expect(Date.parse(page.latest!)).toBeGreaterThan(Date.parse(since));
    // Nothing changed after the latest change seen.
    expect((await square.catalog.changes({ since: page.latest, page: null })).externalIds).toEqual([]);
  });
});
