import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { signShopifyWebhook } from '../../sandboxes/shopify/index';
import { SECRET, SHOP, startHarness, subscribe, WebhookReceiver, type Harness } from './shopify-harness';

/** Customers, marketing consent and the mandatory privacy webhooks (Admin GraphQL 2025-01). */

let h: Harness;
const hook = new WebhookReceiver();
const privacy = new WebhookReceiver();

const CUSTOMER_FIELDS = 'id email phone firstName lastName tags createdAt updatedAt addresses { address1 city countryCodeV2 } emailMarketingConsent { marketingState marketingOptInLevel consentUpdatedAt } smsMarketingConsent { marketingState marketingOptInLevel }';
type UserErrors = { field: string[] | null; message: string }[];
interface Customer {
  id: string;
  email: string | null;
  phone: string | null;
  firstName: string | null;
  tags: string[];
  addresses: { address1: string; city: string; countryCodeV2: string }[];
  emailMarketingConsent: { marketingState: string; marketingOptInLevel: string | null; consentUpdatedAt: string | null } | null;
  smsMarketingConsent: { marketingState: string } | null;
}

async function create(input: Record<string, unknown>): Promise<{ customer: Customer | null; userErrors: UserErrors }> {
  const res = await h.client.request<{ customerCreate: { customer: Customer | null; userErrors: UserErrors } }>(`mutation C($input: CustomerInput!) { customerCreate(input: $input) { customer { ${CUSTOMER_FIELDS} } userErrors { field message } } }`, { variables: { input } });
  return res.data!.customerCreate;
}

beforeAll(async () => {
  await privacy.start();
  h = await startHarness({ seed: { products: 10, seed: 11, customers: 40, orders: 80 }, complianceWebhookUrl: '' });
  h.sandbox.webhooks.complianceUrl = privacy.url;
  await hook.start();
  for (const t of ['CUSTOMERS_CREATE', 'CUSTOMERS_UPDATE', 'CUSTOMERS_DELETE']) await subscribe(h.client, t, hook.url);
});

afterAll(async () => {
  await hook.stop();
  await privacy.stop();
  await h.close();
});

describe('Shopify sandbox: customers', () => {
  it('given 40 seeded customers, when paged 15 at a time, then every customer arrives once and customersCount agrees', async () => {
    const seen: string[] = [];
    let after: string | null = null;
    type Page = { customers: { nodes: { id: string; email: string }[]; pageInfo: { hasNextPage: boolean; endCursor: string } } };
    do {
      const page: Page = (await h.client.request<Page>('query P($after: String) { customers(first: 15, after: $after) { nodes { id email } pageInfo { hasNextPage endCursor } } }', { variables: { after } })).data!;
      seen.push(...page.customers.nodes.map((n) => n.id));
      after = page.customers.pageInfo.hasNextPage ? page.customers.pageInfo.endCursor : null;
    } while (after);
    expect(seen).toHaveLength(40);
    expect(new Set(seen).size).toBe(40);
    const count = await h.client.request<{ customersCount: { count: number; precision: string } }>('{ customersCount { count precision } }');
    expect(count.data!.customersCount).toEqual({ count: 40, precision: 'EXACT' });
  });

  it('given a seeded customer, when read, then consent, addresses and order history are those of a real customer', async () => {
    const res = await h.client.request<{ customers: { nodes: (Customer & { numberOfOrders: string; amountSpent: { amount: string }; orders: { nodes: { name: string; customer: { id: string } }[] } })[] } }>(
      `{ customers(first: 1) { nodes { ${CUSTOMER_FIELDS} numberOfOrders amountSpent { amount currencyCode } orders(first: 5) { nodes { name customer { id } } } } } }`,
    );
    const c = res.data!.customers.nodes[0]!;
    expect(c.email).toMatch(/@example\.com$/);
    expect(c.addresses[0]).toMatchObject({ countryCodeV2: 'US' });
    expect(['SUBSCRIBED', 'UNSUBSCRIBED', 'NOT_SUBSCRIBED']).toContain(c.emailMarketingConsent!.marketingState);
    expect(Number(c.numberOfOrders)).toBe(2);
    expect(c.orders.nodes).toHaveLength(2);
    expect(c.orders.nodes.every((o) => o.customer.id === c.id)).toBe(true);
    expect(Number(c.amountSpent.amount)).toBeGreaterThan(0);
  });

  it('given a CUSTOMERS_CREATE subscription, when customerCreate runs with consent, then the customer exists and a signed REST customer payload arrives', async () => {
    const before = hook.received.length;
    const r = await create({ email: 'Nina.Berg@example.org', phone: '+14155550123', firstName: 'Nina', lastName: 'Berg', tags: ['vip', 'wholesale'], addresses: [{ address1: '1 Market St', city: 'San Francisco', provinceCode: 'CA', countryCode: 'US', zip: '94105' }], emailMarketingConsent: { marketingState: 'SUBSCRIBED', marketingOptInLevel: 'CONFIRMED_OPT_IN', consentUpdatedAt: '2025-01-15T10:00:00Z' } });
    expect(r.userErrors).toEqual([]);
    expect(r.customer).toMatchObject({ email: 'Nina.Berg@example.org', tags: ['vip', 'wholesale'], emailMarketingConsent: { marketingState: 'SUBSCRIBED', marketingOptInLevel: 'CONFIRMED_OPT_IN', consentUpdatedAt: '2025-01-15T10:00:00Z' }, smsMarketingConsent: { marketingState: 'NOT_SUBSCRIBED' } });
    await hook.waitFor(before + 1);
    const d = hook.received[before]!;
    expect(d.headers['x-shopify-topic']).toBe('customers/create');
    expect(d.headers['x-shopify-hmac-sha256']).toBe(signShopifyWebhook(d.rawBody, SECRET));
    const body = JSON.parse(d.rawBody) as Record<string, unknown>;
    expect(body).toMatchObject({ id: Number(r.customer!.id.split('/').pop()), email: 'Nina.Berg@example.org', first_name: 'Nina', tags: 'vip, wholesale', admin_graphql_api_id: r.customer!.id, email_marketing_consent: { state: 'subscribed', opt_in_level: 'confirmed_opt_in' } });
    expect((body.addresses as { city: string }[])[0]!.city).toBe('San Francisco');

    const dup = await create({ email: 'nina.berg@example.org' });
    expect(dup.customer).toBeNull();
    expect(dup.userErrors).toEqual([{ field: ['email'], message: 'Email has already been taken' }]);
    const empty = await create({ note: 'nothing else' });
    expect(empty.userErrors[0]!.message).toMatch(/name, phone number, or email address/);
  });

  it('given a customer, when customerUpdate, customerEmailMarketingConsentUpdate and customerDelete run, then each change is visible and fires its webhook', async () => {
    const created = hook.received.length;
    const r = await create({ email: 'theo.ash@example.org', firstName: 'Theo' });
    const id = r.customer!.id;
    await hook.waitFor(created + 1);
    const before = hook.received.length;
    const upd = await h.client.request<{ customerUpdate: { customer: Customer; userErrors: UserErrors } }>(`mutation U($input: CustomerInput!) { customerUpdate(input: $input) { customer { ${CUSTOMER_FIELDS} } userErrors { field message } } }`, { variables: { input: { id, lastName: 'Ash', tags: ['returning'] } } });
    expect(upd.data!.customerUpdate.customer).toMatchObject({ firstName: 'Theo', tags: ['returning'] });
    const consent = await h.client.request<{ customerEmailMarketingConsentUpdate: { customer: Customer; userErrors: UserErrors } }>(
      `mutation E($input: CustomerEmailMarketingConsentUpdateInput!) { customerEmailMarketingConsentUpdate(input: $input) { customer { ${CUSTOMER_FIELDS} } userErrors { field message code } } }`,
      { variables: { input: { customerId: id, emailMarketingConsent: { marketingState: 'UNSUBSCRIBED', marketingOptInLevel: 'SINGLE_OPT_IN' } } } },
    );
    expect(consent.data!.customerEmailMarketingConsentUpdate.userErrors).toEqual([]);
    expect(consent.data!.customerEmailMarketingConsentUpdate.customer.emailMarketingConsent!.marketingState).toBe('UNSUBSCRIBED');
    const del = await h.client.request<{ customerDelete: { deletedCustomerId: string; userErrors: UserErrors } }>('mutation D($id: ID!) { customerDelete(input: { id: $id }) { deletedCustomerId userErrors { field message } } }', { variables: { id } });
    expect(del.data!.customerDelete.deletedCustomerId).toBe(id);
    const gone = await h.client.request<{ customer: null }>('query($id: ID!) { customer(id: $id) { id } }', { variables: { id } });
    expect(gone.data!.customer).toBeNull();
    await hook.waitFor(before + 3);
    expect(hook.received.slice(before).map((x) => x.headers['x-shopify-topic'])).toEqual(['customers/update', 'customers/update', 'customers/delete']);
    expect(JSON.parse(hook.received[before + 2]!.rawBody)).toMatchObject({ id: Number(id.split('/').pop()), admin_graphql_api_id: id });
  });

  it('given a customer with orders, when customerDelete runs, then it is refused; a query filter finds customers by tag and email', async () => {
    const withOrders = await h.client.request<{ customers: { nodes: { id: string; email: string }[] } }>('{ customers(first: 1) { nodes { id email } } }');
    const c = withOrders.data!.customers.nodes[0]!;
    const del = await h.client.request<{ customerDelete: { deletedCustomerId: string | null; userErrors: UserErrors } }>('mutation D($id: ID!) { customerDelete(input: { id: $id }) { deletedCustomerId userErrors { field message } } }', { variables: { id: c.id } });
    expect(del.data!.customerDelete.deletedCustomerId).toBeNull();
    expect(del.data!.customerDelete.userErrors).toHaveLength(1);
    const byEmail = await h.client.request<{ customers: { nodes: { id: string }[] } }>('query Q($q: String) { customers(first: 5, query: $q) { nodes { id } } }', { variables: { q: `email:${c.email}` } });
    expect(byEmail.data!.customers.nodes.map((n) => n.id)).toEqual([c.id]);
    const vip = await h.client.request<{ customers: { nodes: { tags: string[] }[] } }>('{ customers(first: 50, query: "tag:vip") { nodes { tags } } }');
    expect(vip.data!.customers.nodes.length).toBeGreaterThan(0);
    expect(vip.data!.customers.nodes.every((n) => n.tags.includes('vip'))).toBe(true);
  });

  it('given the app compliance URL, when the shop sends data_request, customers/redact and shop/redact, then each arrives HMAC-signed with the documented payload', async () => {
    const first = await h.client.request<{ customers: { nodes: { id: string; email: string }[] } }>('{ customers(first: 1) { nodes { id email } } }');
    const c = first.data!.customers.nodes[0]!;
    const numeric = Number(c.id.split('/').pop());
    h.sandbox.admin.requestCustomerData(c.id);
    h.sandbox.admin.redactCustomer(c.id);
    h.sandbox.admin.redactShop();
    await privacy.waitFor(3);
    expect(privacy.received.map((d) => d.headers['x-shopify-topic'])).toEqual(['customers/data_request', 'customers/redact', 'shop/redact']);
    for (const d of privacy.received) {
      expect(d.headers['x-shopify-hmac-sha256']).toBe(signShopifyWebhook(d.rawBody, SECRET));
      expect(d.headers['x-shopify-shop-domain']).toBe(SHOP);
    }
    const [req, redact, shop] = privacy.received.map((d) => JSON.parse(d.rawBody) as Record<string, unknown>);
    expect(req).toMatchObject({ shop_domain: SHOP, customer: { id: numeric, email: c.email }, data_request: { id: expect.any(Number) } });
    expect((req!.orders_requested as number[]).length).toBe(2);
    expect(redact).toMatchObject({ shop_domain: SHOP, customer: { id: numeric, email: c.email } });
    expect((redact!.orders_to_redact as number[]).length).toBe(2);
    expect(shop).toEqual({ shop_id: expect.any(Number), shop_domain: SHOP });
    expect(h.sandbox.server.violations).toEqual([]);
  });
});
