import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import type { SecretRef, ZendeskConnectorConfig } from '../../config/schema';
import { createZendeskConnector, type ZendeskConnector } from '../../connectors/zendesk';
import { signZendeskWebhookBody } from '../../connectors/zendesk/webhooks';
import { VendorError } from '../../connectors/types';
import { takeViolations } from '../../sandboxes/framework/server';
import { createZendeskSandbox, type ZendeskSandbox } from '../../sandboxes/zendesk';

/**
 * The Zendesk connector against the sandbox: pagination, error mapping,
 * rate limits, incremental cursors, deletions, webhook verification.
 */

const EMAIL = 'sync@acme.test';
const SECRETS: Record<string, string> = { ZD_TOKEN: 'tok-1', ZD_HOOK: 'hook-secret', ZD_BAD: 'wrong' };
const secret = (ref: SecretRef): string => SECRETS[ref.env] ?? '';
let sb: ZendeskSandbox;
let cfg: ZendeskConnectorConfig;
let zd: ZendeskConnector;

async function failure(p: Promise<unknown>): Promise<VendorError> {
  try {
    await p;
  } catch (err) {
    if (err instanceof VendorError) return err;
    throw err;
  }
  throw new Error('expected a VendorError');
}

beforeAll(async () => {
  sb = createZendeskSandbox({ subdomain: 'acme', email: EMAIL, apiToken: 'tok-1', seed: { users: 23, tickets: 7, seed: 3 } });
  const base = await sb.start();
  cfg = { kind: 'zendesk', subdomain: 'acme', email: EMAIL, apiToken: { env: 'ZD_TOKEN' }, webhookSecret: { env: 'ZD_HOOK' }, baseUrl: base };
});
beforeEach(() => {
  sb.setLimits('off');
  sb.server.setFaults({});
  zd = createZendeskConnector('zendesk-main', cfg, secret, { now: () => sb.state.now() });
});
afterAll(async () => {
  await sb.stop();
});

describe('zendesk connector matrix', () => {
  it('given a page size larger than the data, when listing users, then one page and no next cursor', async () => {
    const page = await zd.users.list({ cursor: null, pageSize: 100 });
    expect(page.items.length).toBe(24); // 23 seeded + the API agent
    expect(page.nextCursor).toBeNull();
  });

  it('given many pages, when following cursors, then every user exactly once', async () => {
    const ids: number[] = [];
    let cursor: string | null = null;
    do {
      const page: Awaited<ReturnType<ZendeskConnector['users']['list']>> = await zd.users.list({ cursor, pageSize: 5 });
      ids.push(...page.items.map((u) => u.id));
      cursor = page.nextCursor;
    } while (cursor);
    expect(ids.length).toBe(24);
    expect(new Set(ids).size).toBe(24);
    expect([...ids].sort((a, b) => a - b)).toEqual(ids);
  });

  it('given bad credentials, when calling, then VendorError 401 not retryable', async () => {
    const bad = createZendeskConnector('bad', { ...cfg, apiToken: { env: 'ZD_BAD' } }, secret);
    const err = await failure(bad.users.get(1));
    expect(err.status).toBe(401);
    expect(err.retryable).toBe(false);
  });

  it('given a 422, when creating a ticket without a comment, then VendorError 422 with details', async () => {
    const err = await failure(zd.tickets.create({ subject: 'no body' }, 'k-422'));
    expect(err.status).toBe(422);
    expect(err.code).toBe('RecordInvalid');
    expect(err.message).toContain('BlankValue');
    // The request breaks the spec on purpose (comment is required): the contract saw it too.
    expect(takeViolations(sb.server).flatMap((v) => v.messages)).toEqual([expect.stringContaining("required property 'comment'")]);
  });

  it('given the minute budget is spent, when calling, then 429 with Retry-After, and after waiting it succeeds', async () => {
    sb.setLimits({ perMinute: 2 });
    await zd.users.get(sb.state.agentId);
    await zd.users.get(sb.state.agentId);
    const err = await failure(zd.users.get(sb.state.agentId));
    expect(err.status).toBe(429);
    expect(err.retryable).toBe(true);
    expect(err.retryAfterSeconds).toBeGreaterThan(0);
    sb.admin.advanceTime(err.retryAfterSeconds ?? 60);
    expect((await zd.users.get(sb.state.agentId))?.id).toBe(sb.state.agentId);
  });

  it('given a vendor 429 (injected), when calling, then VendorError carries Retry-After', async () => {
    sb.server.setFaults({ rate429: 1 });
    const err = await failure(zd.tickets.get(1));
    expect(err.status).toBe(429);
    expect(err.retryAfterSeconds).toBe(60);
  });

  it('given a 500, when calling, then a retryable VendorError and the retry succeeds', async () => {
    sb.server.setFaults({ error5xxRate: 1 });
    const err = await failure(zd.tickets.get(1));
    expect(err.status).toBe(500);
    expect(err.retryable).toBe(true);
    sb.server.setFaults({});
    expect((await zd.tickets.get(1))?.id).toBe(1);
  });

  it('given tickets updated in the same second as the cursor, when resuming, then no gaps and no repeats', async () => {
    let cursor: string | null = null;
    const seen: number[] = [];
    for (;;) {
      const page: Awaited<ReturnType<ZendeskConnector['tickets']['listSince']>> = await zd.tickets.listSince(cursor);
      seen.push(...page.items.map((t) => t.id));
      if (!page.nextCursor) {
        cursor = page.resumeCursor;
        break;
      }
      cursor = page.nextCursor;
    }
    expect(new Set(seen).size).toBe(seen.length);
    // Same second as the cursor: a new ticket and an update of an old one.
    const fresh = await zd.tickets.create({ subject: 'same second', comment: { body: 'x' } }, 'k-same');
    await zd.tickets.update(1, { status: 'open', comment: { body: 'bump' } });
    const next = await zd.tickets.listSince(cursor);
    expect(next.items.map((t) => t.id)).toEqual([fresh.id, 1]);
    const again = await zd.tickets.listSince(next.resumeCursor);
    expect(again.items).toEqual([]);
  });

  it('given a deleted ticket, when exporting incrementally, then it appears with status deleted', async () => {
    const t = await zd.tickets.create({ subject: 'bye', comment: { body: 'x' } }, 'k-del');
    const start = await zd.tickets.listSince(null);
    let cursor = start.resumeCursor;
    const res = await fetch(`${cfg.baseUrl}/api/v2/tickets/${t.id}.json`, { method: 'DELETE', headers: { authorization: `Basic ${Buffer.from(`${EMAIL}/token:tok-1`).toString('base64')}` } });
    expect(res.status).toBe(204);
    const page = await zd.tickets.listSince(cursor);
    cursor = page.resumeCursor;
    expect(page.items.find((x) => x.id === t.id)?.status).toBe('deleted');
    expect(await zd.tickets.get(t.id)).toBeNull();
  });

  it('given the same idempotency key, when creating twice, then one ticket', async () => {
    const a = await zd.tickets.create({ subject: 'once', comment: { body: 'x' } }, 'k-idem');
    const b = await zd.tickets.create({ subject: 'once', comment: { body: 'x' } }, 'k-idem');
    expect(b.id).toBe(a.id);
  });

  it('given users changed over time, when listing since with the time-based export, then no repeats across the boundary', async () => {
    const first = await zd.users.listSince(null);
    const u = await zd.users.upsert({ name: 'Late', email: 'late@example.org' });
    const next = await zd.users.listSince(first.resumeCursor);
    expect(next.items.map((x) => x.id)).toEqual([u.id]);
    const again = await zd.users.listSince(next.resumeCursor);
    expect(again.items).toEqual([]);
    await zd.users.delete(u.id);
    expect((await zd.users.get(u.id))?.active).toBe(false);
  });

  it('given a signed event, when verified, then accepted; tampered or malformed, then 401/400', () => {
    const body = JSON.stringify({ account_id: 1, id: 'e7b7c1e0-5f7a-4b1e-9d6f-6a1d9b2b0c11', type: 'zen:event-type:user.created', subject: 'zen:user:42', time: '2025-01-01T00:00:00Z', detail: { id: '42' }, event: {}, zendesk_event_version: '2022-11-06' });
    const ts = '2025-01-01T00:00:01Z';
    const headers = { 'x-zendesk-webhook-signature': signZendeskWebhookBody('hook-secret', ts, body), 'x-zendesk-webhook-signature-timestamp': ts };
    const ok = zd.webhooks.verify({ headers, rawBody: Buffer.from(body), url: 'https://hooks.example/zd' });
    expect(ok).toEqual({ ok: true, event: { eventId: 'e7b7c1e0-5f7a-4b1e-9d6f-6a1d9b2b0c11', topic: 'user.created', entity: 'customer', action: 'upsert', externalId: '42', occurredAt: '2025-01-01T00:00:00Z' } });
    expect(zd.webhooks.verify({ headers, rawBody: Buffer.from(body + ' '), url: '' })).toMatchObject({ ok: false, status: 401 });
    const junk = 'not json';
    const junkHeaders = { 'x-zendesk-webhook-signature': signZendeskWebhookBody('hook-secret', ts, junk), 'x-zendesk-webhook-signature-timestamp': ts };
    expect(zd.webhooks.verify({ headers: junkHeaders, rawBody: Buffer.from(junk), url: '' })).toMatchObject({ ok: false, status: 400 });
  });
});
