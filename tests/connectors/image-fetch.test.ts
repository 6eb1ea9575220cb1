import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createImageFetcher, ImageUnavailable, sniffImageFormat } from '../../connectors/image-fetch';
import { shopifyImageFetcher } from '../../connectors/shopify';
import { VendorError } from '../../connectors/types';
import { createShopifySandbox, type ShopifySandbox } from '../../sandboxes/shopify';
import { generatedPng } from '../../sandboxes/shopify/cdn';

/** Image downloads: the format from the bytes, failures sorted into "refuse the record" and "retry". */

const PNG = generatedPng('x');
const JPEG = Buffer.from([0xff, 0xd8, 0xff, 0xe0, 0, 0x10, 0x4a, 0x46]);
const GIF = Buffer.from('GIF89a\x01\x00\x01\x00', 'latin1');
const WEBP = Buffer.concat([Buffer.from('RIFF'), Buffer.from([0, 0, 0, 0]), Buffer.from('WEBPVP8 ')]);

async function failure(p: Promise<unknown>): Promise<unknown> {
  return p.then(
    () => null,
    (e: unknown) => e,
  );
}

describe('image formats', () => {
  it('recognises JPEG, PNG, GIF and WebP by their bytes and nothing else', () => {
    expect([JPEG, PNG, GIF, WEBP, Buffer.from('%PDF-1.7'), Buffer.alloc(0)].map((b) => sniffImageFormat(b))).toEqual(['jpeg', 'png', 'gif', 'webp', null, null]);
  });
});

describe('image downloads over HTTP (the default downloader)', () => {
  let server: Server;
  let base = '';
  let endlessClosed: Promise<void>;
  let closeEndless = (): void => undefined;
  const asked: { path: string; accept: string | undefined; agent: string | undefined }[] = [];
  beforeAll(async () => {
    endlessClosed = new Promise((r) => (closeEndless = r));
    server = createServer((req, res) => {
      const path = req.url ?? '';
      asked.push({ path, accept: req.headers.accept, agent: req.headers['user-agent'] });
      if (path === '/old/tee.jpg') return void res.writeHead(302, { location: '/cdn/tee.jpg?v=2' }).end();
      if (path === '/loop.jpg') return void res.writeHead(301, { location: '/loop.jpg' }).end();
      if (path === '/cdn/tee.jpg?v=2') return void res.writeHead(200, { 'content-type': 'image/jpeg', 'content-length': PNG.length }).end(PNG);
      if (path === '/a/b/tee-front.jpg?v=1') return void res.writeHead(200, { 'content-type': 'image/png' }).end(PNG);
      if (path === '/login.jpg') return void res.writeHead(200, { 'content-type': 'text/html' }).end('<html>login</html>');
      if (path === '/huge.jpg') return void res.writeHead(200, { 'content-length': String(50 * 1024 * 1024) }).write(PNG);
      if (path === '/busy.jpg') return void res.writeHead(503).end('busy');
      if (path === '/slow.jpg') return void res.writeHead(429).end('slow down');
      if (path === '/endless.jpg') {
        res.writeHead(200, { 'content-type': 'image/png' });
        const chunk = Buffer.alloc(256 * 1024);
        const timer = setInterval(() => res.write(chunk), 1);
        res.on('close', () => {
          clearInterval(timer);
          closeEndless();
        });
        return;
      }
      if (path === '/cut.jpg') {
        res.writeHead(200, { 'content-type': 'image/png', 'content-length': 10_000 });
        res.write(PNG.subarray(0, 20));
        setTimeout(() => res.socket?.destroy(), 20);
        return;
      }
      res.writeHead(404).end('Not Found');
    });
    await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
    base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  });
  afterAll(async () => new Promise<void>((r) => server.close(() => r())));

  it('given a file served under a .jpg name with PNG bytes, when fetched, then it is a PNG named after the URL', async () => {
    const got = await createImageFetcher('cdn')(`${base}/a/b/tee-front.jpg?v=1`);
    expect([got.format, got.contentType, got.fileName, Buffer.from(got.bytes).equals(PNG)]).toEqual(['png', 'image/png', 'tee-front.jpg', true]);
  });

  it('given a page that is not an image, a declared size over the cap or a scheme other than HTTP, when fetched, then the image is unavailable with the reason (the record is refused, not retried)', async () => {
    const html = await failure(createImageFetcher('cdn')(`${base}/login.jpg`));
    expect((html as Error).message).toMatch(/not an image \(text\/html\)/);
    const big = await failure(createImageFetcher('cdn')(`${base}/huge.jpg`));
    expect((big as Error).message).toMatch(/52428800 bytes, more than/);
    expect(await failure(createImageFetcher('cdn')('ftp://cdn.example/x.jpg'))).toBeInstanceOf(ImageUnavailable);
  });

  it('given 429 or connection refused, when fetched, then a retryable vendor error is thrown', async () => {
    const slow = await failure(createImageFetcher('cdn')(`${base}/slow.jpg`));
    expect([slow instanceof VendorError, (slow as VendorError).retryable]).toEqual([true, true]);
    const refused = await failure(createImageFetcher('cdn')('http://127.0.0.1:9/x.jpg'));
    expect((refused as VendorError).retryable).toBe(true);
  });

  it('given a file behind a redirect, when fetched, then its bytes arrive, named after the URL asked for', async () => {
    asked.length = 0;
    const got = await createImageFetcher('cdn')(`${base}/old/tee.jpg`);
    expect([got.format, got.fileName, Buffer.from(got.bytes).equals(PNG)]).toEqual(['png', 'tee.jpg', true]);
    // Both hops asked for the formats Square takes, and said who is asking.
    expect(asked.map((a) => a.path)).toEqual(['/old/tee.jpg', '/cdn/tee.jpg?v=2']);
    expect(asked.every((a) => a.accept?.startsWith('image/jpeg,image/png') && a.agent === 'switchyard-image-fetch')).toBe(true);
  });

  it('given 404, 503, a redirect loop, a body cut short and one without end, when fetched, then each is sorted into refused or retryable', async () => {
    const missing = await failure(createImageFetcher('cdn')(`${base}/gone.jpg`));
    expect((missing as Error).message).toBe(`image ${base}/gone.jpg: HTTP 404`);
    const busy = await failure(createImageFetcher('cdn')(`${base}/busy.jpg`));
    expect([busy instanceof VendorError, (busy as VendorError).retryable, (busy as VendorError).status]).toEqual([true, true, 503]);
    const loop = await failure(createImageFetcher('cdn')(`${base}/loop.jpg`));
    expect((loop as Error).message).toMatch(/more than 5 redirects/);
    const cut = await failure(createImageFetcher('cdn')(`${base}/cut.jpg`));
    expect([cut instanceof VendorError, (cut as VendorError).retryable, (cut as Error).message]).toEqual([true, true, expect.stringMatching(/broke off/)]);
    // No Content-Length and no end: the download stops at the cap and the connection is dropped.
    const endless = await failure(createImageFetcher('cdn')(`${base}/endless.jpg`));
    expect(endless).toBeInstanceOf(ImageUnavailable);
    expect((endless as Error).message).toMatch(/more than 20971520 bytes/);
    await endlessClosed;
  });
});

describe('Shopify CDN files in the sandbox', () => {
  let shopify: ShopifySandbox;
  beforeAll(async () => {
    shopify = createShopifySandbox({ shop: 'cdn-test.myshopify.com', accessToken: 'shpat_cdn', webhookSecret: 'cdn-secret', seed: { products: 3 } });
    await shopify.start();
  }, 60_000);
  afterAll(async () => shopify?.stop());

  it('given a connector pointed at the sandbox, when a seeded product image URL on cdn.shopify.com is fetched, then the sandbox serves its file: the same bytes each time, different per file', async () => {
    const fetchImage = shopifyImageFetcher(shopify.baseUrl);
    const products = shopify.state.products;
    const urls = products.liveIds().flatMap((id) => products.get(id)?.media.map((m) => m.url) ?? []);
    expect(urls.length).toBeGreaterThan(0);
    expect(urls[0]).toMatch(/^https:\/\/cdn\.shopify\.com\/s\/files\//);
    const a = await fetchImage(urls[0]!);
    const again = await fetchImage(urls[0]!);
    expect(a.format).toBe('png');
    expect(Buffer.from(a.bytes).equals(Buffer.from(again.bytes))).toBe(true);
    const other = await fetchImage(urls[0]!.replace(/files\/[^/?]+/, 'files/something-else.jpg'));
    expect(Buffer.from(other.bytes).equals(Buffer.from(a.bytes))).toBe(false);
  });

  it('given productCreate with media from an outside URL, when read back, then Shopify hosts a copy on its CDN that the connector can fetch', async () => {
    const res = await shopify.graphql(
      `mutation($product: ProductCreateInput!, $media: [CreateMediaInput!]) { productCreate(product: $product, media: $media) { product { media(first: 5) { nodes { ... on MediaImage { image { url } } } } } userErrors { message } } }`,
      { product: { title: 'Hosted' }, media: [{ mediaContentType: 'IMAGE', originalSource: 'https://photos.example.org/studio/hosted%20shot.png', alt: 'Hosted' }] },
    );
    const body = res.body as { data: { productCreate: { product: { media: { nodes: { image: { url: string } }[] } }; userErrors: unknown[] } } };
    expect(body.data.productCreate.userErrors).toEqual([]);
    const url = body.data.productCreate.product.media.nodes[0]!.image.url;
    expect(url).toMatch(/^https:\/\/cdn\.shopify\.com\/s\/files\/1\/0612\/3456\/7890\/files\/hosted_shot\.png\?v=\d+$/);
    expect((await shopifyImageFetcher(shopify.baseUrl)(url)).format).toBe('png');
  });
});
