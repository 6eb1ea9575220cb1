import { randomBytes } from 'node:crypto';
import { type SandboxResponse, type SandboxServer } from '../framework/server';
import { apiError } from './errors';
import { type UploadedFile } from './upload';

/**
 * The image files behind CatalogImage objects, and the CDN that serves them.
 * Square hosts every uploaded file itself and names it in `image_data.url`
 * (`https://items-images-production.s3.us-west-2.amazonaws.com/files/<token>/original.jpeg`);
 * the sandbox keeps the bytes in memory and serves them from its own origin
 * at the same path, without auth, with the Content-Type of the format.
 *
 * Accepted files: JPEG, PJPEG, PNG or GIF, at most 15 MB
 * (https://developer.squareup.com/docs/catalog-api/upload-and-attach-images).
 * Square checks the part's declared Content-Type (INVALID_CONTENT_TYPE "Only
 * [image/jpeg image/pjpeg image/png image/x-png image/gif] content type
 * allowed": square/square-php-sdk#24, a JPEG sent as application/octet-stream);
 * the sandbox also checks the bytes are of one of those formats.
 */

export type ImageFormat = 'jpeg' | 'png' | 'gif';

/** "The maximum file size is 15MB" (CreateCatalogImage). */
export const MAX_IMAGE_BYTES = 15 * 1024 * 1024;
/** Declared part types Square accepts, as its INVALID_CONTENT_TYPE detail lists them. */
export const ACCEPTED_IMAGE_TYPES: readonly string[] = ['image/jpeg', 'image/pjpeg', 'image/png', 'image/x-png', 'image/gif'];

const CONTENT_TYPE: Record<ImageFormat, string> = { jpeg: 'image/jpeg', png: 'image/png', gif: 'image/gif' };
const FILE_NAME = /^original\.(jpeg|png|gif)$/;

/** The format of `bytes` by its signature (progressive JPEG shares JPEG's), or null. */
export function sniffImage(bytes: Uint8Array): ImageFormat | null {
  const at = (i: number, ...sig: number[]): boolean => sig.every((b, k) => bytes[i + k] === b);
  if (at(0, 0xff, 0xd8, 0xff)) return 'jpeg';
  if (at(0, 0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a)) return 'png';
  if (at(0, 0x47, 0x49, 0x46, 0x38) && (bytes[4] === 0x37 || bytes[4] === 0x39) && bytes[5] === 0x61) return 'gif';
  return null;
}

/** The uploaded file's format, or the 400 Square answers (SquareApiError). */
export function checkImageFile(file: UploadedFile): ImageFormat {
  const field = 'image_file';
  const declared = (file.contentType ?? '').split(';')[0]?.trim().toLowerCase() ?? '';
  if (!ACCEPTED_IMAGE_TYPES.includes(declared)) {
    throw apiError('INVALID_CONTENT_TYPE', `Only [${ACCEPTED_IMAGE_TYPES.join(' ')}] content types are allowed for \`${field}\`, but the part declares \`${file.contentType ?? 'no Content-Type'}\`.`, field);
  }
  const format = sniffImage(file.data);
  if (!format) throw apiError('INVALID_CONTENT_TYPE', `\`${field}\` is not a JPEG, PJPEG, PNG or GIF image (its bytes have none of their signatures), whatever its Content-Type says.`, field);
  if (file.data.length > MAX_IMAGE_BYTES) {
    throw apiError('BAD_REQUEST', `\`${field}\` is ${file.data.length} bytes; the maximum file size is 15 MB (${MAX_IMAGE_BYTES} bytes).`, field);
  }
  return format;
}

interface HostedFile {
  data: Buffer;
  format: ImageFormat;
}

/** Files by CDN token; each IMAGE object has one current file. */
export class ImageFiles {
  private readonly byToken = new Map<string, HostedFile>();
  private readonly tokenOf = new Map<string, string>();

  /** Hosts `data` as the file of image `imageId` (replacing its previous one) and returns its URL under `origin`. */
  put(imageId: string, data: Buffer, format: ImageFormat, origin: string): string {
    this.drop(imageId);
    const token = randomBytes(20).toString('hex');
    // A copy: the upload's bytes are a view into the whole request body.
    this.byToken.set(token, { data: Buffer.from(data), format });
    this.tokenOf.set(imageId, token);
    return `${origin}/files/${token}/original.${format}`;
  }

  /** Stops serving image `imageId`'s file (the image was deleted or got a new file). */
  drop(imageId: string): void {
    const token = this.tokenOf.get(imageId);
    if (token === undefined) return;
    this.byToken.delete(token);
    this.tokenOf.delete(imageId);
  }

  get(token: string): HostedFile | undefined {
    return this.byToken.get(token);
  }

  clear(): void {
    this.byToken.clear();
    this.tokenOf.clear();
  }

  get size(): number {
    return this.byToken.size;
  }
}

/** GET /files/<token>/original.<ext>: the bytes as uploaded (no auth, like a public CDN), 404 otherwise. */
export function mountImageFileRoutes(server: SandboxServer, files: ImageFiles): void {
  server.route('GET', '/files/{token}/{name}', (req): SandboxResponse => {
    const hosted = files.get(req.params.token ?? '');
    const name = FILE_NAME.exec(req.params.name ?? '');
    if (!hosted || !name || name[1] !== hosted.format) return { status: 404, headers: { 'content-type': 'text/plain' }, raw: 'Not Found' };
    return { status: 200, headers: { 'content-type': CONTENT_TYPE[hosted.format], 'cache-control': 'public, max-age=31536000' }, raw: hosted.data };
  });
}
