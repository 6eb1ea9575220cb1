import { hash } from 'node:crypto';
import { deflateSync } from 'node:zlib';
import type { SandboxResponse, SandboxServer } from '../framework/server';

/**
 * The shop's files on Shopify's CDN. Shopify re-hosts every image it is
 * given (`originalSource` of productCreate/productSet/productCreateMedia) at
 * https://cdn.shopify.com/s/files/1/<shop path>/files/<name>?v=<timestamp>,
 * and MediaImage.image.url names that copy, never the original.
 *
 * The sandbox can fetch nothing from the internet, so it hosts a picture of
 * its own for each file: a small PNG whose colours derive from the file's
 * path (the same file always serves the same bytes; two files differ). The
 * CDN serves what the client accepts whatever the extension says, so a
 * `.jpg` name serving PNG bytes is what real clients see too. Point a client
 * at the sandbox's origin instead of cdn.shopify.com (the connector's
 * `baseUrl` does this for image downloads) and the path is the same.
 *
 * https://shopify.dev/docs/api/admin-graphql/2025-01/objects/MediaImage
 */

export const CDN_ORIGIN = 'https://cdn.shopify.com';
/** The seeded shop's files folder (one shop per sandbox). */
export const CDN_FILES_PATH = '/s/files/1/0612/3456/7890/files/';

const IMAGE_NAME = /\.(jpe?g|png|gif|webp)$/i;

/** Where Shopify hosts a copy of `originalSource`: the source's file name in the shop's folder, versioned by time. */
export function hostedImageUrl(originalSource: string, nowMs: number): string {
  let name = 'image.jpg';
  try {
    const last = new URL(originalSource).pathname.split('/').pop() ?? '';
    const clean = decodeURIComponent(last).replace(/[^A-Za-z0-9._-]+/g, '_');
    if (IMAGE_NAME.test(clean)) name = clean;
    else if (clean) name = `${clean}.jpg`;
  } catch {
    // keep the default name; the caller validated the URL's scheme
  }
  return `${CDN_ORIGIN}${CDN_FILES_PATH}${name}?v=${Math.floor(nowMs / 1000)}`;
}

/** GET of a hosted file (any shop's folder): the generated PNG, or 404 for a name that is not an image. */
export function registerCdnRoutes(server: SandboxServer): void {
  server.route('GET', '/s/files/{n}/{a}/{b}/{c}/files/{name}', (req): SandboxResponse => {
    const name = req.params.name ?? '';
    if (!IMAGE_NAME.test(name)) return { status: 404, headers: { 'content-type': 'text/plain' }, raw: 'Not Found' };
    return {
      status: 200,
      headers: { 'content-type': 'image/png', 'cache-control': 'public, max-age=31536000' },
      raw: generatedPng(req.path),
    };
  });
}

/** A 16×16 PNG: two colours from the path's digest, split diagonally. */
export function generatedPng(key: string): Buffer {
  const d = hash('sha256', key, 'buffer');
  const size = 16;
  const rows: Buffer[] = [];
  for (let y = 0; y < size; y++) {
    const row = Buffer.alloc(1 + size * 3); // filter byte 0, then RGB
    for (let x = 0; x < size; x++) d.copy(row, 1 + x * 3, x > y ? 0 : 3, x > y ? 3 : 6);
    rows.push(row);
  }
  const ihdr = Buffer.alloc(13);
  ihdr.writeUInt32BE(size, 0);
  ihdr.writeUInt32BE(size, 4);
  ihdr[8] = 8; // bit depth
  ihdr[9] = 2; // colour type: truecolour
  return Buffer.concat([PNG_SIGNATURE, chunk('IHDR', ihdr), chunk('IDAT', deflateSync(Buffer.concat(rows))), chunk('IEND', Buffer.alloc(0))]);
}

const PNG_SIGNATURE = Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]);

function chunk(type: string, data: Buffer): Buffer {
  const head = Buffer.alloc(8);
  head.writeUInt32BE(data.length, 0);
  head.write(type, 4, 'ascii');
  const crc = Buffer.alloc(4);
  crc.writeUInt32BE(crc32(Buffer.concat([head.subarray(4), data])), 0);
  return Buffer.concat([head, data, crc]);
}

const CRC_TABLE = (() => {
  const t = new Uint32Array(256);
  for (let n = 0; n < 256; n++) {
    let c = n;
    for (let k = 0; k < 8; k++) c = c & 1 ? 0xedb88320 ^ (c >>> 1) : c >>> 1;
    t[n] = c >>> 0;
  }
  return t;
})();

function crc32(buf: Buffer): number {
  let c = 0xffffffff;
  for (const b of buf) c = CRC_TABLE[(c ^ b) & 0xff]! ^ (c >>> 8);
  return (c ^ 0xffffffff) >>> 0;
}
