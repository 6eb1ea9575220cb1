import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { takeViolations } from '../../sandboxes/framework/server';
import { type MailchimpSandbox } from '../../sandboxes/mailchimp/index';
import { API_KEY, sdk, sdkClient, sdkError, startSandbox, until, type LooseSdk } from './mailchimp-harness';

interface Hit { method: string; url: string; contentType: string; body: string }

/** A webhook receiver: GET answers `getStatus`, POSTs answer the next of `postStatuses` (then 200). */
async function receiver(): Promise<{ url: string; hits: Hit[]; getStatus: { value: number }; postStatuses: number[]; close: () => Promise<void> }> {
  const hits: Hit[] = [];
  const getStatus = { value: 200 };
  const postStatuses: number[] = [];
  const server = http.createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => {
      hits.push({ method: req.method ?? '', url: req.url ?? '', contentType: req.headers['content-type'] ?? '', body: Buffer.concat(chunks).toString('utf8') });
      res.writeHead(req.method === 'GET' ? getStatus.value : (postStatuses.shift() ?? 200)).end();
    });
  });
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', () => r()));
  const url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  return { url, hits, getStatus, postStatuses, close: () => new Promise((r) => server.close(() => r())) };
}

let sb: MailchimpSandbox;
let base: string;
let mc: LooseSdk;
let listId: string;

beforeAll(async () => {
  ({ sb, base, mc, listId } = await startSandbox({ seed: { lists: 1, members: 3 }, webhookTimeScale: 0.00001 }));
});
afterAll(async () => {
  await sb.stop();
});

describe('mailchimp sandbox HTTP behaviour', () => {
  it('given a wrong API key, when the SDK calls, then 401 API Key Invalid in the problem shape', async () => {
    const { status, body } = await sdkError(sdk(sdkClient(base, 'ffffffffffffffffffffffffffffffff-us21'), 'lists', 'getAllLists'));
    expect(status).toBe(401);
    expect(body).toMatchObject({
      type: 'https://mailchimp.com/developer/marketing/docs/errors/',
      title: 'API Key Invalid',
      status: 401,
      detail: "Your API key may be invalid, or you've attempted to access the wrong datacenter.",
    });
    expect(String(body.instance)).toMatch(/^[0-9a-f-]{36}$/);
  });

  it('given no credentials, apikey or bearer headers, when calling /ping, then only missing credentials are refused', async () => {
    const missing = await fetch(`${base}/3.0/ping`);
    expect(missing.status).toBe(401);
    expect(missing.headers.get('content-type')).toContain('application/problem+json');
    expect(((await missing.json()) as { title: string }).title).toBe('API Key Missing');
    expect((await fetch(`${base}/3.0/ping`, { headers: { authorization: `apikey ${API_KEY}` } })).status).toBe(200);
    expect((await fetch(`${base}/3.0/ping`, { headers: { authorization: `Bearer ${API_KEY}` } })).status).toBe(200);
  });

  it('given an unknown path or a broken JSON body, when called, then 404 Resource Not Found / 400 JSON Parse Exception', async () => {
    const auth = { authorization: `Basic ${Buffer.from(`any:${API_KEY}`).toString('base64')}` };
    const nf = await fetch(`${base}/3.0/lists/nope`, { headers: auth });
    expect(nf.status).toBe(404);
    expect(await nf.json()).toMatchObject({ title: 'Resource Not Found', status: 404 });
    const bad = await fetch(`${base}/3.0/lists/${listId}/members`, { method: 'POST', headers: { ...auth, 'content-type': 'application/json' }, body: '{"email_address":' });
    expect(bad.status).toBe(400);
    expect(await bad.json()).toMatchObject({ title: 'JSON Parse Exception', status: 400 });
    // The unparseable body is a client contract violation, taken here on purpose.
    expect(takeViolations(sb.server).map((v) => v.path)).toEqual([`/3.0/lists/${listId}/members`]);
  });

  it('given a limit of 10 connections, when 11 requests run at once, then exactly one gets 429 Too Many Requests', async () => {
    sb.setLimits({ concurrent: 10, holdMs: 400 });
    try {
      const results = await Promise.allSettled(Array.from({ length: 11 }, () => sdk(mc, 'ping', 'get')));
      const rejected = results.filter((r): r is PromiseRejectedResult => r.status === 'rejected');
      expect(results.filter((r) => r.status === 'fulfilled')).toHaveLength(10);
      expect(rejected).toHaveLength(1);
      const err = rejected[0]?.reason as { status: number; response: { body: { [k: string]: unknown } } };
      expect(err.status).toBe(429);
      expect(err.response.body).toMatchObject({ type: 'https://mailchimp.com/developer/marketing/docs/errors/', title: 'Too Many Requests', status: 429 });
    } finally {
      sb.setLimits('off');
    }
  });

  it('given a receiver, when a webhook is created, then Mailchimp validates the URL with a GET and refuses a URL that fails it', async () => {
    const r = await receiver();
    try {
      const hook = await sdk<{ id: string; url: string; sources: { api: boolean } }>(mc, 'lists', 'createListWebhook', listId, { url: `${r.url}/mc?secret=s3cret`, sources: { user: true, admin: true, api: true } });
      expect(hook.url).toBe(`${r.url}/mc?secret=s3cret`);
      expect(r.hits).toEqual([expect.objectContaining({ method: 'GET', url: '/mc?secret=s3cret' })]);
      r.getStatus.value = 404;
      const refused = await sdkError(sdk(mc, 'lists', 'createListWebhook', listId, { url: `${r.url}/other` }));
      expect(refused.status).toBe(400);
      expect(refused.body).toMatchObject({ title: 'Invalid Resource', errors: [expect.objectContaining({ field: 'url' })] });
      const all = await sdk<{ webhooks: { id: string }[]; total_items: number }>(mc, 'lists', 'getListWebhooks', listId);
      expect(all.webhooks.map((w) => w.id)).toEqual([hook.id]);
      await sdk(mc, 'lists', 'deleteListWebhook', listId, hook.id);
    } finally {
      await r.close();
    }
  });

  it('given a webhook, when the API subscribes a contact, then a form-encoded subscribe POST reaches the URL with its secret, retried after a 500', async () => {
    const r = await receiver();
    try {
      const hook = await sdk<{ id: string }>(mc, 'lists', 'createListWebhook', listId, { url: `${r.url}/mc?secret=s3cret`, events: { subscribe: true, unsubscribe: true, profile: false }, sources: { user: true, admin: true, api: true } });
      r.postStatuses.push(500);
      await sdk(mc, 'lists', 'setListMember', listId, 'hooked@example.com', { email_address: 'hooked@example.com', status_if_new: 'subscribed', merge_fields: { FNAME: 'Hook' } });
      await until(() => r.hits.filter((h) => h.method === 'POST').length >= 2, 'delivery and its retry');
      await sb.emitter.drain();
      const posts = r.hits.filter((h) => h.method === 'POST');
      expect(posts).toHaveLength(2);
      expect(posts[1]?.url).toBe('/mc?secret=s3cret');
      expect(posts[1]?.contentType).toBe('application/x-www-form-urlencoded');
      const form = new URLSearchParams(posts[1]?.body);
      expect(form.get('type')).toBe('subscribe');
      expect(form.get('fired_at')).toMatch(/^\d{4}-\d{2}-\d{2} \d{2}:\d{2}:\d{2}$/);
      expect(form.get('data[email]')).toBe('hooked@example.com');
      expect(form.get('data[merges][FNAME]')).toBe('Hook');
      expect(form.get('data[list_id]')).toBe(listId);
      // profile is off: a merge-field edit sends nothing; an unsubscribe by the contact does.
      sb.admin.editProfile(listId, 'hooked@example.com', { FNAME: 'Changed' });
      sb.admin.unsubscribeViaForm(listId, 'hooked@example.com');
      await sb.emitter.drain();
      const types = r.hits.filter((h) => h.method === 'POST').map((h) => new URLSearchParams(h.body).get('type'));
      expect(types).toEqual(['subscribe', 'subscribe', 'unsubscribe']);
      await sdk(mc, 'lists', 'deleteListWebhook', listId, hook.id);
    } finally {
      await r.close();
    }
  });

  it('given a webhook without the api source, when the API and the app change contacts, then only app changes are sent', async () => {
    const r = await receiver();
    try {
      const hook = await sdk<{ id: string; sources: { api: boolean } }>(mc, 'lists', 'createListWebhook', listId, { url: `${r.url}/mc2?secret=x` });
      expect(hook.sources.api).toBe(false);
      await sdk(mc, 'lists', 'addListMember', listId, { email_address: 'api-only@example.com', status: 'subscribed' });
      sb.admin.subscribeViaForm(listId, 'form@example.com', { FNAME: 'Form' });
      await sb.emitter.drain();
      const emails = r.hits.filter((h) => h.method === 'POST').map((h) => new URLSearchParams(h.body).get('data[email]'));
      expect(emails).toEqual(['form@example.com']);
      await sdk(mc, 'lists', 'deleteListWebhook', listId, hook.id);
    } finally {
      await r.close();
    }
  });

  it('given sandbox admin routes, when reading state and resetting, then the seed comes back', async () => {
    const before = (await (await fetch(`${base}/_sandbox/state`)).json()) as { lists: { members: number }[] };
    expect(before.lists[0]?.members).toBeGreaterThan(3);
    const after = (await (await fetch(`${base}/_sandbox/reset`, { method: 'POST' })).json()) as { lists: { id: string; members: number }[] };
    expect(after.lists).toHaveLength(1);
    expect(after.lists[0]).toMatchObject({ id: listId, members: 3 });
  });
});
