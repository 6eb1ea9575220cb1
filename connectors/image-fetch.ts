import http from 'node:http';
import https from 'node:https';
import { VendorError } from './types';

/**
 * Downloads the image files canonical products name (a source's CDN), for
 * sinks that take the file itself rather than a URL (Square's
 * CreateCatalogImage). The format is recognised from the bytes, not from
 * the URL or the Content-Type: CDNs serve whichever format the client
 * accepts under any file name.
 */

export type ImageFormat = 'jpeg' | 'png' | 'gif' | 'webp';

export interface ImageFile {
  bytes: Uint8Array;
  format: ImageFormat;
  /** MIME type of `format`. */
  contentType: string;
  /** The URL's last path segment, for the upload's file name. */
  fileName: string;
}

/** Downloads one image. Throws ImageUnavailable when the file is not there or not an image; VendorError (retryable) for outages. */
export type ImageFetcher = (url: string) => Promise<ImageFile>;

/** The image can't be had as it stands (404, not an image, too large): the record is refused with this reason, not retried. */
export class ImageUnavailable extends Error {
  constructor(
    readonly url: string,
    readonly detail: string,
  ) {
    super(`image ${url}: ${detail}`);
    this.name = 'ImageUnavailable';
  }
}

/** Larger files are refused before they are read whole (Square takes at most 15 MB). */
export const MAX_IMAGE_BYTES = 20 * 1024 * 1024;
const TIMEOUT_MS = 30_000;

/** What a CDN sees: the formats Square takes first, and a User-Agent (CDN bot rules refuse requests without one). */
const REQUEST_HEADERS = { accept: 'image/jpeg,image/png,image/gif;q=0.9,*/*;q=0.1', 'user-agent': 'switchyard-image-fetch' } as const;

const CONTENT_TYPES: Record<ImageFormat, string> = { jpeg: 'image/jpeg', png: 'image/png', gif: 'image/gif', webp: 'image/webp' };

/** The image format of `bytes` by its signature, or null. */
export function sniffImageFormat(bytes: Uint8Array): ImageFormat | null {
  const at = (i: number, ...sig: number[]) => sig.every((b, k) => bytes[i + k] === b);
  if (at(0, 0xff, 0xd8, 0xff)) return 'jpeg';
  if (at(0, 0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a)) return 'png';
  if (at(0, 0x47, 0x49, 0x46, 0x38) && (bytes[4] === 0x37 || bytes[4] === 0x39) && bytes[5] === 0x61) return 'gif';
  if (at(0, 0x52, 0x49, 0x46, 0x46) && at(8, 0x57, 0x45, 0x42, 0x50)) return 'webp';
  return null;
}

/**
 * One GET as the fetcher needs it. `read` collects the body until it passes
 * `cap` bytes, then stops the download and answers 'too-large': a body
 * without Content-Length can never make it buffer more than that.
 */
export interface Downloaded {
  status: number;
  header(name: string): string | null;
  read(cap: number): Promise<Uint8Array | 'too-large'>;
  /** Drops the body unread (the connection is not reused). */
  discard(): void;
}
export type Downloader = (target: URL, headers: Record<string, string>, timeoutMs: number) => Promise<Downloaded>;

/** Thrown by a Downloader when the body breaks off after the status arrived. */
class BrokenBody extends Error {}

const MAX_REDIRECTS = 5;
const agents = { 'http:': new http.Agent({ keepAlive: true }), 'https:': new https.Agent({ keepAlive: true }) };

/**
 * GET over node:http(s) with keep-alive, following up to 5 redirects (CDNs
 * redirect). The default downloader: per file it costs a fraction of the
 * CPU of `fetch`, whose web streams, abort signals and promise chains a
 * backfill would pay once per image (measured with `npm run bench --
 * catalog-backfill`). The timeout covers the whole download, body included.
 */
export const httpDownload: Downloader = (target, headers, timeoutMs) =>
  new Promise((resolve, reject) => {
    let settled = false;
    let current: http.ClientRequest | null = null;
    let onBodyFailure: ((err: Error) => void) | null = null;
    /** A failure after the status arrived but before the body is read: read() reports it. */
    let bodyError: Error | null = null;
    const timer = setTimeout(() => fail(new Error(`no complete answer in ${timeoutMs} ms`)), timeoutMs);
    timer.unref?.();
    function fail(err: Error): void {
      current?.destroy();
      clearTimeout(timer);
      if (onBodyFailure) onBodyFailure(err);
      else if (!settled) {
        settled = true;
        reject(err);
      } else bodyError ??= err;
    }
    const get = (url: URL, hops: number): void => {
      const agent = agents[url.protocol as keyof typeof agents];
      if (!agent) return fail(new Error(`redirected to unsupported scheme ${url.protocol}`));
      const req = (url.protocol === 'https:' ? https : http).get(url, { agent, headers });
      current = req;
      req.on('error', (err) => fail(err));
      req.on('response', (res) => {
        const status = res.statusCode ?? 0;
        const location = res.headers.location;
        if (status >= 300 && status < 400 && status !== 304 && location) {
          res.resume();
          if (hops >= MAX_REDIRECTS) return fail(new Error(`more than ${MAX_REDIRECTS} redirects`));
          let next: URL;
          try {
            next = new URL(location, url);
          } catch {
            return fail(new Error(`redirect to an invalid URL (${location})`));
          }
          return get(next, hops + 1);
        }
        settled = true;
        res.on('error', (err) => fail(err));
        res.on('close', () => {
          if (!res.complete) fail(new Error('the connection closed mid-body'));
        });
        resolve({
          status,
          header: (name) => {
            const v = res.headers[name.toLowerCase()];
            return v === undefined ? null : Array.isArray(v) ? v.join(', ') : v;
          },
          discard: () => {
            clearTimeout(timer);
            res.destroy();
            req.destroy();
          },
          read: (cap) =>
            new Promise((done, broke) => {
              if (bodyError) return broke(new BrokenBody(bodyError.message));
              const chunks: Buffer[] = [];
              let size = 0;
              onBodyFailure = (err) => broke(new BrokenBody(err.message));
              res.on('data', (chunk: Buffer) => {
                size += chunk.length;
                if (size > cap) {
                  onBodyFailure = null;
                  clearTimeout(timer);
                  res.destroy();
                  req.destroy();
                  done('too-large');
                  return;
                }
                chunks.push(chunk);
              });
              res.on('end', () => {
                clearTimeout(timer);
                onBodyFailure = null;
                const body = chunks.length === 1 ? chunks[0]! : Buffer.concat(chunks, size);
                done(new Uint8Array(body.buffer, body.byteOffset, body.byteLength));
              });
            }),
        });
      });
    };
    get(target, 0);
  });

/**
 * A fetcher for `vendor`'s files. `route` maps a URL to where it is actually
 * fetched (a sandbox or proxy standing in for the CDN); identity otherwise.
 */
export function createImageFetcher(vendor: string, route: (url: URL) => URL = (u) => u, download: Downloader = httpDownload): ImageFetcher {
  return async (url) => {
    let target: URL;
    try {
      target = route(new URL(url));
    } catch {
      throw new ImageUnavailable(url, 'not a valid URL');
    }
    if (target.protocol !== 'https:' && target.protocol !== 'http:') throw new ImageUnavailable(url, `unsupported scheme ${target.protocol}`);
    let res: Downloaded;
    try {
      res = await download(target, REQUEST_HEADERS, TIMEOUT_MS);
    } catch (err) {
      throw new VendorError(`${vendor} image download failed: ${(err as Error).message}`, vendor, 0);
    }
    if (res.status === 429 || res.status >= 500) {
      res.discard();
      throw new VendorError(`${vendor} image download: HTTP ${res.status}`, vendor, res.status);
    }
    if (res.status < 200 || res.status >= 300) {
      res.discard();
      throw new ImageUnavailable(url, `HTTP ${res.status}`);
    }
    const declared = Number(res.header('content-length') ?? NaN);
    if (declared > MAX_IMAGE_BYTES) {
      res.discard();
      throw new ImageUnavailable(url, `${declared} bytes, more than ${MAX_IMAGE_BYTES}`);
    }
    let bytes: Uint8Array | 'too-large';
    try {
      bytes = await res.read(MAX_IMAGE_BYTES);
    } catch (err) {
      if (err instanceof BrokenBody) throw new VendorError(`${vendor} image download broke off: ${err.message}`, vendor, 0);
      throw err;
    }
    if (bytes === 'too-large') throw new ImageUnavailable(url, `more than ${MAX_IMAGE_BYTES} bytes`);
    const format = sniffImageFormat(bytes);
    if (!format) throw new ImageUnavailable(url, `not an image (${res.header('content-type') ?? 'no content type'})`);
    const last = decodeURIComponent(target.pathname.split('/').pop() ?? '') || 'image';
    return { bytes, format, contentType: CONTENT_TYPES[format], fileName: last };
  };
}
