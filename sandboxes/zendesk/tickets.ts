import { createHash } from 'node:crypto';
import { type SandboxResponse, type SandboxServer } from '../framework/server';
import { badRequest, notFound, ZendeskError } from './errors';
import { intParam, mountApi, type ApiContext, type Call } from './http';
import { paginate } from './pagination';
import { iso, renderComment, renderTicket } from './render';
import { type ZendeskState } from './state';
import { createTicket, softDeleteTicket, updateTicket } from './ticket-ops';
import { isJsonObject, type JobStatusRecord, type JsonObject, type TicketRecord } from './types';
import { requireRoot } from './users';

/** Tickets API routes: https://developer.zendesk.com/api-reference/ticketing/tickets/tickets/ */

/** "Idempotency keys expire after 2 hours": https://developer.zendesk.com/api-reference/ticketing/introduction/#idempotency */
export const IDEMPOTENCY_TTL_MS = 2 * 60 * 60 * 1000;

function fingerprint(body: JsonObject): string {
  return createHash('sha256').update(JSON.stringify(body)).digest('hex');
}

/**
 * Create Ticket with an `Idempotency-Key`: a replay with the same body returns
 * the stored response with `x-idempotency-lookup: hit`; the same key with a
 * different body is refused (400 IdempotentRequestError); failures are not stored.
 */
function idempotentCreate(state: ZendeskState, call: Call, run: () => SandboxResponse): SandboxResponse {
  const key = call.req.headers['idempotency-key'];
  if (!key) return run();
  const now = state.now();
  const print = fingerprint(call.body);
  const hit = state.idempotency.get(key);
  if (hit && hit.expiresAt > now) {
    if (hit.fingerprint !== print) {
      throw new ZendeskError(400, { error: 'IdempotentRequestError', description: 'Request parameters do not match the original request for this Idempotency-Key' });
    }
    return { status: hit.status, headers: { 'x-idempotency-lookup': 'hit' }, body: hit.body };
  }
  const res = run();
  if (res.status >= 200 && res.status < 300) state.idempotency.set(key, { fingerprint: print, status: res.status, body: res.body, expiresAt: now + IDEMPOTENCY_TTL_MS });
  return { ...res, headers: { ...(res.headers ?? {}), 'x-idempotency-lookup': 'miss' } };
}

export function renderJob(j: JobStatusRecord, base: string): JsonObject {
  return { id: j.id, url: `${base}/api/v2/job_statuses/${j.id}.json`, job_type: j.job_type, total: j.total, progress: j.progress, status: j.status, message: j.message, results: j.status === 'completed' ? j.results : null };
}

export function mountTicketRoutes(server: SandboxServer, ctx: ApiContext): void {
  const { state } = ctx;
  const live = (): TicketRecord[] => [...state.tickets.values()].filter((t) => t.status !== 'deleted').sort((a, b) => a.id - b.id);
  const find = (id: string | undefined): TicketRecord => {
    const t = state.tickets.get(intParam(id));
    if (!t || t.status === 'deleted') throw notFound();
    return t;
  };
  let jobCounter = 0;

  // https://developer.zendesk.com/api-reference/ticketing/tickets/tickets/#count-tickets
  mountApi(server, ctx, 'GET', '/api/v2/tickets/count', () => ({ status: 200, body: { count: { value: live().length, refreshed_at: iso(state.now()) } } }));
  // https://developer.zendesk.com/api-reference/ticketing/tickets/tickets/#show-multiple-tickets
  mountApi(server, ctx, 'GET', '/api/v2/tickets/show_many', (call) => {
    const ids = (call.req.query.get('ids') ?? '').split(',').filter(Boolean).map(Number);
    const tickets = ids.map((id) => state.tickets.get(id)).filter((t): t is TicketRecord => !!t && t.status !== 'deleted');
    return { status: 200, body: { tickets: tickets.map((t) => renderTicket(t, call.base)), next_page: null, previous_page: null, count: tickets.length } };
  });
  // https://developer.zendesk.com/api-reference/ticketing/tickets/tickets/#create-many-tickets (a job: poll job_statuses)
  mountApi(server, ctx, 'POST', '/api/v2/tickets/create_many', (call) => {
    const inputs = call.body.tickets;
    if (!Array.isArray(inputs)) throw badRequest('ParameterMissing', 'Parameter tickets is required');
    if (inputs.length > 100) throw badRequest('TooManyRecords', 'Too many tickets: a maximum of 100 can be created at once');
    const job: JobStatusRecord = { id: `V3-${createHash('sha1').update(`${state.accountId}:${++jobCounter}`).digest('hex').slice(0, 32)}`, job_type: 'Bulk Create Tickets', status: 'queued', total: inputs.length, progress: 0, message: null, results: [] };
    state.jobs.set(job.id, job);
    const actor = call.actor;
    // Zendesk runs the job in the background; the sandbox finishes it on the next tick.
    setImmediate(() => {
      job.status = 'working';
      inputs.forEach((input, index) => {
        try {
          const t = createTicket(state, isJsonObject(input) ? input : {}, actor);
          job.results.push({ index, id: t.id });
        } catch (err) {
          const description = err instanceof ZendeskError ? JSON.stringify(err.body.details ?? err.body.description ?? '') : String(err);
          job.results.push({ index, error: 'RecordInvalid', details: description });
        }
        job.progress = index + 1;
      });
      job.status = 'completed';
      job.message = `Completed at ${new Date(state.now()).toISOString()}`;
    });
    return { status: 200, body: { job_status: renderJob(job, call.base) } };
  });
  // https://developer.zendesk.com/api-reference/ticketing/ticket-management/job_statuses/#show-job-status
  mountApi(server, ctx, 'GET', '/api/v2/job_statuses/{job_status_id}', (call) => {
    const job = state.jobs.get((call.req.params.job_status_id ?? '').replace(/\.json$/, ''));
    if (!job) throw notFound();
    return { status: 200, body: { job_status: renderJob(job, call.base) } };
  });
  // https://developer.zendesk.com/api-reference/ticketing/tickets/tickets/#list-tickets (cursor and offset)
  mountApi(server, ctx, 'GET', '/api/v2/tickets', (call) => {
    const ext = call.req.query.get('external_id');
    const tickets = live().filter((t) => ext === null || t.external_id === ext);
    return { status: 200, body: paginate(call, tickets, 'tickets', (t) => renderTicket(t, call.base)) };
  });
  // https://developer.zendesk.com/api-reference/ticketing/tickets/tickets/#create-ticket
  mountApi(server, ctx, 'POST', '/api/v2/tickets', (call) =>
    idempotentCreate(state, call, () => ({ status: 201, body: { ticket: renderTicket(createTicket(state, requireRoot(call, 'ticket'), call.actor), call.base) } })),
  );
  // https://developer.zendesk.com/api-reference/ticketing/tickets/tickets/#show-ticket
  mountApi(server, ctx, 'GET', '/api/v2/tickets/{ticket_id}', (call) => ({ status: 200, body: { ticket: renderTicket(find(call.req.params.ticket_id), call.base) } }));
  // https://developer.zendesk.com/api-reference/ticketing/tickets/tickets/#update-ticket
  mountApi(server, ctx, 'PUT', '/api/v2/tickets/{ticket_id}', (call) => {
    const { ticket, audit } = updateTicket(state, find(call.req.params.ticket_id), requireRoot(call, 'ticket'), call.actor);
    return { status: 200, body: { ticket: renderTicket(ticket, call.base), audit } };
  });
  // https://developer.zendesk.com/api-reference/ticketing/tickets/tickets/#delete-ticket (soft delete)
  mountApi(server, ctx, 'DELETE', '/api/v2/tickets/{ticket_id}', (call) => {
    softDeleteTicket(state, find(call.req.params.ticket_id), call.actor);
    return { status: 204 };
  });
  // https://developer.zendesk.com/api-reference/ticketing/tickets/ticket_comments/#list-comments
  mountApi(server, ctx, 'GET', '/api/v2/tickets/{ticket_id}/comments', (call) => {
    const t = find(call.req.params.ticket_id);
    const comments = [...(state.comments.get(t.id) ?? [])];
    if (call.req.query.get('sort_order') === 'desc') comments.reverse();
    return { status: 200, body: paginate(call, comments, 'comments', renderComment) };
  });
}
