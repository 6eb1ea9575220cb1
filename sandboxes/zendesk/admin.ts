import { type SandboxServer } from '../framework/server';
import { type WebhookEmitter } from '../framework/webhooks';
import { type ZendeskWebhookDispatcher } from './events';
import { PLAN_LIMITS, type RateLimiter, type ZendeskLimits, type ZendeskPlan } from './rate-limit';
import { renderTicket, renderUser } from './render';
import { type ZendeskState } from './state';
import { createTicket, updateTicket } from './ticket-ops';
import { createUser } from './user-ops';
import { isJsonObject, type JsonObject, type TicketRecord, type TicketStatus, type UserRecord } from './types';

/**
 * What people do in the Zendesk UI, in-process: an end user replies by email,
 * an agent answers, solves, or a customer opens a ticket on the web form. Each
 * goes through the same ticket logic as the API, so webhooks fire the same way.
 * Plus the sandbox-only HTTP routes /_sandbox/state, /_sandbox/reset, /_sandbox/limits.
 */

export class ZendeskAdmin {
  constructor(
    private readonly state: ZendeskState,
    private readonly dispatcher: ZendeskWebhookDispatcher,
  ) {}

  private agent(): UserRecord {
    const a = this.state.users.get(this.state.agentId);
    if (!a) throw new Error('no agent');
    return a;
  }

  private ticket(id: number): TicketRecord {
    const t = this.state.tickets.get(id);
    if (!t || t.status === 'deleted') throw new Error(`no ticket ${id}`);
    return t;
  }

  /** An end user (created if new) submits a ticket through the web form. */
  customerOpensTicket(input: { email: string; name?: string; subject: string; body: string }): TicketRecord {
    const requester = this.state.userByEmail(input.email) ?? createUser(this.state, { name: input.name ?? input.email, email: input.email });
    return createTicket(this.state, { subject: input.subject, comment: { body: input.body }, requester_id: requester.id }, requester, 'web');
  }

  /** The requester replies by email: a public comment authored by them; a solved/pending ticket reopens. */
  requesterReplies(ticketId: number, body: string): TicketRecord {
    const t = this.ticket(ticketId);
    const requester = this.state.users.get(t.requester_id) ?? this.agent();
    const reopen: JsonObject = t.status === 'pending' || t.status === 'solved' ? { status: 'open' } : {};
    return updateTicket(this.state, t, { ...reopen, comment: { body, public: true, author_id: requester.id } }, requester).ticket;
  }

  /** An agent answers (public by default), optionally setting a status. */
  agentReplies(ticketId: number, body: string, opts: { public?: boolean; status?: TicketStatus } = {}): TicketRecord {
    const input: JsonObject = { comment: { body, public: opts.public ?? true } };
    if (opts.status) input.status = opts.status;
    return updateTicket(this.state, this.ticket(ticketId), input, this.agent()).ticket;
  }

  agentSolves(ticketId: number, body?: string): TicketRecord {
    const input: JsonObject = { status: 'solved' };
    if (body) input.comment = { body, public: true };
    return updateTicket(this.state, this.ticket(ticketId), input, this.agent()).ticket;
  }

  /** Moves the sandbox clock (rate-limit windows, timestamps, incremental start_time). */
  advanceTime(seconds: number): void {
    this.state.advance(seconds);
  }

  issueOAuthToken(token: string): void {
    this.state.oauthTokens.add(token);
  }

  get sentEvents(): ZendeskWebhookDispatcher['sent'] {
    return this.dispatcher.sent;
  }
}

export interface AdminRouteDeps {
  state: ZendeskState;
  limiter: RateLimiter;
  emitter: WebhookEmitter;
  reset(): void;
  setLimits(limits: ZendeskLimits, plan?: ZendeskPlan): void;
}

export function mountAdminRoutes(server: SandboxServer, deps: AdminRouteDeps): void {
  const base = 'https://sandbox.zendesk.local';
  server.route('GET', '/_sandbox/state', () => ({
    status: 200,
    body: {
      limits: deps.limiter.describe(),
      users: [...deps.state.users.values()].map((u) => renderUser(u, base)),
      tickets: [...deps.state.tickets.values()].map((t) => renderTicket(t, base)),
      webhooks: deps.state.webhooks.size,
      deliveries: deps.emitter.log.map((d) => ({ url: d.url, attempts: d.attempts, last_status: d.lastStatus, delivered: d.delivered })),
    },
  }));
  server.route('POST', '/_sandbox/reset', () => {
    deps.reset();
    return { status: 200, body: { ok: true } };
  });
  server.route('POST', '/_sandbox/limits', (req) => {
    const body: unknown = req.json;
    if (!isJsonObject(body)) return { status: 400, body: { error: 'expected {limits, plan?}' } };
    const l = body.limits;
    const limits: ZendeskLimits | null = l === 'off' || l === 'realistic' ? l : isJsonObject(l) && typeof l.perMinute === 'number' ? { perMinute: l.perMinute, ...(typeof l.incrementalPerMinute === 'number' ? { incrementalPerMinute: l.incrementalPerMinute } : {}) } : null;
    if (!limits) return { status: 400, body: { error: 'limits must be "off", "realistic" or {perMinute, incrementalPerMinute?}' } };
    const plan = Object.keys(PLAN_LIMITS).find((p): p is ZendeskPlan => p === body.plan);
    deps.setLimits(limits, plan);
    return { status: 200, body: { limits: deps.limiter.describe() } };
  });
}
