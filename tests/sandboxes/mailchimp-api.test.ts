import { createHash } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { parseBatchArchive } from '../../connectors/mailchimp/batch';
import { type MailchimpSandbox } from '../../sandboxes/mailchimp/index';
import { sdk, sdkError, startSandbox, until, type LooseSdk } from './mailchimp-harness';

interface Member { id: string; email_address: string; status: string; merge_fields: { [k: string]: unknown }; tags: { name: string }[]; last_changed: string }
interface Members { members: Member[]; total_items: number }
interface Batch { id: string; status: string; total_operations: number; finished_operations: number; errored_operations: number; response_body_url: string }

const md5 = (s: string): string => createHash('md5').update(s.toLowerCase()).digest('hex');

let sb: MailchimpSandbox;
let mc: LooseSdk;
let listId: string;

beforeAll(async () => {
  ({ sb, mc, listId } = await startSandbox({ seed: { lists: 1, members: 25, seed: 7 } }));
});
afterAll(async () => {
  await sb.stop();
});

describe('mailchimp sandbox via the official SDK', () => {
  it('given a seeded audience, when pinging and listing lists, then the health check and the audience answer', async () => {
    expect(await sdk(mc, 'ping', 'get')).toEqual({ health_status: "Everything's Chimpy!" });
    const lists = await sdk<{ lists: { id: string; name: string; stats: { member_count: number } }[]; total_items: number }>(mc, 'lists', 'getAllLists');
    expect(lists.total_items).toBe(1);
    expect(lists.lists[0]?.id).toBe(listId);
    expect(lists.lists[0]?.stats.member_count).toBeGreaterThan(0);
  });

  it('given the same seed, when a second sandbox is built, then ids and contacts are identical', async () => {
    const again = await startSandbox({ seed: { lists: 1, members: 25, seed: 7 } });
    try {
      const a = await sdk<Members>(mc, 'lists', 'getListMembersInfo', listId, { count: 5 });
      const b = await sdk<Members>(again.mc, 'lists', 'getListMembersInfo', again.listId, { count: 5 });
      expect(again.listId).toBe(listId);
      expect(b.members.map((m) => m.email_address)).toEqual(a.members.map((m) => m.email_address));
    } finally {
      await again.sb.stop();
    }
  });

  it('given 25 members, when paging with count/offset and fields, then pages are disjoint and trimmed', async () => {
    const seen: string[] = [];
    for (let offset = 0; offset < 25; offset += 10) {
      const page = await sdk<Members>(mc, 'lists', 'getListMembersInfo', listId, { count: 10, offset, fields: ['members.email_address', 'total_items'] });
      expect(page.total_items).toBe(25);
      expect(Object.keys(page.members[0] ?? {})).toEqual(['email_address']);
      seen.push(...page.members.map((m) => m.email_address));
    }
    expect(new Set(seen).size).toBe(25);
    const excluded = await sdk<{ members: { [k: string]: unknown }[]; _links?: unknown }>(mc, 'lists', 'getListMembersInfo', listId, { count: 1, excludeFields: ['_links', 'members._links', 'members.merge_fields'] });
    expect(excluded._links).toBeUndefined();
    expect(excluded.members[0]).not.toHaveProperty('merge_fields');
    expect(excluded.members[0]).toHaveProperty('email_address');
  });

  it('given a new address, when PUT with status_if_new, then the member id is the MD5 of the lower-cased email, also reachable by email', async () => {
    const m = await sdk<Member>(mc, 'lists', 'setListMember', listId, md5('Jane.Doe@Example.com'), { email_address: 'Jane.Doe@Example.com', status_if_new: 'subscribed', merge_fields: { FNAME: 'Jane', LNAME: 'Doe' } });
    expect(m.id).toBe(md5('jane.doe@example.com'));
    expect(m.status).toBe('subscribed');
    expect(m.merge_fields.FNAME).toBe('Jane');
    const byEmail = await sdk<Member>(mc, 'lists', 'getListMember', listId, 'jane.doe@example.com');
    expect(byEmail.id).toBe(m.id);
    const again = await sdk<Member>(mc, 'lists', 'setListMember', listId, m.id, { email_address: 'Jane.Doe@Example.com', status_if_new: 'subscribed', status: 'unsubscribed' });
    expect(again.status).toBe('unsubscribed');
  });

  it('given an existing member, when POSTing it again, then 400 Member Exists in the problem shape', async () => {
    await sdk(mc, 'lists', 'addListMember', listId, { email_address: 'exists@example.com', status: 'subscribed' });
    const { status, body } = await sdkError(sdk(mc, 'lists', 'addListMember', listId, { email_address: 'exists@example.com', status: 'subscribed' }));
    expect(status).toBe(400);
    expect(body).toMatchObject({ type: 'https://mailchimp.com/developer/marketing/docs/errors/', title: 'Member Exists', status: 400 });
    expect(typeof body.instance).toBe('string');
  });

  it('given a member, when PATCHed, archived, then permanently deleted, then statuses follow and the address is forgotten', async () => {
    const email = 'lifecycle@example.com';
    await sdk(mc, 'lists', 'addListMember', listId, { email_address: email, status: 'subscribed' });
    const patched = await sdk<Member>(mc, 'lists', 'updateListMember', listId, md5(email), { merge_fields: { FNAME: 'Life' } });
    expect(patched.merge_fields.FNAME).toBe('Life');
    await sdk(mc, 'lists', 'deleteListMember', listId, md5(email));
    expect((await sdk<Member>(mc, 'lists', 'getListMember', listId, md5(email))).status).toBe('archived');
    await sdk(mc, 'lists', 'deleteListMemberPermanent', listId, md5(email));
    expect((await sdkError(sdk(mc, 'lists', 'getListMember', listId, md5(email)))).body.title).toBe('Resource Not Found');
    const reimport = await sdkError(sdk(mc, 'lists', 'addListMember', listId, { email_address: email, status: 'subscribed' }));
    expect(reimport.body.title).toBe('Forgotten Email Not Subscribed');
  });

  it('given merge fields, when a required one is added, then a write without it is refused with field errors', async () => {
    const f = await sdk<{ merge_id: number; tag: string }>(mc, 'lists', 'addListMergeField', listId, { name: 'Loyalty', type: 'text', tag: 'LOYALTY', required: true });
    expect(f.tag).toBe('LOYALTY');
    const { status, body } = await sdkError(sdk(mc, 'lists', 'addListMember', listId, { email_address: 'nomerge@example.com', status: 'subscribed' }));
    expect(status).toBe(400);
    expect(body.errors).toEqual([{ field: 'LOYALTY', message: 'Please enter a value' }]);
    await sdk(mc, 'lists', 'updateListMergeField', listId, String(f.merge_id), { name: 'Loyalty tier', required: false });
    const all = await sdk<{ merge_fields: { tag: string; name: string }[] }>(mc, 'lists', 'getListMergeFields', listId, { count: 100 });
    expect(all.merge_fields.find((m) => m.tag === 'LOYALTY')?.name).toBe('Loyalty tier');
    await sdk(mc, 'lists', 'deleteListMergeField', listId, String(f.merge_id));
    expect((await sdkError(sdk(mc, 'lists', 'getListMergeField', listId, String(f.merge_id)))).status).toBe(404);
  });

  it('given tags set on a member, when listing tags and static segments, then tags are static segments with that member', async () => {
    const email = 'tagged@example.com';
    await sdk(mc, 'lists', 'addListMember', listId, { email_address: email, status: 'subscribed' });
    await sdk(mc, 'lists', 'updateListMemberTags', listId, md5(email), { tags: [{ name: 'vip', status: 'active' }, { name: 'beta', status: 'active' }] });
    await sdk(mc, 'lists', 'updateListMemberTags', listId, md5(email), { tags: [{ name: 'beta', status: 'inactive' }] });
    const tags = await sdk<{ tags: { name: string }[] }>(mc, 'lists', 'getListMemberTags', listId, md5(email));
    expect(tags.tags.map((t) => t.name)).toEqual(['vip']);
    const segs = await sdk<{ segments: { id: number; name: string; type: string }[] }>(mc, 'lists', 'listSegments', listId, { type: 'static' });
    const vip = segs.segments.find((s) => s.name === 'vip');
    expect(vip?.type).toBe('static');
    const members = await sdk<Members>(mc, 'lists', 'getSegmentMembersList', listId, String(vip?.id));
    expect(members.members.map((m) => m.email_address)).toEqual([email]);
  });

  it('given a static segment, when members are added and removed in batch and singly, then membership follows', async () => {
    const seeded = await sdk<Members>(mc, 'lists', 'getListMembersInfo', listId, { count: 3, status: 'subscribed' });
    const [a, b, c] = seeded.members.map((m) => m.email_address);
    const seg = await sdk<{ id: number; type: string; member_count: number }>(mc, 'lists', 'createSegment', listId, { name: 'Static', static_segment: [a, b] });
    expect(seg.type).toBe('static');
    expect(seg.member_count).toBe(2);
    const res = await sdk<{ total_added: number; total_removed: number; error_count: number }>(mc, 'lists', 'batchSegmentMembers', { members_to_add: [c, 'nobody@example.com'], members_to_remove: [a] }, listId, String(seg.id));
    expect(res).toMatchObject({ total_added: 1, total_removed: 1, error_count: 1 });
    await sdk(mc, 'lists', 'removeSegmentMember', listId, String(seg.id), md5(b ?? ''));
    const after = await sdk<{ member_count: number; name: string }>(mc, 'lists', 'updateSegment', listId, String(seg.id), { name: 'Renamed' });
    expect(after).toMatchObject({ member_count: 1, name: 'Renamed' });
    await sdk(mc, 'lists', 'deleteSegment', listId, String(seg.id));
    expect((await sdkError(sdk(mc, 'lists', 'getSegment', listId, String(seg.id)))).status).toBe(404);
  });

  it('given a store, when products, customers, orders and carts are written, then reads derive totals and line titles', async () => {
    await sdk(mc, 'ecommerce', 'addStore', { id: 'store1', list_id: listId, name: 'Shop', currency_code: 'USD' });
    await sdk(mc, 'ecommerce', 'addStoreProduct', 'store1', { id: 'p1', title: 'Mug', variants: [{ id: 'v1', title: 'Blue mug', price: 12 }] });
    await sdk(mc, 'ecommerce', 'addProductVariants', 'store1', 'p1', { id: 'v2', title: 'Red mug', price: 13 });
    const customer = { id: 'c1', email_address: 'buyer@example.com', opt_in_status: false, first_name: 'Bea' };
    await sdk(mc, 'ecommerce', 'addStoreCustomer', 'store1', customer);
    const order = await sdk<{ lines: { product_title: string; product_variant_title: string }[]; customer: { orders_count: number } }>(mc, 'ecommerce', 'addStoreOrder', 'store1', {
      id: 'o1',
      customer: { id: 'c1' },
      currency_code: 'USD',
      order_total: 25,
      lines: [{ id: 'l1', product_id: 'p1', product_variant_id: 'v2', quantity: 2, price: 12.5 }],
    });
    expect(order.lines[0]).toMatchObject({ product_title: 'Mug', product_variant_title: 'Red mug' });
    const c = await sdk<{ orders_count: number; total_spent: number }>(mc, 'ecommerce', 'getStoreCustomer', 'store1', 'c1');
    expect(c).toMatchObject({ orders_count: 1, total_spent: 25 });
    expect((await sdk<Member>(mc, 'lists', 'getListMember', listId, 'buyer@example.com')).status).toBe('transactional');
    await sdk(mc, 'ecommerce', 'addStoreCart', 'store1', { id: 'cart1', customer: { id: 'c1', opt_in_status: false }, currency_code: 'USD', order_total: 12, lines: [{ id: 'cl1', product_id: 'p1', product_variant_id: 'v1', quantity: 1, price: 12 }] });
    const carts = await sdk<{ carts: { id: string }[]; total_items: number }>(mc, 'ecommerce', 'getStoreCarts', 'store1');
    expect(carts.total_items).toBe(1);
    const variants = await sdk<{ variants: { id: string }[] }>(mc, 'ecommerce', 'getProductVariants', 'store1', 'p1');
    expect(variants.variants.map((v) => v.id)).toEqual(['v1', 'v2']);
    const bad = await sdkError(sdk(mc, 'ecommerce', 'addStoreOrder', 'store1', { id: 'o2', customer: { id: 'c1' }, currency_code: 'USD', order_total: 1, lines: [{ id: 'l', product_id: 'nope', product_variant_id: 'v1', quantity: 1, price: 1 }] }));
    expect(bad.status).toBe(400);
    await sdk(mc, 'ecommerce', 'deleteStore', 'store1');
    expect((await sdkError(sdk(mc, 'ecommerce', 'getStore', 'store1'))).status).toBe(404);
  });

  it('given a batch of operations, when it finishes, then its tar.gz holds one result per operation', async () => {
    const started = await sdk<Batch>(mc, 'batches', 'start', {
      operations: [
        { method: 'PUT', path: `/lists/${listId}/members/${md5('batch1@example.com')}`, operation_id: 'one', body: JSON.stringify({ email_address: 'batch1@example.com', status_if_new: 'subscribed' }) },
        { method: 'GET', path: `/lists/${listId}/members/${md5('missing@example.com')}`, operation_id: 'two' },
      ],
    });
    expect(started.status).toBe('pending');
    let batch = started;
    await until(async () => {
      batch = await sdk<Batch>(mc, 'batches', 'status', started.id);
      return batch.status === 'finished';
    }, 'batch to finish');
    expect(batch).toMatchObject({ total_operations: 2, finished_operations: 2, errored_operations: 1 });
    const archive = Buffer.from(await (await fetch(batch.response_body_url)).arrayBuffer());
    const results = parseBatchArchive(archive);
    expect(results.map((r) => [r.operationId, r.status])).toEqual([['one', 200], ['two', 404]]);
    expect(results[0]?.body).toMatchObject({ email_address: 'batch1@example.com', status: 'subscribed' });
  });

  // Violations fail the test that caused them (tests/setup/contract.ts); this checks breadth.
  it('given every SDK flow above, when inspecting coverage, then over 30 spec operations were exercised without violations', () => {
    expect(sb.server.violations).toEqual([]);
    expect(sb.server.coverage.size).toBeGreaterThan(30);
  });
});
