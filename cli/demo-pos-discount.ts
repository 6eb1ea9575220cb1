import { SquareClient, type Square } from 'square';
import { readManifest, shopifyAdmin } from './sandbox-admin';

/**
 * The demo's "POS staff set up an automatic discount in Square" moment: a
 * DISCOUNT, a PRODUCT_SET of the first item Square holds and a PRICING_RULE
 * for the next 7 days, saved through Square's own SDK as the Square
 * Dashboard saves them — then polling Shopify's Admin API until the shop
 * holds the automatic discount with that title. Prints what Shopify holds
 * and the end-to-end latency (catalog.version.updated → change feed →
 * Shopify write).
 */
export async function demoPosDiscount(opts: { name: string; percent: number; manifest: string }): Promise<number> {
  if (!(opts.percent > 0 && opts.percent <= 100)) throw new Error('--percent must be in (0, 100]');
  const m = readManifest(opts.manifest);
  const square = new SquareClient({ token: m.square.accessToken, baseUrl: m.square.baseUrl });
  const items = await square.catalog.search({ objectTypes: ['ITEM'], limit: 1 });
  const item = items.objects?.find((o) => o.type === 'ITEM' && !o.isDeleted);
  if (!item?.id || item.type !== 'ITEM') throw new Error('Square holds no items yet — wait for the catalog backfill');

  // A pricing rule's dates are the store's own: today where the location is, as the Dashboard shows it.
  // https://developer.squareup.com/reference/square/locations-api/retrieve-location
  const { location } = await square.locations.get({ locationId: m.square.locationId });
  const storeDate = (ms: number) => new Intl.DateTimeFormat('en-CA', { timeZone: location?.timezone ?? 'UTC', year: 'numeric', month: '2-digit', day: '2-digit' }).format(ms);
  const t0 = Date.now();
  const from = storeDate(t0);
  const until = storeDate(t0 + 7 * 86_400_000);
  const key = `demo-pos-discount-${t0}`;
  // https://developer.squareup.com/reference/square/catalog-api/batch-upsert-catalog-objects
  await square.catalog.batchUpsert({
    idempotencyKey: key,
    batches: [
      {
        objects: [
          { type: 'DISCOUNT', id: '#demo', discountData: { name: opts.name, discountType: 'FIXED_PERCENTAGE', percentage: String(opts.percent), modifyTaxBasis: 'MODIFY_TAX_BASIS' } },
          { type: 'PRODUCT_SET', id: '#demo-set', productSetData: { name: `${opts.name} items`, productIdsAny: [item.id] } },
          { type: 'PRICING_RULE', id: '#demo-rule', pricingRuleData: { name: opts.name, discountId: '#demo', matchProductsId: '#demo-set', validFromDate: from, validUntilDate: until } },
        ] as Square.CatalogObject[],
      },
    ],
  });
  process.stdout.write(`Square: pricing rule "${opts.name}", ${opts.percent}% off "${item.itemData?.name}" from ${from} until ${until} (store dates)\n`);

  const gql = shopifyAdmin(m);
  type Node = { id: string; automaticDiscount: { title?: string; startsAt?: string; endsAt?: string | null; status?: string } };
  const deadline = t0 + 30_000;
  while (Date.now() < deadline) {
    const data = await gql<{ automaticDiscountNodes: { nodes: Node[] } }>(
      // Newest first: the one just made is at the top.
      '{ automaticDiscountNodes(first: 10, reverse: true) { nodes { id automaticDiscount { ... on DiscountAutomaticBasic { title startsAt endsAt status } } } } }',
    );
    const node = data.automaticDiscountNodes.nodes.find((n) => n.automaticDiscount.title === opts.name);
    if (node) {
      const d = node.automaticDiscount;
      process.stdout.write(`Shopify: automatic discount ${node.id} "${d.title}" ${d.status}, ${d.startsAt} – ${d.endsAt} — ${Date.now() - t0} ms after the save\n`);
      return 0;
    }
    await new Promise((r) => setTimeout(r, 50));
  }
  process.stderr.write('Shopify did not show the discount within 30 s — is `npm start` running with a pos discount flow?\n');
  return 1;
}
