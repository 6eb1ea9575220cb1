import { afterEach, describe, expect, it } from 'vitest';
import type { MailchimpConnectorConfig, SecretRef } from '../../config/schema';
import { createMailchimpConnector, type MailchimpConnector, type MailchimpMember, type MailchimpConnectorOptions } from '../../connectors/mailchimp/index';
import { VendorError } from '../../connectors/types';
import { createMailchimpSandbox, type MailchimpSandbox, type MailchimpSandboxOptions } from '../../sandboxes/mailchimp/index';

const API_KEY = '0123456789abcdef0123456789abcdef-us21';
const running: MailchimpSandbox[] = [];

async function setup(opts: Partial<MailchimpSandboxOptions> = {}, conn: MailchimpConnectorOptions = {}, key = API_KEY): Promise<{ sb: MailchimpSandbox; c: MailchimpConnector; listId: string }> {
  const sb = createMailchimpSandbox({ apiKey: API_KEY, ...opts });
  running.push(sb);
  const base = await sb.start();
  const listId = sb.lists()[0]?.id ?? '';
  const cfg: MailchimpConnectorConfig = { kind: 'mailchimp', apiKey: { env: 'MC_KEY' }, server: 'us21', listId, webhookSecret: { env: 'MC_HOOK' }, baseUrl: base };
  const secrets: { [name: string]: string } = { MC_KEY: key, MC_HOOK: 'hook-secret' };
  const c = createMailchimpConnector('mc', cfg, (ref: SecretRef) => secrets[ref.env] ?? '', { retryBaseMs: 10, batchPollMs: 10, ...conn });
  return { sb, c, listId };
}

afterEach(async () => {
  while (running.length) await running.pop()?.stop();
});

async function drainSince(c: MailchimpConnector, cursor: string | null, pageSize: number): Promise<{ items: MailchimpMember[]; checkpoint: string }> {
  const items: MailchimpMember[] = [];
  let next: string | null = cursor;
  let checkpoint = '';
  let first = true;
  while (first || next) {
    first = false;
    const page = await c.members.listSince(null, next, pageSize);
    items.push(...page.items);
    checkpoint = page.checkpoint;
    next = page.nextCursor;
  }
  return { items, checkpoint };
}

describe('mailchimp connector against the sandbox', () => {
  it('given 5 members, when listing one page of 10, then all 5 come back and the cursor ends', async () => {
    const { c } = await setup({ seed: { members: 5 } });
    const page = await c.members.list({ cursor: null, pageSize: 10 });
    expect(page.items).toHaveLength(5);
    expect(page.nextCursor).toBeNull();
    expect(page.items[0]?.id).toMatch(/^[0-9a-f]{32}$/);
  });

  it('given 95 members, when paging by 10, then every member appears exactly once', async () => {
    const { c } = await setup({ seed: { members: 95 } });
    const ids: string[] = [];
    let cursor: string | null = null;
    let pages = 0;
    do {
      const page = await c.members.list({ cursor, pageSize: 10 });
      ids.push(...page.items.map((m) => m.id));
      cursor = page.nextCursor;
      pages++;
    } while (cursor);
    expect(pages).toBe(10);
    expect(ids).toHaveLength(95);
    expect(new Set(ids).size).toBe(95);
  });

  it('given a wrong API key, when reading, then VendorError 401 that is not retryable', async () => {
    const { c } = await setup({}, {}, 'ffffffffffffffffffffffffffffffff-us21');
    const err = await c.members.list({ cursor: null, pageSize: 10 }).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(VendorError);
    expect((err as VendorError).status).toBe(401);
    expect((err as VendorError).retryable).toBe(false);
    expect((err as VendorError).code).toBe('API Key Invalid');
  });

  it('given a sandbox allowing 2 connections, when 6 reads run at once, then 429s are retried until all succeed', async () => {
    const { sb, c } = await setup({ seed: { members: 6 }, limits: { concurrent: 2, holdMs: 100 } }, { retryBaseMs: 100, retries: 8 });
    const emails = sb.lists()[0] ? [...(sb.lists()[0]?.members.values() ?? [])].map((m) => m.email) : [];
    const got = await Promise.all(emails.map((e) => c.members.get(e)));
    expect(got.map((m) => m?.email)).toEqual(emails);
    expect(sb.server.coverage.get('GET /3.0/lists/{list_id}/members/{subscriber_hash}')).toBeGreaterThan(6);
  });

  it('given the realistic 10-connection limit, when 25 reads run at once without retries, then the proactive limiter avoids any 429', async () => {
    const { c } = await setup({ seed: { members: 1 }, limits: { concurrent: 10, holdMs: 50 } }, { retries: 0 });
    const pings = await Promise.all(Array.from({ length: 25 }, () => c.ping()));
    expect(new Set(pings)).toEqual(new Set(["Everything's Chimpy!"]));
  });

  it('given a 500 on the first call, when reading, then the call is retried and succeeds', async () => {
    const { sb, c } = await setup({ seed: { members: 3 }, faults: { error5xxRate: 0.5 } });
    const rolls = [0];
    sb.server.opts.random = () => rolls.shift() ?? 1;
    const page = await c.members.list({ cursor: null, pageSize: 10 });
    expect(page.items).toHaveLength(3);
    expect(sb.server.coverage.get('GET /3.0/lists/{list_id}/members')).toBe(2);
  });

  it('given a 400, when upserting an invalid address, then VendorError carries the problem detail and is not retried', async () => {
    const { sb, c } = await setup();
    const err = await c.members.upsert({ email: 'not-an-email@', status: 'subscribed' }).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(VendorError);
    expect((err as VendorError).status).toBe(400);
    expect((err as VendorError).message).toContain('looks fake or invalid');
    expect(sb.server.coverage.get('PUT /3.0/lists/{list_id}/members/{subscriber_hash}')).toBe(1);
  });

  it('given changes within one second, when reading incrementally from a checkpoint, then nothing is missed or repeated at the boundary', async () => {
    const { sb, c } = await setup();
    let now = Date.parse('2025-03-01T10:00:00.100Z');
    sb.state.clock = () => now;
    for (let i = 0; i < 7; i++) await c.members.upsert({ email: `same-second-${i}@example.com`, status: 'subscribed' });
    now += 1000;
    await c.members.upsert({ email: 'later@example.com', status: 'subscribed' });
    const first = await drainSince(c, null, 3);
    expect(first.items.map((m) => m.email).sort()).toEqual([...Array.from({ length: 7 }, (_, i) => `same-second-${i}@example.com`), 'later@example.com'].sort());
    // Same second as the checkpoint: a new contact and a re-edit of one already read.
    now += 300;
    await c.members.upsert({ email: 'boundary@example.com', status: 'subscribed' });
    await c.members.upsert({ email: 'later@example.com', status: 'subscribed', mergeFields: { FNAME: 'Late' } });
    const second = await drainSince(c, first.checkpoint, 3);
    expect(second.items.map((m) => m.email).sort()).toEqual(['boundary@example.com', 'later@example.com']);
    expect(second.items.find((m) => m.email === 'later@example.com')?.mergeFields.FNAME).toBe('Late');
    const third = await drainSince(c, second.checkpoint, 3);
    expect(third.items).toEqual([]);
  });

  it('given a read checkpoint, when a member is archived, then the incremental read returns it as archived', async () => {
    const { sb, c } = await setup();
    let now = Date.parse('2025-03-01T11:00:00Z');
    sb.state.clock = () => now;
    await c.members.upsert({ email: 'gone@example.com', status: 'subscribed', tags: ['vip'] });
    const first = await drainSince(c, null, 10);
    expect(first.items.map((m) => [m.email, m.status, m.tags])).toEqual([['gone@example.com', 'subscribed', ['vip']]]);
    now += 2000;
    await c.members.archive('gone@example.com');
    await c.members.archive('gone@example.com');
    const second = await drainSince(c, first.checkpoint, 10);
    expect(second.items.map((m) => [m.email, m.status])).toEqual([['gone@example.com', 'archived']]);
    expect((await c.members.get('gone@example.com'))?.status).toBe('archived');
    expect(await c.members.get('never@example.com')).toBeNull();
  });

  it('given upserts with tags, when tags change, then removed tags become inactive', async () => {
    const { c } = await setup();
    await c.members.upsert({ email: 'tags@example.com', status: 'subscribed', tags: ['a', 'b'] });
    const m = await c.members.upsert({ email: 'tags@example.com', status: 'subscribed', tags: ['b', 'c'] });
    expect(m.tags.sort()).toEqual(['b', 'c']);
    expect((await c.members.get('tags@example.com'))?.tags.sort()).toEqual(['b', 'c']);
  });

  it('given bulk writes, when run as a batch, then per-operation results come back in order', async () => {
    const { c, listId } = await setup();
    const results = await c.batch([
      { method: 'POST', path: `/lists/${listId}/members`, body: { email_address: 'bulk1@example.com', status: 'subscribed' }, operationId: 'a' },
      { method: 'POST', path: `/lists/${listId}/members`, body: { email_address: 'bulk1@example.com', status: 'subscribed' }, operationId: 'b' },
      { method: 'GET', path: `/lists/${listId}/members`, params: { count: '5' }, operationId: 'c' },
    ]);
    expect(results.map((r) => [r.operationId, r.status])).toEqual([['a', 200], ['b', 400], ['c', 200]]);
    expect(results[1]?.body).toMatchObject({ title: 'Member Exists' });
  });
});
