import type { ShopifySandbox } from './index';

/**
 * The demo shop's discount codes, made the way the merchant makes them:
 * `discountCodeBasicCreate` through the Admin GraphQL API (so they are checked
 * like any other request and fire discounts/create). Three forms, one per
 * Square shape they take:
 * - WELCOME10: 10 % off the whole order, once per customer, open-ended
 *   (a staff-applied Square DISCOUNT);
 * - SPRING15: 15 % off three products for 30 days from a $50 subtotal, 500 uses
 *   (a DISCOUNT, a PRODUCT_SET and a PRICING_RULE with that window);
 * - TAKE5: $5.00 off each unit of one product (a fixed-amount pricing rule).
 * Returns their DiscountCodeNode gids. (A shop without products gets WELCOME10 only.)
 */
export const DEMO_DISCOUNT_CODES = ['WELCOME10', 'SPRING15', 'TAKE5'] as const;

const DAY_MS = 86_400_000;

export async function seedDemoDiscounts(shopify: ShopifySandbox): Promise<string[]> {
  const listed = await call<{ products: { nodes: { id: string }[] } }>(shopify, '{ products(first: 4) { nodes { id } } }');
  const products = listed.products.nodes.map((p) => p.id);
  // Whole seconds, as the Admin API reports them; the window starts at the shop's "now".
  const now = Math.floor(shopify.state.now() / 1000) * 1000;
  const iso = (ms: number) => new Date(ms).toISOString().replace('.000Z', 'Z');
  const inputs: object[] = [
    {
      title: 'Welcome offer',
      code: 'WELCOME10',
      startsAt: iso(now),
      appliesOncePerCustomer: true,
      customerSelection: { all: true },
      customerGets: { value: { percentage: 0.1 }, items: { all: true } },
    },
    {
      title: 'Spring collection',
      code: 'SPRING15',
      startsAt: iso(now),
      endsAt: iso(now + 30 * DAY_MS),
      usageLimit: 500,
      customerSelection: { all: true },
      customerGets: { value: { percentage: 0.15 }, items: { products: { productsToAdd: products.slice(0, 3) } } },
      minimumRequirement: { subtotal: { greaterThanOrEqualToSubtotal: '50.00' } },
    },
    {
      title: '$5 off each',
      code: 'TAKE5',
      startsAt: iso(now),
      customerSelection: { all: true },
      customerGets: { value: { discountAmount: { amount: '5.00', appliesOnEachItem: true } }, items: { products: { productsToAdd: [products[3] ?? products[0]] } } },
    },
  // A shop seeded without products gets only the order-wide code.
  ].filter((d, i) => i === 0 || products.length > 0);
  const ids: string[] = [];
  for (const d of inputs) {
    const res = await call<{ discountCodeBasicCreate: { codeDiscountNode: { id: string } | null; userErrors: { message: string }[] } }>(
      shopify,
      'mutation($d: DiscountCodeBasicInput!) { discountCodeBasicCreate(basicCodeDiscount: $d) { codeDiscountNode { id } userErrors { field message } } }',
      { d },
    );
    const node = res.discountCodeBasicCreate.codeDiscountNode;
    if (!node) throw new Error(`demo discount refused: ${res.discountCodeBasicCreate.userErrors.map((e) => e.message).join('; ')}`);
    ids.push(node.id);
  }
  return ids;
}

async function call<T>(shopify: ShopifySandbox, query: string, variables?: Record<string, unknown>): Promise<T> {
  const res = await shopify.graphql(query, variables);
  const body = res.body as { data?: T; errors?: unknown[] };
  if (!body.data || body.errors?.length) throw new Error(`Shopify sandbox: ${JSON.stringify(body.errors ?? body)}`);
  return body.data;
}
