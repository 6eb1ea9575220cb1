import type { Square } from 'square';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import type { Product } from '../../canonical/product';
import type { SquareConnector } from '../../connectors/square';
import { VendorError, type UpsertOutcome, type WebhookRequest } from '../../connectors/types';
import type { IdMapping } from '../../store/types';
import { SandboxServer } from '../../sandboxes/framework/server';
import { createSquareSandbox, type SquareSandbox } from '../../sandboxes/square';
import { fixtureProduct, squareTestConnector } from '../helpers/square-connector';

/** The Square connector end to end against the Square sandbox (spec-checked exchanges, versions, idempotency). */

const TOKEN = 'EAAAE_itest_square_token';
const SIGNATURE_KEY = 'itest-square-signature-key';

let sandbox: SquareSandbox;
let square: SquareConnector;
let baseUrl: string;

function connect(token = TOKEN): SquareConnector {
  return squareTestConnector({ baseUrl, token, signatureKey: SIGNATURE_KEY, location: 'LITEST000001' });
}

const tee = () => fixtureProduct('shopify-product-tee.json');
const sleeve = () =>
  fixtureProduct('shopify-product-default-variant.json', (n) => {
    n.status = 'ACTIVE';
    n.descriptionHtml = '<p>Kraft paper sleeve.</p>';
  });

async function sdkItems(): Promise<Square.CatalogObject.Item[]> {
  const out: Square.CatalogObject.Item[] = [];
  for await (const o of await square.client.catalog.list({ types: 'ITEM' })) if (o.type === 'ITEM') out.push(o);
  return out;
}

const idsOf = (outcomes: UpsertOutcome[]) => outcomes.flatMap((o) => o.mappings.map((m) => `${m.externalType}:${m.externalId}`)).sort();
const linksOf = (outcomes: UpsertOutcome[]): IdMapping[] => outcomes.flatMap((o) => o.mappings);
const priceOf = (item: Square.CatalogObject.Item | undefined, i: number) => {
  const v = item?.itemData?.variations?.[i];
  return v?.type === 'ITEM_VARIATION' ? v.itemVariationData?.priceMoney?.amount : undefined;
};

const calls = (operation: string) => sandbox.server.coverage.get(operation) ?? 0;

async function failure(p: Promise<unknown>): Promise<VendorError> {
  const err = await p.then(() => null, (e: unknown) => e);
  if (!(err instanceof VendorError)) throw new Error(`expected a VendorError, got ${String(err)}`);
  return err;
}

beforeAll(async () => {
  sandbox = createSquareSandbox({ accessToken: TOKEN, webhookSignatureKey: SIGNATURE_KEY, locations: [{ id: 'LITEST000001', name: 'Main Street', currency: 'USD' }], webhookTimeScale: 0.0001 });
  baseUrl = await sandbox.start();
  square = connect();
}, 30_000);

afterAll(async () => {
  // Every exchange of every test was checked against Square's published OpenAPI spec.
  expect(sandbox.server.violations).toEqual([]);
  await sandbox?.stop();
});

beforeEach(async () => {
  // Each test starts from an empty catalog.
  const all = sandbox.objects().filter((o) => o.type === 'ITEM' || o.type === 'ITEM_OPTION').map((o) => o.id);
  if (all.length) await square.client.catalog.batchDelete({ objectIds: all });
});

describe('Square connector against the sandbox', () => {
  it('given two new products, when upserted, then the items are visible through the SDK with their variations and options', async () => {
    const outcomes = await square.catalog.upsertProducts([tee(), sleeve()], [], 'key-create-1');
    expect(outcomes.map((o) => [o.canonicalId, o.ok])).toEqual([
      [tee().id, true],
      [sleeve().id, true],
    ]);
    expect(outcomes[0]!.mappings.map((m) => m.entity).sort()).toEqual(['option', 'option', 'option_value', 'option_value', 'option_value', 'option_value', 'product', 'variant', 'variant', 'variant']);
    expect(outcomes[0]!.mappings.every((m) => !m.externalId.startsWith('#') && m.externalVersion !== null && m.connector === 'pos')).toBe(true);

    const items = await sdkItems();
    expect(items.map((i) => i.itemData?.name).sort()).toEqual(['Gift Card Sleeve', 'Organic Cotton Tee']);
    const teeItem = items.find((i) => i.itemData?.name === 'Organic Cotton Tee');
    expect(teeItem?.itemData?.variations).toHaveLength(3);
    expect(priceOf(teeItem, 0)).toBe(2800n);
    expect(teeItem?.itemData?.itemOptions).toHaveLength(2);
    expect(sandbox.counts().ITEM_OPTION).toBe(2);
    expect(sandbox.server.violations).toEqual([]);
  });

  it('given the same call repeated with the same idempotency key, when upserted again, then nothing new is created and the same ids come back', async () => {
    const first = await square.catalog.upsertProducts([tee(), sleeve()], [], 'key-replay-1');
    const counts = sandbox.counts();
    const again = await square.catalog.upsertProducts([tee(), sleeve()], [], 'key-replay-1');
    expect(sandbox.counts()).toEqual(counts);
    expect(idsOf(again)).toEqual(idsOf(first));
  });

  it('given known links and a new price, when upserted, then the item is updated in place: same Square ids, new versions', async () => {
    const first = await square.catalog.upsertProducts([tee()], [], 'key-update-1');
    const changed = tee();
    changed.variants[0]!.price = { amount: 2500, currency: 'USD' };
    const second = await square.catalog.upsertProducts([changed], linksOf(first), 'key-update-2');
    expect(idsOf(second)).toEqual(idsOf(first));
    const v1 = new Map(linksOf(first).map((l) => [l.externalId, BigInt(l.externalVersion ?? '0')]));
    for (const l of linksOf(second)) expect(BigInt(l.externalVersion ?? '0') > (v1.get(l.externalId) ?? 0n)).toBe(true);
    const items = await sdkItems();
    expect(items).toHaveLength(1);
    expect(priceOf(items[0], 0)).toBe(2500n);
  });

  it('given a variant removed from the product, when upserted with known links, then Square drops that variation', async () => {
    const first = await square.catalog.upsertProducts([tee()], [], 'key-drop-1');
    const fewer = tee();
    fewer.variants = fewer.variants.slice(0, 2);
    const second = await square.catalog.upsertProducts([fewer], linksOf(first), 'key-drop-2');
    expect(second[0]?.ok).toBe(true);
    const [item] = await sdkItems();
    expect(item?.itemData?.variations?.map((v) => v.id)).toEqual(second[0]!.mappings.filter((m) => m.entity === 'variant').map((m) => m.externalId));
    expect(item?.itemData?.variations).toHaveLength(2);
  });

  it('given the item was edited in the dashboard since we wrote it, when upserted with stale versions, then it re-reads, retries once and updates in place', async () => {
    const first = await square.catalog.upsertProducts([tee()], [], 'key-stale-1');
    const itemId = first[0]!.mappings.find((m) => m.externalType === 'ITEM')!.externalId;
    sandbox.dashboard.updateItem(itemId, { name: 'Renamed by the merchant' });
    const upserts = calls('POST /v2/catalog/batch-upsert');
    const second = await square.catalog.upsertProducts([tee()], linksOf(first), 'key-stale-2');
    expect(second[0]?.ok).toBe(true);
    expect(calls('POST /v2/catalog/batch-upsert') - upserts).toBe(2); // VERSION_MISMATCH, then the one retry
    expect(idsOf(second)).toEqual(idsOf(first));
    const [item] = await sdkItems();
    expect(item?.itemData?.name).toBe('Organic Cotton Tee');
  });

  it('given the item was deleted in the dashboard, when upserted with its old links, then it is recreated under new ids', async () => {
    const first = await square.catalog.upsertProducts([tee()], [], 'key-gone-1');
    const itemId = first[0]!.mappings.find((m) => m.externalType === 'ITEM')!.externalId;
    sandbox.dashboard.deleteObject(itemId);
    const second = await square.catalog.upsertProducts([tee()], linksOf(first), 'key-gone-2');
    expect(second[0]?.ok).toBe(true);
    const newItemId = second[0]!.mappings.find((m) => m.externalType === 'ITEM')!.externalId;
    expect(newItemId).not.toBe(itemId);
    expect((await sdkItems()).map((i) => i.id)).toEqual([newItemId]);
  });

  it('given one product Square refuses among good ones, when upserted, then the good ones land with their links and only that one is refused', async () => {
    const first = await square.catalog.upsertProducts([tee()], [], 'key-partial-fail-1');
    const optionId = first[0]!.mappings.find((m) => m.externalType === 'ITEM_OPTION')!.externalId;
    // A corrupted link: the sleeve's ITEM "is" the tee's ITEM_OPTION, which Square refuses for that batch only.
    const corrupt: IdMapping = { entity: 'product', canonicalId: sleeve().id, connector: 'pos', externalType: 'ITEM', externalId: optionId, externalVersion: null };
    const big = manyVariants(1, 3);
    const outcomes = await square.catalog.upsertProducts([sleeve(), big], [corrupt], 'key-partial-fail-2');
    expect(outcomes.map((o) => [o.canonicalId, o.ok])).toEqual([
      [big.id, true],
      [sleeve().id, false],
    ]);
    expect(outcomes.find((o) => !o.ok)?.reason).toMatch(/^INVALID_VALUE at batches\[0\]/);
    expect(outcomes.find((o) => o.ok)?.mappings.filter((m) => m.entity === 'variant')).toHaveLength(3);
    expect((await sdkItems()).map((i) => i.itemData?.name).sort()).toEqual(['Bulk product 1', 'Organic Cotton Tee']);
  });

  it('given only the item and variation links (as a caller keyed by product and variant ids has), when upserted, then options are reused, not duplicated', async () => {
    const first = await square.catalog.upsertProducts([tee()], [], 'key-partial-1');
    const partial = linksOf(first).filter((l) => l.entity === 'product' || l.entity === 'variant');
    const second = await square.catalog.upsertProducts([tee()], partial, 'key-partial-2');
    expect(idsOf(second)).toEqual(idsOf(first));
    expect(sandbox.counts().ITEM_OPTION).toBe(2);
  });

  it('given more objects than one Square batch holds, when upserted, then they go in one request, one batch per product, and all land', async () => {
    const products = Array.from({ length: 9 }, (_, i) => manyVariants(i, 120)); // 9 × (1 + 120 + 1 + 120) = 2,178 objects
    const upserts = calls('POST /v2/catalog/batch-upsert');
    const outcomes = await square.catalog.upsertProducts(products, [], 'key-batches-1');
    expect(outcomes.every((o) => o.ok)).toBe(true);
    expect(calls('POST /v2/catalog/batch-upsert') - upserts).toBe(1);
    expect(sandbox.counts().ITEM).toBe(9);
    expect(sandbox.counts().ITEM_VARIATION).toBe(9 * 120);
  });

  it('given upserted products, when deleted by their links, then items and options are gone, and deleting again is fine', async () => {
    const first = await square.catalog.upsertProducts([tee(), sleeve()], [], 'key-delete-1');
    await square.catalog.deleteProducts(linksOf(first).filter((l) => l.entity === 'product' || l.entity === 'variant'));
    expect(await sdkItems()).toEqual([]);
    expect(sandbox.counts().ITEM_OPTION ?? 0).toBe(0);
    await expect(square.catalog.deleteProducts(linksOf(first))).resolves.toBeUndefined();
  });

  it('given a wrong access token, when writing, then it is VendorError 401 and not retryable', async () => {
    const err = await failure(connect('EAAAE_wrong').catalog.upsertProducts([tee()], [], 'key-401'));
    expect(err).toMatchObject({ status: 401, code: 'UNAUTHORIZED', retryable: false, vendor: 'square' });
  });

  it('given Square answers 429, when writing, then it is VendorError 429, retryable, with no SDK retry behind our back', async () => {
    sandbox.server.setFaults({ rate429: 1 });
    const before = calls('POST /v2/catalog/batch-upsert');
    try {
      const err = await failure(square.catalog.upsertProducts([sleeve()], [], 'key-429'));
      expect(err).toMatchObject({ status: 429, retryable: true, code: 'RATE_LIMITED' });
    } finally {
      sandbox.server.setFaults({});
    }
    expect(calls('POST /v2/catalog/batch-upsert') - before).toBe(1);
  });

  it('given a webhook subscription is ensured twice, when the catalog changes, then one subscription exists and its notification verifies', async () => {
    const received: WebhookRequest[] = [];
    const hooks = new SandboxServer({ name: 'square-hooks' }).route('POST', '/hooks/pos', (req) => {
      received.push({ headers: req.headers, rawBody: req.rawBody, url: `${hooks.baseUrl}/hooks/pos` });
      return { status: 200, body: {} };
    });
    const url = `${await hooks.listen()}/hooks/pos`;
    try {
      const { signatureKey } = await square.ensureWebhookSubscription(url, ['catalog.version.updated']);
      expect(signatureKey).toBe(SIGNATURE_KEY);
      expect(await square.ensureWebhookSubscription(url, ['catalog.version.updated'], signatureKey)).toEqual({ signatureKey });
      const subs: Square.WebhookSubscription[] = [];
      for await (const sub of await square.client.webhooks.subscriptions.list()) subs.push(sub);
      expect(subs.filter((sub) => sub.notificationUrl === url)).toHaveLength(1);

      await square.catalog.upsertProducts([sleeve()], [], 'key-webhook-1');
      await sandbox.emitter.drain();
      expect(received.length).toBeGreaterThanOrEqual(1);
      expect(square.webhooks.verify(received[0]!)).toMatchObject({ ok: true, event: { topic: 'catalog.version.updated', entity: 'product', action: 'upsert', externalId: null } });
    } finally {
      await hooks.close();
    }
  });
});

/** A canonical product with one option of `n` values and a variant per value. */
function manyVariants(i: number, n: number): Product {
  const values = Array.from({ length: n }, (_, k) => `V${k + 1}`);
  return {
    id: `prd_bulk${String(i).padStart(18, '0')}`,
    externalRefs: [{ connector: 'shop', type: 'Product', id: `gid://shopify/Product/${900 + i}` }],
    title: `Bulk product ${i}`,
    handle: `bulk-product-${i}`,
    descriptionHtml: '',
    vendor: null,
    productType: null,
    status: 'active',
    tags: [],
    options: [{ name: 'Variant', position: 1, values }],
    variants: values.map((value, k) => ({
      id: `var_bulk${String(i * 1000 + k).padStart(18, '0')}`,
      externalRefs: [],
      title: value,
      sku: `BULK-${i}-${k}`,
      barcode: null,
      position: k + 1,
      selectedOptions: [{ name: 'Variant', value }],
      price: { amount: 1000 + k, currency: 'USD' },
      compareAtPrice: null,
    })),
    images: [],
    seo: { title: null, description: null },
    updatedAt: '2025-03-14T09:26:53Z',
  };
}
