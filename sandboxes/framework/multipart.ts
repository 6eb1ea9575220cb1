/**
 * A small synchronous multipart/form-data reader (RFC 7578 over RFC 2046
 * framing) for sandboxes whose vendor takes file uploads. It works on the
 * whole raw body the server already holds; parts come back in order with
 * their name, file name, declared Content-Type and bytes (views into the
 * body, not copies).
 *
 * Framing: an optional preamble, then `--boundary` CRLF, part headers, an
 * empty line, the part's bytes, CRLF `--boundary` ... and a closing
 * `--boundary--` (an epilogue after it is ignored). Whitespace after a
 * delimiter is tolerated (RFC 2046 "transport padding"); bare-LF line ends
 * are not, as no client the sandboxes serve sends them.
 */

export interface MultipartPart {
  /** `name` parameter of Content-Disposition: form-data. */
  name: string;
  /** `filename` parameter, when the part is a file. */
  filename?: string;
  /** Declared Content-Type, as sent (undefined when the part has none). */
  contentType?: string;
  /** Lower-cased header names. */
  headers: Record<string, string>;
  data: Buffer;
}

export type MultipartResult = { ok: true; parts: MultipartPart[] } | { ok: false; error: string };

/** `multipart/form-data` (any case, parameters ignored)? */
export function isMultipartFormData(contentType: string | undefined): boolean {
  return /^\s*multipart\/form-data\s*(;|$)/i.test(contentType ?? '');
}

/** The `boundary` parameter of a multipart Content-Type (quoted or not), or null. */
export function boundaryOf(contentType: string | undefined): string | null {
  if (!contentType) return null;
  const params = parseParams(contentType.slice(contentType.indexOf(';') + 1 || contentType.length));
  const b = params.boundary;
  return b && b.length <= 70 ? b : null;
}

/** Parses a request's body given its Content-Type header. */
export function parseMultipartRequest(contentType: string | undefined, body: Buffer): MultipartResult {
  if (!isMultipartFormData(contentType)) return { ok: false, error: 'the Content-Type is not multipart/form-data' };
  const boundary = boundaryOf(contentType);
  if (!boundary) return { ok: false, error: 'the Content-Type has no boundary parameter' };
  return parseMultipart(body, boundary);
}

const CRLF = Buffer.from('\r\n');
const HEADER_END = Buffer.from('\r\n\r\n');

export function parseMultipart(body: Buffer, boundary: string): MultipartResult {
  const dash = Buffer.from(`--${boundary}`);
  const delimiter = Buffer.from(`\r\n--${boundary}`);
  // The first delimiter may open the body (no CRLF before it) or follow a preamble.
  let at: number;
  if (body.subarray(0, dash.length).equals(dash)) {
    at = dash.length;
  } else {
    const first = body.indexOf(delimiter);
    if (first < 0) return { ok: false, error: `no \`--${boundary}\` delimiter in the body` };
    at = first + delimiter.length;
  }
  const parts: MultipartPart[] = [];
  for (;;) {
    if (body[at] === 0x2d && body[at + 1] === 0x2d) return { ok: true, parts }; // closing delimiter
    while (body[at] === 0x20 || body[at] === 0x09) at++;
    if (!body.subarray(at, at + 2).equals(CRLF)) return { ok: false, error: `part ${parts.length + 1}: the delimiter line is not followed by CRLF` };
    at += 2;
    // A part with no headers starts straight with the empty line.
    let headerText = '';
    if (body.subarray(at, at + 2).equals(CRLF)) {
      at += 2;
    } else {
      const end = body.indexOf(HEADER_END, at);
      if (end < 0) return { ok: false, error: `part ${parts.length + 1}: its headers never end (no empty line)` };
      headerText = body.subarray(at, end).toString('latin1');
      at = end + HEADER_END.length;
    }
    const next = body.indexOf(delimiter, at);
    if (next < 0) return { ok: false, error: `part ${parts.length + 1}: no delimiter after its body (truncated?)` };
    const part = buildPart(headerText, body.subarray(at, next));
    if (typeof part === 'string') return { ok: false, error: `part ${parts.length + 1}: ${part}` };
    parts.push(part);
    at = next + delimiter.length;
    if (at >= body.length) return { ok: false, error: 'the body ends without the closing delimiter' };
  }
}

function buildPart(headerText: string, data: Buffer): MultipartPart | string {
  const headers: Record<string, string> = {};
  for (const line of headerText.split('\r\n')) {
    if (!line) continue;
    const colon = line.indexOf(':');
    if (colon <= 0) return `malformed header line \`${line.slice(0, 60)}\``;
    headers[line.slice(0, colon).trim().toLowerCase()] = line.slice(colon + 1).trim();
  }
  const disposition = headers['content-disposition'];
  if (!disposition || !/^form-data\s*(;|$)/i.test(disposition)) return 'no `Content-Disposition: form-data` header';
  const params = parseParams(disposition.slice(disposition.indexOf(';') + 1 || disposition.length));
  if (params.name === undefined) return 'Content-Disposition has no name';
  const filename = params['filename*'] !== undefined ? decodeExtValue(params['filename*']) : params.filename !== undefined ? decodeUtf8(params.filename) : undefined;
  return {
    name: decodeUtf8(params.name),
    ...(filename !== undefined ? { filename } : {}),
    ...(headers['content-type'] !== undefined ? { contentType: headers['content-type'] } : {}),
    headers,
    data,
  };
}

/** `; a=b; c="d \" e"` → { a: 'b', c: 'd " e' } (names lower-cased). */
function parseParams(text: string): Record<string, string> {
  const out: Record<string, string> = {};
  const re = /\s*;?\s*([^\s=;]+)\s*=\s*(?:"((?:[^"\\]|\\.)*)"|([^;]*))/gy;
  let m: RegExpExecArray | null;
  while ((m = re.exec(text)) !== null) {
    const key = (m[1] ?? '').toLowerCase();
    out[key] = m[2] !== undefined ? m[2].replace(/\\(.)/g, '$1') : (m[3] ?? '').trim();
  }
  return out;
}

/** Header text is read as latin1 (byte per char); browsers and form-data encoders send UTF-8 names. */
function decodeUtf8(latin1: string): string {
  return Buffer.from(latin1, 'latin1').toString('utf8');
}

/** RFC 5987 `UTF-8''na%C3%AFve.png`. */
function decodeExtValue(v: string): string {
  const m = /^[^']*'[^']*'(.*)$/.exec(v);
  const encoded = m ? (m[1] ?? '') : v;
  try {
    return decodeURIComponent(encoded);
  } catch {
    return encoded;
  }
}
