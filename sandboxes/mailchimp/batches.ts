import { MailchimpError, notFound } from './errors';
import { api, INTERNAL_HEADER, noContent, ok, type RouteDeps } from './http';
import { paginate } from './paging';
import { selfLinks } from './render';
import { tarGz } from './tar';
import { isRecord, isoSeconds, type JsonObject } from './types';

/**
 * Batch operations (https://mailchimp.com/developer/marketing/api/batch-operations/,
 * https://mailchimp.com/developer/marketing/guides/run-async-requests-batch-endpoint/):
 * POST /batches queues operations and answers `pending`; they then run in order
 * (`started`), each through the same routes as a direct call, and the batch ends
 * `finished` with `response_body_url` pointing at a .tar.gz of JSON files, each an
 * array of { status_code, operation_id, response } where `response` is the JSON
 * body as a string. Batch sub-requests don't count against the connection limit.
 */

export interface BatchRecord {
  id: string;
  status: 'pending' | 'preprocessing' | 'started' | 'finalizing' | 'finished';
  operations: { method: string; path: string; params: { [key: string]: string }; body: string | undefined; operationId: string | undefined }[];
  finished: number;
  errored: number;
  submittedAt: number;
  completedAt: number | null;
  archive: Buffer | null;
  cancelled: boolean;
}

export interface BatchOptions {
  /** Delay before a queued batch starts, ms (default 0: next tick). */
  startDelayMs: number;
}

const RESULTS_PER_FILE = 500;

export function mountBatchRoutes(deps: RouteDeps, batches: Map<string, BatchRecord>, opts: BatchOptions): void {
  const { state, links, server, ctx } = deps;
  const render = (b: BatchRecord): JsonObject => {
    const out: JsonObject = {
      id: b.id,
      status: b.status,
      total_operations: b.operations.length,
      finished_operations: b.finished,
      errored_operations: b.errored,
      submitted_at: isoSeconds(b.submittedAt),
      response_body_url: b.archive ? `${server.baseUrl}/_sandbox/batch-results/${b.id}.tar.gz` : '',
      _links: selfLinks(links, `/batches/${b.id}`, '/batches'),
    };
    if (b.completedAt !== null) out.completed_at = isoSeconds(b.completedAt);
    return out;
  };

  async function run(b: BatchRecord, authorization: string): Promise<void> {
    if (b.cancelled) return;
    b.status = 'started';
    const results: JsonObject[] = [];
    for (const op of b.operations) {
      if (b.cancelled) return;
      const path = op.path.startsWith('/3.0/') ? op.path : `/3.0${op.path.startsWith('/') ? '' : '/'}${op.path}`;
      const raw = op.body === undefined ? Buffer.alloc(0) : Buffer.from(op.body, 'utf8');
      let json: unknown;
      try {
        json = raw.length ? JSON.parse(op.body ?? '') : undefined;
      } catch {
        json = undefined;
      }
      const res = await server.dispatch({
        method: op.method,
        path,
        query: new URLSearchParams(op.params),
        headers: { authorization, 'content-type': 'application/json', [INTERNAL_HEADER]: ctx.internalToken },
        rawBody: raw,
        json,
      });
      b.finished++;
      if (res.status >= 400) b.errored++;
      results.push({ status_code: res.status, operation_id: op.operationId ?? null, response: res.body === undefined ? '' : JSON.stringify(res.body) });
    }
    b.status = 'finalizing';
    const files = [];
    for (let i = 0; i < results.length; i += RESULTS_PER_FILE) files.push({ name: `${b.id}-${i / RESULTS_PER_FILE}.json`, content: JSON.stringify(results.slice(i, i + RESULTS_PER_FILE)) });
    b.completedAt = state.now();
    b.archive = tarGz(files, b.completedAt, b.id);
    b.status = 'finished';
  }

  // https://mailchimp.com/developer/marketing/api/batch-operations/start-batch-operation/
  api(deps, 'POST', '/batches', (req, body) => {
    const ops = Array.isArray(body.operations) ? body.operations.filter(isRecord) : [];
    const b: BatchRecord = {
      id: state.rand.hex(10),
      status: 'pending',
      operations: ops.map((o) => ({
        method: String(o.method ?? 'GET').toUpperCase(),
        path: String(o.path ?? '/'),
        params: isRecord(o.params) ? Object.fromEntries(Object.entries(o.params).map(([k, v]) => [k, String(v)])) : {},
        body: typeof o.body === 'string' ? o.body : undefined,
        operationId: typeof o.operation_id === 'string' ? o.operation_id : undefined,
      })),
      finished: 0,
      errored: 0,
      submittedAt: state.now(),
      completedAt: null,
      archive: null,
      cancelled: false,
    };
    if (!b.operations.length) throw new MailchimpError(400, 'Invalid Resource', 'The operations array must contain at least one operation.', [{ field: 'operations', message: 'This value should not be blank.' }]);
    batches.set(b.id, b);
    const auth = req.headers.authorization ?? '';
    setTimeout(() => void run(b, auth), opts.startDelayMs);
    return ok(render(b));
  });

  // https://mailchimp.com/developer/marketing/api/batch-operations/list-batch-requests/
  api(deps, 'GET', '/batches', (req) => {
    const { page, total } = paginate([...batches.values()], req.query);
    return ok({ batches: page.map(render), total_items: total, _links: selfLinks(links, '/batches') });
  });

  // https://mailchimp.com/developer/marketing/api/batch-operations/get-batch-operation-status/
  api(deps, 'GET', '/batches/{batch_id}', (req) => {
    const b = batches.get(req.params.batch_id ?? '');
    if (!b) throw notFound();
    return ok(render(b));
  });

  // https://mailchimp.com/developer/marketing/api/batch-operations/delete-batch-request/
  api(deps, 'DELETE', '/batches/{batch_id}', (req) => {
    const b = batches.get(req.params.batch_id ?? '');
    if (!b) throw notFound();
    b.cancelled = true;
    batches.delete(b.id);
    return noContent();
  });

  // The archive Mailchimp hosts on a pre-signed URL: no API auth.
  server.route('GET', '/_sandbox/batch-results/{file}', (req) => {
    const b = batches.get((req.params.file ?? '').replace(/\.tar\.gz$/, ''));
    if (!b?.archive) return { status: 404, raw: 'Not Found', headers: { 'content-type': 'text/plain' } };
    return { status: 200, raw: b.archive, headers: { 'content-type': 'application/x-gzip' } };
  });
}
