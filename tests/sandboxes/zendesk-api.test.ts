import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createZendeskClient, type ZendeskClient } from '../../connectors/zendesk/sdk';
import { createZendeskSandbox, signZendeskWebhook, type ZendeskSandbox } from '../../sandboxes/zendesk';

/**
 * The Zendesk sandbox driven by node-zendesk (raw HTTP only where the SDK has
 * no call or hides what we assert: headers, status of errors). Every exchange
 * is checked against oas.yaml; webhooks against the zod schemas.
 */

const EMAIL = 'agent@acme.test';
const TOKEN = 'api-token-123';
let sb: ZendeskSandbox;
let base: string;
let zd: ZendeskClient;

const auth = `Basic ${Buffer.from(`${EMAIL}/token:${TOKEN}`).toString('base64')}`;
async function raw(method: string, path: string, body?: unknown, headers: Record<string, string> = {}): Promise<{ status: number; headers: Headers; json: Record<string, unknown> }> {
  const res = await fetch(`${base}${path}`, { method, headers: { authorization: auth, 'content-type': 'application/json', ...headers }, ...(body ? { body: JSON.stringify(body) } : {}) });
  const text = await res.text();
  return { status: res.status, headers: res.headers, json: text ? (JSON.parse(text) as Record<string, unknown>) : {} };
}
type Rec = Record<string, unknown>;

beforeAll(async () => {
  sb = createZendeskSandbox({ subdomain: 'acme', email: EMAIL, apiToken: TOKEN, seed: { users: 12, organizations: 2, tickets: 5, seed: 7 }, webhookTimeScale: 0.0001 });
  base = await sb.start();
  zd = createZendeskClient({ username: EMAIL, token: TOKEN, endpointUri: `${base}/api/v2`, throwOriginalException: true });
});
afterAll(async () => {
  await sb.stop();
});

describe('zendesk sandbox via node-zendesk', () => {
  it('given a new end user, when created, shown, updated, searched and deleted, then each step answers as Zendesk does', async () => {
    const created = (await zd.users.create({ user: { name: 'Rita Levi', email: 'rita@example.org', external_id: 'ext-rita' } })).result as Rec;
    expect(created).toMatchObject({ name: 'Rita Levi', email: 'rita@example.org', role: 'end-user', active: true });
    const id = created.id as number;
    const updated = (await zd.users.update(id, { user: { name: 'Rita L.' } })).result as Rec;
    expect(updated.name).toBe('Rita L.');
    const found = await zd.users.search({ query: 'email:rita@example.org' });
    expect(found.map((u) => (u as Rec).id)).toEqual([id]);
    const many = (await zd.users.showMany([id])).result as Rec[];
    expect(many).toHaveLength(1);
    const upsert = await zd.users.createOrUpdate({ user: { email: 'rita@example.org', name: 'Rita Final' } });
    expect((upsert.result as Rec).id).toBe(id);
    await zd.users.delete(id);
    const after = (await zd.users.show(id)).result as Rec;
    expect(after.active).toBe(false);
    expect(sb.server.violations).toEqual([]);
  });

  it('given a duplicate email, when creating a user, then 422 RecordInvalid with field details', async () => {
    await zd.users.create({ user: { name: 'One', email: 'dup@example.org' } });
    const res = await raw('POST', '/api/v2/users.json', { user: { name: 'Two', email: 'dup@example.org' } });
    expect(res.status).toBe(422);
    expect(res.json).toMatchObject({ error: 'RecordInvalid', description: 'Record validation errors', details: { email: [{ error: 'DuplicateValue' }] } });
  });

  it('given a missing record, when shown, then 404 RecordNotFound', async () => {
    const res = await raw('GET', '/api/v2/tickets/999999.json');
    expect(res.status).toBe(404);
    expect(res.json).toEqual({ error: 'RecordNotFound', description: 'Not found' });
  });

  it('given bad credentials, when calling, then 401 with Zendesk body', async () => {
    const res = await fetch(`${base}/api/v2/users/me.json`, { headers: { authorization: `Basic ${Buffer.from(`${EMAIL}/token:nope`).toString('base64')}` } });
    expect(res.status).toBe(401);
    expect(await res.json()).toEqual({ error: "Couldn't authenticate you" });
  });

  it('given an OAuth token, when calling with Bearer, then it authenticates', async () => {
    sb.admin.issueOAuthToken('oauth-abc');
    const res = await fetch(`${base}/api/v2/users/me.json`, { headers: { authorization: 'Bearer oauth-abc' } });
    expect(res.status).toBe(200);
  });

  it('given a ticket, when an agent comments and changes status, then comments and the audit reflect it', async () => {
    const t = (await zd.tickets.create({ ticket: { subject: 'Printer', comment: { body: 'It is offline' }, priority: 'high' } })).result as Rec;
    expect(t).toMatchObject({ subject: 'Printer', description: 'It is offline', status: 'new', priority: 'high' });
    await zd.tickets.update(t.id as number, { ticket: { status: 'pending', comment: { body: 'Try restarting', public: true } } });
    const comments = (await zd.tickets.getComments(t.id as number)) as Rec[];
    expect(comments.map((c) => c.body)).toEqual(['It is offline', 'Try restarting']);
    expect(((await zd.tickets.show(t.id as number)).result as Rec).status).toBe('pending');
    expect(sb.server.violations).toEqual([]);
  });

  it('given create_many, when the job finishes, then job_status lists the created ids', async () => {
    // The SDK's createMany typing demands full comment objects; its generic post sends the documented body.
    const job = ((await zd.tickets.post(['tickets', 'create_many'], { tickets: [{ comment: { body: 'a' } }, { comment: { body: 'b' } }] })) as unknown as { result: Rec }).result.job_status as Rec;
    expect(job.status).toBe('queued');
    await new Promise((r) => setImmediate(r));
    const done = ((await zd.jobstatuses.show(job.id as string)).result as Rec).job_status as Rec;
    expect(done.status).toBe('completed');
    expect((done.results as Rec[]).map((r) => r.index)).toEqual([0, 1]);
  });

  it('given user and ticket fields, when created and listed, then they round-trip', async () => {
    const uf = (await zd.userfields.create({ user_field: { type: 'text', title: 'Tier', key: 'tier' } })).result as Rec;
    expect(uf).toMatchObject({ key: 'tier', type: 'text', title: 'Tier' });
    const tf = (await zd.ticketfields.create({ ticket_field: { type: 'text', title: 'Order #' } })).result as Rec;
    const fields = (await zd.ticketfields.list()) as Rec[];
    expect(fields.map((f) => f.id)).toContain(tf.id);
    const org = (await zd.organizations.create({ organization: { name: 'Widgets Inc' } })).result as Rec;
    expect(((await zd.organizations.show(org.id as number)).result as Rec).name).toBe('Widgets Inc');
  });

  it('given more users than a page, when walking cursor pages, then every user appears once', async () => {
    const all = (await zd.users.list()) as Rec[];
    const ids: number[] = [];
    let url: string | null = '/api/v2/users.json?page[size]=5';
    while (url) {
      const page = await raw('GET', url.replace(base, ''));
      ids.push(...(page.json.users as Rec[]).map((u) => u.id as number));
      const meta = page.json.meta as Rec;
      url = meta.has_more ? ((page.json.links as Rec).next as string) : null;
    }
    expect(ids).toEqual(all.map((u) => u.id));
    expect(new Set(ids).size).toBe(ids.length);
  });

  it('given offset pagination, when paging, then next_page/count work and the 10,000-record ceiling answers 400', async () => {
    const p1 = await raw('GET', '/api/v2/users.json?per_page=3&page=1');
    expect(p1.json.count).toBeGreaterThan(3);
    expect(String(p1.json.next_page)).toContain('page=2');
    const over = await raw('GET', '/api/v2/users.json?per_page=100&page=101');
    expect(over.status).toBe(400);
    expect(over.json.error).toBe('invalid_pagination');
  });

  it('given ticket changes and a deletion, when exporting incrementally, then the deleted ticket has status deleted and the stream ends', async () => {
    const t = (await zd.tickets.create({ ticket: { comment: { body: 'to delete' } } })).result as Rec;
    await zd.tickets.delete(t.id as number);
    const first = await raw('GET', '/api/v2/incremental/tickets/cursor.json?start_time=0&per_page=2');
    expect(first.json.end_of_stream).toBe(false);
    let cursor = first.json.after_cursor as string;
    const seen = [...(first.json.tickets as Rec[])];
    for (;;) {
      const page = await raw('GET', `/api/v2/incremental/tickets/cursor.json?cursor=${cursor}&per_page=2`);
      seen.push(...(page.json.tickets as Rec[]));
      cursor = page.json.after_cursor as string;
      if (page.json.end_of_stream) break;
      sb.admin.advanceTime(7); // stay under the 10/min incremental limit when it is on
    }
    expect(seen.find((x) => x.id === t.id)?.status).toBe('deleted');
    const users = await raw('GET', '/api/v2/incremental/users.json?start_time=0');
    expect(users.json).toMatchObject({ end_of_stream: true });
    expect(users.json.count).toBe((users.json.users as Rec[]).length);
    expect(typeof users.json.end_time).toBe('number');
  });

  it('given an Idempotency-Key, when the same create is replayed, then the same ticket comes back; a different body is refused', async () => {
    const body = { ticket: { subject: 'Idem', comment: { body: 'once' } } };
    const a = await raw('POST', '/api/v2/tickets.json', body, { 'idempotency-key': 'k-1' });
    const b = await raw('POST', '/api/v2/tickets.json', body, { 'idempotency-key': 'k-1' });
    expect(a.status).toBe(201);
    expect(a.headers.get('x-idempotency-lookup')).toBe('miss');
    expect(b.headers.get('x-idempotency-lookup')).toBe('hit');
    expect((b.json.ticket as Rec).id).toBe((a.json.ticket as Rec).id);
    const c = await raw('POST', '/api/v2/tickets.json', { ticket: { subject: 'Other', comment: { body: 'x' } } }, { 'idempotency-key': 'k-1' });
    expect(c.status).toBe(400);
    expect(c.json.error).toBe('IdempotentRequestError');
  });

  it('given a subscribed webhook, when a customer opens a ticket and an agent solves it, then signed events arrive', async () => {
    const received: { headers: http.IncomingHttpHeaders; body: string }[] = [];
    const srv = http.createServer((req, res) => {
      let b = '';
      req.on('data', (c: Buffer) => (b += c.toString()));
      req.on('end', () => {
        received.push({ headers: req.headers, body: b });
        res.end('ok');
      });
    });
    await new Promise<void>((r) => srv.listen(0, '127.0.0.1', r));
    const url = `http://127.0.0.1:${(srv.address() as AddressInfo).port}/hook`;
    const created = (await zd.webhooks.create({ webhook: { name: 'sync', endpoint: url, http_method: 'POST', request_format: 'json', status: 'active', subscriptions: ['zen:event-type:ticket.created', 'zen:event-type:ticket.status_changed', 'zen:event-type:ticket.comment_added', 'zen:event-type:user.created'] } })).result as Rec;
    const secret = (((await zd.webhooks.getSigningSecret(created.id as string)).result as Rec).signing_secret as Rec).secret as string;
    const t = sb.admin.customerOpensTicket({ email: 'newbie@example.org', subject: 'Help', body: 'Where is my order?' });
    sb.admin.agentSolves(t.id, 'Shipped today');
    await sb.emitter.drain();
    srv.close();
    const types = received.map((r) => (JSON.parse(r.body) as Rec).type);
    expect(types).toEqual(expect.arrayContaining(['zen:event-type:user.created', 'zen:event-type:ticket.created', 'zen:event-type:ticket.status_changed', 'zen:event-type:ticket.comment_added']));
    for (const r of received) {
      const ts = String(r.headers['x-zendesk-webhook-signature-timestamp']);
      expect(r.headers['x-zendesk-webhook-signature']).toBe(signZendeskWebhook(secret, ts, r.body));
      expect(r.headers['x-zendesk-webhook-id']).toBe(created.id);
      expect(r.headers['x-zendesk-webhook-invocation-id']).toMatch(/^\d+$/);
    }
  });

  it('given realistic Team limits, when the 201st request of the minute arrives, then 429 with Retry-After and headers', async () => {
    sb.setLimits('realistic', 'team');
    let last = await raw('GET', '/api/v2/users/me.json');
    expect(last.headers.get('x-rate-limit')).toBe('200');
    expect(last.headers.get('ratelimit-remaining')).toBe('199');
    for (let i = 0; i < 200 && last.status !== 429; i++) last = await raw('GET', '/api/v2/users/me.json');
    expect(last.status).toBe(429);
    expect(Number(last.headers.get('retry-after'))).toBeGreaterThan(0);
    expect(last.json.error).toBe('APIRateLimitExceeded');
    sb.admin.advanceTime(Number(last.headers.get('retry-after')));
    expect((await raw('GET', '/api/v2/users/me.json')).status).toBe(200);
    sb.setLimits('off');
  });

});
