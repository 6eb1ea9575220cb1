import { SquareClient, type Square } from 'square';
import { readManifest, shopifyAdmin } from './sandbox-admin';

/**
 * The demo's "merchant creates a discount code in Shopify" moment: a
 * `discountCodeBasicCreate` sent to the Shopify sandbox's Admin GraphQL
 * endpoint as the admin (or curl) sends it — a percentage off one product for
 * the next 24 hours — then polling Square's own API until the POS holds the
 * DISCOUNT and the PRICING_RULE that applies it to that product's item in
 * that window. Prints what Square holds and the end-to-end latency.
 */
export async function demoDiscount(opts: { code: string; percent: number; product?: string; manifest: string }): Promise<number> {
  if (!(opts.percent > 0 && opts.percent <= 100)) throw new Error('--percent must be in (0, 100]');
  const m = readManifest(opts.manifest);
  const gql = shopifyAdmin(m);
  type P = { id: string; title: string };
  const product = opts.product
    ? (await gql<{ product: P | null }>('query($id: ID!) { product(id: $id) { id title } }', { id: opts.product })).product
    : (await gql<{ products: { nodes: P[] } }>('{ products(first: 1) { nodes { id title } } }')).products.nodes[0];
  if (!product) throw new Error('no such product in the Shopify sandbox');

  const t0 = Date.now();
  const startsAt = new Date(Math.floor(t0 / 1000) * 1000);
  const endsAt = new Date(startsAt.getTime() + 86_400_000);
  const created = await gql<{ discountCodeBasicCreate: { codeDiscountNode: { id: string } | null; userErrors: { message: string }[] } }>(
    'mutation($d: DiscountCodeBasicInput!) { discountCodeBasicCreate(basicCodeDiscount: $d) { codeDiscountNode { id } userErrors { field message } } }',
    {
      d: {
        title: 'Flash sale',
        code: opts.code,
        startsAt: startsAt.toISOString(),
        endsAt: endsAt.toISOString(),
        customerSelection: { all: true },
        customerGets: { value: { percentage: opts.percent / 100 }, items: { products: { productsToAdd: [product.id] } } },
      },
    },
  );
  const node = created.discountCodeBasicCreate.codeDiscountNode;
  if (!node) throw new Error(`Shopify refused the discount: ${created.discountCodeBasicCreate.userErrors.map((e) => e.message).join('; ')}`);
  process.stdout.write(`Shopify: code ${opts.code} (${node.id}), ${opts.percent}% off "${product.title}", ${startsAt.toISOString()} – ${endsAt.toISOString()}\n`);

  const square = new SquareClient({ token: m.square.accessToken, baseUrl: m.square.baseUrl });
  const deadline = t0 + 30_000;
  while (Date.now() < deadline) {
    const objects: Square.CatalogObject[] = [];
    for await (const o of await square.catalog.list({ types: 'DISCOUNT,PRICING_RULE' })) objects.push(o);
    const discount = objects.find((o) => o.type === 'DISCOUNT' && o.discountData?.name?.startsWith(`${opts.code} · `));
    const rule = discount && objects.find((o) => o.type === 'PRICING_RULE' && o.pricingRuleData?.discountId === discount.id);
    if (discount?.type === 'DISCOUNT' && rule?.type === 'PRICING_RULE') {
      const r = rule.pricingRuleData;
      process.stdout.write(
        `Square: DISCOUNT ${discount.id} "${discount.discountData?.name}" (${discount.discountData?.percentage}%), ` +
          `PRICING_RULE ${rule.id} from ${r?.validFromDate} ${r?.validFromLocalTime} until ${r?.validUntilDate} ${r?.validUntilLocalTime} (store time) — ${Date.now() - t0} ms after the create\n`,
      );
      return 0;
    }
    await new Promise((r) => setTimeout(r, 50));
  }
  process.stderr.write('Square did not show the discount within 30 s — is `npm start` running with a discount flow?\n');
  return 1;
}
