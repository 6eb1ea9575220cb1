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

/** The body, read until it passes MAX_IMAGE_BYTES (then the download stops): a missing Content-Length can't make it buffer more. */
async function readCapped(res: Response, url: string, vendor: string): Promise<Uint8Array> {
  if (!res.body) return new Uint8Array(0);
  const chunks: Uint8Array[] = [];
  let size = 0;
  const reader = res.body.getReader();
  for (;;) {
    let step: Awaited<ReturnType<typeof reader.read>>;
    try {
      step = await reader.read();
    } catch (err) {
      throw new VendorError(`${vendor} image download broke off: ${(err as Error).message}`, vendor, 0);
    }
    if (step.done) break;
    size += step.value.length;
    if (size > MAX_IMAGE_BYTES) {
      await reader.cancel();
      throw new ImageUnavailable(url, `more than ${MAX_IMAGE_BYTES} bytes`);
    }
    chunks.push(step.value);
  }
  if (chunks.length === 1) return chunks[0]!;
  const out = new Uint8Array(size);
  let at = 0;
  for (const c of chunks) {
    out.set(c, at);
    at += c.length;
  }
  return out;
}

/**
 * A fetcher for `vendor`'s files. `route` maps a URL to where it is actually
 * fetched (a sandbox or proxy standing in for the CDN); identity otherwise.
 */
export function createImageFetcher(vendor: string, route: (url: URL) => URL = (u) => u, fetchImpl: typeof fetch = (...a) => globalThis.fetch(...a)): ImageFetcher {
  return async (url) => {
    let target: URL;
    try {
      target = route(new URL(url));
    } catch {
      throw new ImageUnavailable(url, 'not a valid URL');
    }
    if (target.protocol !== 'https:' && target.protocol !== 'http:') throw new ImageUnavailable(url, `unsupported scheme ${target.protocol}`);
    let res: Response;
    try {
      res = await fetchImpl(target, { signal: AbortSignal.timeout(TIMEOUT_MS), headers: { accept: 'image/jpeg,image/png,image/gif;q=0.9,*/*;q=0.1' } });
    } catch (err) {
      throw new VendorError(`${vendor} image download failed: ${(err as Error).message}`, vendor, 0);
    }
    if (res.status === 429 || res.status >= 500) {
      await res.body?.cancel();
      throw new VendorError(`${vendor} image download: HTTP ${res.status}`, vendor, res.status);
    }
    if (!res.ok) {
      await res.body?.cancel();
      throw new ImageUnavailable(url, `HTTP ${res.status}`);
    }
    const declared = Number(res.headers.get('content-length') ?? NaN);
    if (declared > MAX_IMAGE_BYTES) {
      await res.body?.cancel();
      throw new ImageUnavailable(url, `${declared} bytes, more than ${MAX_IMAGE_BYTES}`);
    }
    const bytes = await readCapped(res, url, vendor);
    const format = sniffImageFormat(bytes);
    if (!format) throw new ImageUnavailable(url, `not an image (${res.headers.get('content-type') ?? 'no content type'})`);
    const last = decodeURIComponent(target.pathname.split('/').pop() ?? '') || 'image';
    return { bytes, format, contentType: CONTENT_TYPES[format], fileName: last };
  };
}
