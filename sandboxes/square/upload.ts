import { createHash } from 'node:crypto';
import { isMultipartFormData, parseMultipartRequest, type MultipartPart } from '../framework/multipart';
import { type SandboxRequest, type SandboxResponse } from '../framework/server';
import { invalidRequest } from './errors';
import { isRecord } from './types';

/**
 * Square's file-upload endpoints (CreateCatalogImage, UpdateCatalogImage)
 * take `multipart/form-data`: a JSON part with the request object and a file
 * part with the bytes. The spec declares them as an object with the two
 * properties (`request`: the request schema, `image_file`: binary); that
 * object, with the file standing in as a string, is what gets validated.
 * https://developer.squareup.com/reference/square/catalog-api/create-catalog-image
 *
 * Malformed uploads, with the codes Square answers where they are known:
 * - a body that is not multipart → INVALID_CONTENT_TYPE ("Only
 *   [multipart/form-data] content type allowed", Square's answer to a JSON
 *   body: square/connect-php-sdk#134);
 * - more than one JSON part → INVALID_CONTENT_TYPE (Square's Invoices upload
 *   answers "Received multiple request parts" with it);
 * - an unparseable body or a missing / empty part → BAD_REQUEST (a file-less
 *   upload gets "Unexpected error in parsing the request.": square/square-nodejs-sdk#159);
 * - a `request` part that is not JSON → BAD_REQUEST, as for JSON bodies.
 */

export interface UploadedFile {
  filename?: string;
  /** The part's declared Content-Type (undefined when it sent none). */
  contentType?: string;
  data: Buffer;
  /** Hex SHA-256 of `data`: what idempotency compares instead of the bytes. */
  sha256: string;
}

/** Names of the two parts: the JSON request and the file. */
export interface UploadParts {
  json: string;
  file: string;
}

export type UploadRead = { ok: true; request: Record<string, unknown>; file: UploadedFile } | { ok: false; response: SandboxResponse };

const fail = (code: string, detail: string, field?: string): UploadRead => ({ ok: false, response: invalidRequest(code, detail, field) });

/** The request JSON and the file of a Square upload, or the 400 Square answers. */
export function readUpload(req: SandboxRequest, names: UploadParts): UploadRead {
  const type = req.headers['content-type'];
  if (!isMultipartFormData(type)) {
    return fail('INVALID_CONTENT_TYPE', `Only [multipart/form-data] content type allowed, but got \`${type ?? 'no Content-Type'}\`: send the \`${names.json}\` JSON part and the \`${names.file}\` file part as multipart/form-data.`);
  }
  const parsed = parseMultipartRequest(type, req.rawBody);
  if (!parsed.ok) return fail('BAD_REQUEST', `The multipart/form-data body could not be parsed: ${parsed.error}.`);
  const jsonParts = parsed.parts.filter((p) => p.name === names.json);
  const fileParts = parsed.parts.filter((p) => p.name === names.file);
  if (jsonParts.length > 1) return fail('INVALID_CONTENT_TYPE', `Received ${jsonParts.length} \`${names.json}\` parts; send exactly one JSON part.`, names.json);
  const jsonPart = jsonParts[0];
  if (!jsonPart) return fail('BAD_REQUEST', `The multipart body has no \`${names.json}\` part (the request object as JSON).`, names.json);
  let request: unknown;
  try {
    request = JSON.parse(jsonPart.data.toString('utf8'));
  } catch {
    return fail('BAD_REQUEST', `The \`${names.json}\` part is not valid JSON.`, names.json);
  }
  if (!isRecord(request)) return fail('EXPECTED_OBJECT', `The \`${names.json}\` part must be a JSON object.`, names.json);
  if (fileParts.length > 1) return fail('BAD_REQUEST', `Received ${fileParts.length} \`${names.file}\` parts; send exactly one file.`, names.file);
  const filePart = fileParts[0];
  if (!filePart) return fail('BAD_REQUEST', `The multipart body has no \`${names.file}\` part (the file's bytes).`, names.file);
  if (!filePart.data.length) return fail('BAD_REQUEST', `The \`${names.file}\` part is empty.`, names.file);
  return { ok: true, request, file: toFile(filePart) };
}

function toFile(part: MultipartPart): UploadedFile {
  return {
    ...(part.filename !== undefined ? { filename: part.filename } : {}),
    ...(part.contentType !== undefined ? { contentType: part.contentType } : {}),
    data: part.data,
    sha256: createHash('sha256').update(part.data).digest('hex'),
  };
}

/** What the spec's multipart schema is checked against: the parsed JSON part and a stand-in for the file. */
export function uploadContractBody(request: unknown, names: UploadParts, hasFile: boolean): Record<string, unknown> {
  return { ...(request !== undefined ? { [names.json]: request } : {}), ...(hasFile ? { [names.file]: '<binary>' } : {}) };
}

/**
 * The contract view of an upload the pipeline did not get to validate (it
 * failed earlier): the schema object, or why the body is not one. A JSON
 * part that does not parse is kept as text, so the schema reports it.
 */
export function uploadContractView(req: SandboxRequest, names: UploadParts): { body: Record<string, unknown> } | { problem: string } {
  const parsed = parseMultipartRequest(req.headers['content-type'], req.rawBody);
  if (!parsed.ok) return { problem: `request body is not the multipart/form-data the spec declares: ${parsed.error}` };
  const json = parsed.parts.find((p) => p.name === names.json);
  let request: unknown;
  if (json) {
    const text = json.data.toString('utf8');
    try {
      request = JSON.parse(text);
    } catch {
      request = text;
    }
  }
  return { body: uploadContractBody(request, names, parsed.parts.some((p) => p.name === names.file)) };
}
