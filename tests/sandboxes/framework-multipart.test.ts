import { describe, expect, it } from 'vitest';
import { boundaryOf, isMultipartFormData, parseMultipart, parseMultipartRequest } from '../../sandboxes/framework/multipart';

/**
 * The sandboxes' multipart/form-data reader: what real encoders send (the
 * Fetch API's FormData, hand-written curl-style bodies) and what they get
 * wrong (truncation, missing delimiters and dispositions).
 */

const CRLF = '\r\n';

function body(boundary: string, parts: { headers: string[]; data: string | Buffer }[], opts: { preamble?: string; epilogue?: string } = {}): Buffer {
  const chunks: Buffer[] = [];
  if (opts.preamble !== undefined) chunks.push(Buffer.from(`${opts.preamble}${CRLF}`));
  for (const p of parts) {
    chunks.push(Buffer.from(`--${boundary}${CRLF}${p.headers.join(CRLF)}${CRLF}${CRLF}`));
    chunks.push(Buffer.isBuffer(p.data) ? p.data : Buffer.from(p.data));
    chunks.push(Buffer.from(CRLF));
  }
  chunks.push(Buffer.from(`--${boundary}--${opts.epilogue ?? CRLF}`));
  return Buffer.concat(chunks);
}

describe('multipart/form-data reader', () => {
  it('given the Content-Type, when reading the boundary, then plain and quoted forms work and non-multipart types are told apart', () => {
    expect(isMultipartFormData('multipart/form-data; boundary=abc')).toBe(true);
    expect(isMultipartFormData('Multipart/Form-Data;boundary="a b"')).toBe(true);
    expect(isMultipartFormData('application/json')).toBe(false);
    expect(isMultipartFormData('multipart/form-datax; boundary=abc')).toBe(false);
    expect(isMultipartFormData(undefined)).toBe(false);
    expect(boundaryOf('multipart/form-data; boundary=form-data-encoder-tkli59b2')).toBe('form-data-encoder-tkli59b2');
    expect(boundaryOf('multipart/form-data; charset=utf-8; boundary="a b;c"')).toBe('a b;c');
    expect(boundaryOf('multipart/form-data')).toBeNull();
    expect(boundaryOf(`multipart/form-data; boundary=${'x'.repeat(71)}`)).toBeNull();
  });

  it('given a JSON field and a binary file whose bytes contain CRLF and dashes, when parsed, then both parts come back byte for byte', () => {
    const bytes = Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x2d, 0x2d, 0x00, 0xff, 0x0d, 0x0a]);
    const raw = body('XyZ', [
      { headers: ['Content-Disposition: form-data; name="request"'], data: '{"idempotency_key":"k"}' },
      { headers: ['Content-Disposition: form-data; name="image_file"; filename="a.png"', 'Content-Type: image/png'], data: bytes },
    ]);
    const r = parseMultipart(raw, 'XyZ');
    expect(r.ok).toBe(true);
    if (!r.ok) return;
    expect(r.parts.map((p) => [p.name, p.filename, p.contentType])).toEqual([
      ['request', undefined, undefined],
      ['image_file', 'a.png', 'image/png'],
    ]);
    expect(r.parts[0]?.data.toString()).toBe('{"idempotency_key":"k"}');
    expect(r.parts[1]?.data.equals(bytes)).toBe(true);
    expect(r.parts[1]?.headers['content-disposition']).toContain('filename="a.png"');
  });

  it('given a body encoded by the Fetch API FormData, when parsed, then fields, file names and types match what was appended', async () => {
    const form = new FormData();
    form.append('request', JSON.stringify({ a: 'ü' }));
    form.append('image_file', new Blob([Buffer.from('GIF89a\x01\x02')], { type: 'image/gif' }), 'naïve "pic".gif');
    const req = new Request('http://x/', { method: 'POST', body: form });
    const raw = Buffer.from(await req.arrayBuffer());
    const r = parseMultipartRequest(req.headers.get('content-type') ?? undefined, raw);
    expect(r.ok).toBe(true);
    if (!r.ok) return;
    expect(JSON.parse(r.parts[0]?.data.toString('utf8') ?? '')).toEqual({ a: 'ü' });
    expect(r.parts[1]).toMatchObject({ name: 'image_file', contentType: 'image/gif' });
    // The encoder escapes the quotes (%22) and sends the rest as UTF-8.
    expect(r.parts[1]?.filename).toBe('naïve %22pic%22.gif');
    expect(r.parts[1]?.data.toString('latin1')).toBe('GIF89a\x01\x02');
  });

  it('given a preamble, transport padding, an epilogue, a header-less part and an RFC 5987 file name, when parsed, then all are handled', () => {
    const raw = Buffer.concat([
      Buffer.from(`This is the preamble.${CRLF}--b  ${CRLF}Content-Disposition: form-data; name="x"; filename*=UTF-8''caf%C3%A9.png${CRLF}${CRLF}one${CRLF}`),
      Buffer.from(`--b${CRLF}Content-Disposition: form-data; name=y${CRLF}${CRLF}${CRLF}--b--${CRLF}trailing epilogue`),
    ]);
    const r = parseMultipart(raw, 'b');
    expect(r.ok).toBe(true);
    if (!r.ok) return;
    expect(r.parts.map((p) => [p.name, p.filename, p.data.toString()])).toEqual([
      ['x', 'café.png', 'one'],
      ['y', undefined, ''],
    ]);
  });

  it('given broken bodies, when parsed, then each fails with a reason instead of a guess', () => {
    const good = body('b', [{ headers: ['Content-Disposition: form-data; name="request"'], data: '{"a":"some longer value"}' }]);
    expect(parseMultipart(Buffer.from('{"not":"multipart"}'), 'b')).toEqual({ ok: false, error: expect.stringContaining('no `--b` delimiter') });
    expect(parseMultipart(good.subarray(0, good.length - 14), 'b')).toEqual({ ok: false, error: expect.stringContaining('no delimiter after its body') });
    expect(parseMultipart(Buffer.from(`--b${CRLF}Content-Disposition: form-data; name="a"${CRLF}${CRLF}x${CRLF}--b`), 'b')).toEqual({ ok: false, error: expect.stringContaining('closing delimiter') });
    expect(parseMultipart(Buffer.from(`--b${CRLF}Content-Type: text/plain${CRLF}${CRLF}x${CRLF}--b--`), 'b')).toEqual({ ok: false, error: expect.stringContaining('Content-Disposition') });
    expect(parseMultipart(Buffer.from(`--b${CRLF}Content-Disposition: form-data${CRLF}${CRLF}x${CRLF}--b--`), 'b')).toEqual({ ok: false, error: expect.stringContaining('no name') });
    expect(parseMultipart(Buffer.from(`--bxyz${CRLF}`), 'b')).toEqual({ ok: false, error: expect.stringContaining('not followed by CRLF') });
    expect(parseMultipartRequest('application/json', good)).toEqual({ ok: false, error: expect.stringContaining('not multipart/form-data') });
    expect(parseMultipartRequest('multipart/form-data', good)).toEqual({ ok: false, error: expect.stringContaining('no boundary') });
  });

  it('given no parts at all, when parsed, then the body is valid and empty', () => {
    expect(parseMultipart(Buffer.from(`--b--${CRLF}`), 'b')).toEqual({ ok: true, parts: [] });
  });
});
