import type { Square } from 'square';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { shopifyImageFetcher } from '../../connectors/shopify';
import type { SquareConnector } from '../../connectors/square';
import type { ImageFetcher } from '../../connectors/image-fetch';
import { Semaphore } from '../../connectors/semaphore';
import { uploadMissingImages, UPLOADS_IN_FLIGHT } from '../../connectors/square/catalog-images';
import { createSquareApi } from '../../connectors/square/client';
import type { UpsertOutcome } from '../../connectors/types';
import type { IdMapping } from '../../store/types';
import { createShopifySandbox, type ShopifySandbox } from '../../sandboxes/shopify';
import { createSquareSandbox, type SquareSandbox } from '../../sandboxes/square';
import { fixtureProduct, squareTestConnector } from '../helpers/square-connector';

/**
 * Product images from Shopify's CDN into Square: each file downloaded and
 * uploaded (CreateCatalogImage), the item listing the IMAGEs in order.
 * Both vendors are sandboxes; assertions are on what Square holds and
 * serves, read through its own API.
 */

const TOKEN = 'EAAAE_images_square_token';
const SIGNATURE_KEY = 'images-square-signature-key';
let square: SquareSandbox;
let shopify: ShopifySandbox;
let pos: SquareConnector;
let images: ImageFetcher;

/** The tee fixture: two images on Shopify's CDN (front with alt text, black without), a third still processing. */
const tee = () => fixtureProduct('shopify-product-tee.json');
const sleeve = () => fixtureProduct('shopify-product-default-variant.json', (n) => (n.status = 'ACTIVE'));

const linksOf = (outcomes: UpsertOutcome[]): IdMapping[] => outcomes.flatMap((o) => o.mappings);

async function item(outcomes: UpsertOutcome[], canonicalId: string): Promise<Square.CatalogObject.Item> {
  const id = outcomes.find((o) => o.canonicalId === canonicalId)?.mappings.find((m) => m.externalType === 'ITEM')?.externalId;
  const got = await pos.client.catalog.object.get({ objectId: id! });
  if (got.object?.type !== 'ITEM') throw new Error(`no ITEM for ${canonicalId}`);
  return got.object;
}

async function imageObjects(): Promise<Square.CatalogObject.Image[]> {
  const out: Square.CatalogObject.Image[] = [];
  for await (const o of await pos.client.catalog.list({ types: 'IMAGE' })) if (o.type === 'IMAGE') out.push(o);
  return out;
}

async function imageById(id: string): Promise<Square.CatalogObject.Image> {
  const got = await pos.client.catalog.object.get({ objectId: id });
  if (got.object?.type !== 'IMAGE') throw new Error(`no IMAGE ${id}`);
  return got.object;
}

async function bytesAt(url: string): Promise<Buffer> {
  const res = await fetch(url);
  expect(res.status).toBe(200);
  return Buffer.from(await res.arrayBuffer());
}

/** The file Shopify's CDN (the sandbox standing in for it) serves for a canonical image URL. */
async function shopifyBytes(url: string): Promise<Buffer> {
  return Buffer.from((await images(url)).bytes);
}

beforeAll(async () => {
  square = createSquareSandbox({ accessToken: TOKEN, webhookSignatureKey: SIGNATURE_KEY, locations: [{ id: 'LIMAGES00001', name: 'Main Street', currency: 'USD' }], webhookTimeScale: 0.0001 });
  shopify = createShopifySandbox({ shop: 'images-test.myshopify.com', accessToken: 'shpat_images', webhookSecret: 'images-secret', seed: { products: 0 } });
  const [squareUrl, shopifyUrl] = await Promise.all([square.start(), shopify.start()]);
  pos = squareTestConnector({ baseUrl: squareUrl, token: TOKEN, signatureKey: SIGNATURE_KEY, location: 'LIMAGES00001' });
  images = shopifyImageFetcher(shopifyUrl);
}, 60_000);

afterAll(async () => {
  // Every exchange with Square, the multipart uploads included, was checked against its published spec.
  expect(square.server.violations).toEqual([]);
  await Promise.all([square?.stop(), shopify?.stop()]);
});

beforeEach(async () => {
  const all = square.objects().filter((o) => o.type === 'ITEM' || o.type === 'ITEM_OPTION' || o.type === 'IMAGE').map((o) => o.id);
  if (all.length) await pos.client.catalog.batchDelete({ objectIds: all });
});

describe('Square catalog sink: images', () => {
  it('given a product with two images on Shopify, when upserted, then the Square item shows both in order, each serving the same file with the alt text as caption', async () => {
    const p = tee();
    expect(p.images.map((i) => i.position)).toEqual([1, 2]);
    const outcomes = await pos.catalog.upsertProducts([p], [], 'img-create-1', { images });
    expect(outcomes.map((o) => [o.ok, o.reason])).toEqual([[true, undefined]]);

    const shown = (await item(outcomes, p.id)).itemData?.imageIds ?? [];
    expect(shown).toHaveLength(2);
    const [front, black] = await Promise.all(shown.map(imageById));
    expect(front!.imageData?.caption).toBe('Oat tee, front');
    expect(front!.imageData?.name).toBe('Oat tee, front');
    expect(black!.imageData?.caption ?? null).toBeNull();
    expect(black!.imageData?.name).toBe(p.title);
    for (const [i, img] of [front!, black!].entries()) {
      expect(await bytesAt(img.imageData!.url!)).toEqual(await shopifyBytes(p.images[i]!.url));
    }
    // The two files differ, so order is checked, not just count.
    expect(await bytesAt(front!.imageData!.url!)).not.toEqual(await bytesAt(black!.imageData!.url!));
    // The links name the IMAGEs, so a later write doesn't upload again.
    expect(linksOf(outcomes).filter((l) => l.externalType === 'IMAGE').map((l) => l.externalId).sort()).toEqual([...shown].sort());
  });

  it('given the same write retried (links lost), when upserted again under the same key, then Square replays the uploads: no second copy of any file', async () => {
    const first = await pos.catalog.upsertProducts([tee()], [], 'img-replay-1', { images });
    const again = await pos.catalog.upsertProducts([tee()], [], 'img-replay-1', { images });
    expect(again.every((o) => o.ok)).toBe(true);
    expect((await imageObjects()).length).toBe(2);
    expect((await item(again, tee().id)).itemData?.imageIds).toEqual((await item(first, tee().id)).itemData?.imageIds);
  });

  it('given linked images, when the product is written again unchanged, then nothing is uploaded', async () => {
    const first = await pos.catalog.upsertProducts([tee()], [], 'img-steady-1', { images });
    const uploads = square.server.coverage.get('POST /v2/catalog/images') ?? 0;
    const second = await pos.catalog.upsertProducts([tee()], linksOf(first), 'img-steady-2', { images });
    expect(second.every((o) => o.ok)).toBe(true);
    expect(square.server.coverage.get('POST /v2/catalog/images') ?? 0).toBe(uploads);
    expect((await imageObjects()).length).toBe(2);
  });

  it('given a product whose images were reordered and one dropped, when upserted with the item as last read, then Square shows the new order and the dropped file is deleted', async () => {
    const first = await pos.catalog.upsertProducts([tee()], [], 'img-edit-1', { images });
    const before = (await item(first, tee().id)).itemData?.imageIds ?? [];
    const edited = tee();
    edited.images = [{ ...edited.images[1]!, position: 1 }];
    const current = await pos.catalog.observe([edited], linksOf(first));
    const second = await pos.catalog.upsertProducts([edited], linksOf(first), 'img-edit-2', { images, current });
    expect(second.every((o) => o.ok)).toBe(true);
    const after = (await item(second, edited.id)).itemData?.imageIds ?? [];
    expect(after).toEqual([before[1]]);
    expect((await imageObjects()).map((o) => o.id)).toEqual([before[1]]);
  });

  it('given new alt text on an image, when upserted, then Square gets a file with the new caption in the same place and the old one goes', async () => {
    const first = await pos.catalog.upsertProducts([tee()], [], 'img-alt-1', { images });
    const edited = tee();
    edited.images[0] = { ...edited.images[0]!, altText: 'Oat tee, seen from the front' };
    const current = await pos.catalog.observe([edited], linksOf(first));
    const second = await pos.catalog.upsertProducts([edited], linksOf(first), 'img-alt-2', { images, current });
    const shown = (await item(second, edited.id)).itemData?.imageIds ?? [];
    expect(shown).toHaveLength(2);
    expect((await imageById(shown[0]!)).imageData?.caption).toBe('Oat tee, seen from the front');
    expect((await imageObjects()).length).toBe(2);
  });

  it('given one product whose image is missing at the source, when a page is upserted, then that product is refused with the reason and the other lands', async () => {
    const broken = tee();
    broken.images[1] = { ...broken.images[1]!, url: 'https://cdn.shopify.com/s/files/1/0600/0000/0001/files/price-list.pdf' };
    const outcomes = await pos.catalog.upsertProducts([broken, sleeve()], [], 'img-broken-1', { images });
    const byId = new Map(outcomes.map((o) => [o.canonicalId, o]));
    expect(byId.get(sleeve().id)?.ok).toBe(true);
    expect(byId.get(broken.id)?.ok).toBe(false);
    expect(byId.get(broken.id)?.reason).toMatch(/images\[1\].*price-list\.pdf.*HTTP 404/);
    // The file that did go up stays linked, so the next try uploads only what is missing.
    expect(byId.get(broken.id)?.mappings.map((m) => m.externalType)).toEqual(['IMAGE']);
    const items = square.objects().filter((o) => o.type === 'ITEM');
    expect(items).toHaveLength(1);
  });

  it('given a product deleted, when its links are deleted in Square, then its image files go too', async () => {
    const first = await pos.catalog.upsertProducts([tee()], [], 'img-delete-1', { images });
    expect((await imageObjects()).length).toBe(2);
    await pos.catalog.deleteProducts(linksOf(first));
    expect(await imageObjects()).toEqual([]);
  });

  it('given two writes at once with many new images, when they upload, then the connector never has more than its upload slots in flight and every file goes up', async () => {
    const api = createSquareApi({ kind: 'square', accessToken: { env: 'T' }, webhookSignatureKey: { env: 'K' }, squareVersion: '2025-10-16', environment: 'production', baseUrl: square.server.baseUrl, locations: {} }, TOKEN);
    const base = tee();
    const page = (tag: string) =>
      Array.from({ length: 6 }, (_, i) => ({
        ...base,
        id: `prd_${tag}${i}`,
        images: base.images.map((img, k) => ({ ...img, id: `img_${tag}${i}_${k}`, url: img.url.replace(/files\/[^/?]+/, `files/${tag}-${i}-${k}.jpg`) })),
      }));
    let inFlight = 0;
    let most = 0;
    const counting: ImageFetcher = async (url) => {
      most = Math.max(most, ++inFlight);
      try {
        await new Promise((r) => setTimeout(r, 5));
        return await images(url);
      } finally {
        inFlight--;
      }
    };
    const slots = new Semaphore(UPLOADS_IN_FLIGHT);
    const [a, b] = await Promise.all([uploadMissingImages(api, 'pos', page('a'), [], counting, 'slots-a', slots), uploadMissingImages(api, 'pos', page('b'), [], counting, 'slots-b', slots)]);
    expect(most).toBe(UPLOADS_IN_FLIGHT);
    expect([a.links.length, b.links.length, a.refused.size + b.refused.size]).toEqual([12, 12, 0]);
    expect((await imageObjects()).length).toBe(24);
  });

  it('given no image fetcher, when a product with linked images is upserted, then the item keeps showing them', async () => {
    const first = await pos.catalog.upsertProducts([tee()], [], 'img-nofetch-1', { images });
    const before = (await item(first, tee().id)).itemData?.imageIds;
    const edited = tee();
    edited.title = 'Oat tee (renamed)';
    const second = await pos.catalog.upsertProducts([edited], linksOf(first), 'img-nofetch-2');
    expect((await item(second, edited.id)).itemData?.imageIds).toEqual(before);
  });
});
