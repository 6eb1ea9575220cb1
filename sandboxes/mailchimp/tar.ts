import { gzipSync } from 'node:zlib';

/**
 * A minimal ustar writer: batch results are a gzipped tar archive of JSON
 * files, as Mailchimp serves them from `response_body_url`
 * (https://mailchimp.com/developer/marketing/guides/run-async-requests-batch-endpoint/).
 */

function header(name: string, size: number, mtime: number, type: '0' | '5'): Buffer {
  const h = Buffer.alloc(512, 0);
  const put = (s: string, off: number, len: number): void => void h.write(s.slice(0, len), off, 'ascii');
  const oct = (n: number, len: number): string => n.toString(8).padStart(len - 1, '0');
  put(name, 0, 100);
  put(oct(type === '5' ? 0o755 : 0o644, 8), 100, 8);
  put(oct(0, 8), 108, 8);
  put(oct(0, 8), 116, 8);
  put(oct(size, 12), 124, 12);
  put(oct(Math.floor(mtime / 1000), 12), 136, 12);
  put('        ', 148, 8);
  put(type, 156, 1);
  put('ustar\u000000', 257, 8);
  let sum = 0;
  for (const b of h) sum += b;
  put(`${oct(sum, 7)}\u0000`, 148, 8);
  return h;
}

export function tarGz(files: { name: string; content: string }[], mtime: number, dir?: string): Buffer {
  const parts: Buffer[] = [];
  if (dir) parts.push(header(`${dir}/`, 0, mtime, '5'));
  for (const f of files) {
    const data = Buffer.from(f.content, 'utf8');
    parts.push(header(dir ? `${dir}/${f.name}` : f.name, data.length, mtime, '0'), data, Buffer.alloc((512 - (data.length % 512)) % 512, 0));
  }
  parts.push(Buffer.alloc(1024, 0));
  return gzipSync(Buffer.concat(parts));
}
