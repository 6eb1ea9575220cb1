import { gunzipSync } from 'node:zlib';
import { VendorError } from '../types';
import type { MailchimpSdk, SdkOperation } from './sdk';
import { isObject, sleep } from './util';

/**
 * Bulk writes through the Batch Operations API
 * (https://mailchimp.com/developer/marketing/guides/run-async-requests-batch-endpoint/):
 * submit, poll GET /batches/{id} until `finished`, then download
 * `response_body_url` (a .tar.gz of JSON arrays of {status_code, operation_id,
 * response}) and return one result per operation, in submission order.
 */

export interface BatchOperationInput {
  method: SdkOperation['method'];
  /** API path without /3.0, e.g. /lists/abc123/members/<hash>. */
  path: string;
  params?: { [key: string]: string };
  /** Serialised to the `body` string the API expects. */
  body?: object;
  operationId?: string;
}

export interface BatchOperationResult {
  operationId: string | null;
  status: number;
  /** Parsed JSON response (null when empty). */
  body: unknown;
}

export interface BatchOptions {
  pollMs: number;
  timeoutMs: number;
}

/** Files of a ustar archive (regular files only). */
export function untar(buf: Buffer): { name: string; content: Buffer }[] {
  const out: { name: string; content: Buffer }[] = [];
  let off = 0;
  while (off + 512 <= buf.length) {
    const h = buf.subarray(off, off + 512);
    if (h.every((b) => b === 0)) break;
    const field = (start: number, len: number): string => h.subarray(start, start + len).toString('ascii').replace(/\0.*$/s, '');
    const prefix = field(345, 155);
    const name = prefix ? `${prefix}/${field(0, 100)}` : field(0, 100);
    const size = parseInt(field(124, 12).trim() || '0', 8);
    const type = field(156, 1);
    if (type === '0' || type === '') out.push({ name, content: buf.subarray(off + 512, off + 512 + size) });
    off += 512 + Math.ceil(size / 512) * 512;
  }
  return out;
}

export function parseBatchArchive(gz: Buffer): BatchOperationResult[] {
  const results: BatchOperationResult[] = [];
  for (const f of untar(gunzipSync(gz))) {
    if (!f.name.endsWith('.json')) continue;
    const rows: unknown = JSON.parse(f.content.toString('utf8'));
    if (!Array.isArray(rows)) continue;
    for (const r of rows) {
      if (!isObject(r)) continue;
      const text = typeof r.response === 'string' ? r.response : '';
      let body: unknown = null;
      try {
        body = text ? JSON.parse(text) : null;
      } catch {
        body = text;
      }
      results.push({ operationId: typeof r.operation_id === 'string' ? r.operation_id : null, status: Number(r.status_code), body });
    }
  }
  return results;
}

export async function runBatch(call: <T>(fn: (sdk: MailchimpSdk) => Promise<T>) => Promise<T>, ops: BatchOperationInput[], opts: BatchOptions): Promise<BatchOperationResult[]> {
  if (!ops.length) return [];
  const ids = ops.map((o, i) => o.operationId ?? `op-${i}`);
  const operations: SdkOperation[] = ops.map((o, i) => ({
    method: o.method,
    path: o.path,
    ...(o.params ? { params: o.params } : {}),
    ...(o.body !== undefined ? { body: JSON.stringify(o.body) } : {}),
    operation_id: ids[i],
  }));
  let batch = await call((sdk) => sdk.batches.start({ operations }));
  const deadline = Date.now() + opts.timeoutMs;
  while (batch.status !== 'finished') {
    if (Date.now() > deadline) throw new VendorError(`mailchimp batch ${batch.id} not finished after ${opts.timeoutMs} ms (status ${batch.status})`, 'mailchimp', 0);
    await sleep(opts.pollMs);
    const id = batch.id;
    batch = await call((sdk) => sdk.batches.status(id));
  }
  const res = await fetch(batch.response_body_url);
  if (!res.ok) throw new VendorError(`mailchimp batch ${batch.id}: results download failed with ${res.status}`, 'mailchimp', res.status);
  const results = parseBatchArchive(Buffer.from(await res.arrayBuffer()));
  const byId = new Map(results.map((r) => [r.operationId, r]));
  return ids.map((id) => byId.get(id) ?? { operationId: id, status: 0, body: null });
}
