import { responsePathAsArray, type GraphQLResolveInfo } from 'graphql';
import { arraySequence, paginate } from '../../framework/graphql-connection';
import { expectGid, invalidGid, parseGid } from '../ids';
import type { ProductSortKey } from '../product-store';
import type { ProductRecord } from '../records';
import { compileSearch, type SearchCandidate } from '../search-query';
import type { WebhookSubscriptionRecord } from '../state';
import * as commerce from './commerce-query';
import { count, shopifyConnectionArgs, toConnection, type ConnectionResult, type ExecContext } from './context';
import { priceList, priceLists } from './price-list-node';
import { ProductNode } from './product-node';
import { ShopNode, WebhookSubscriptionNode } from './shop-node';
import { VariantNode } from './variant-node';

/**
 * QueryRoot entry points the sandbox serves.
 * https://shopify.dev/docs/api/admin-graphql/2025-01/queries/products
 * https://shopify.dev/docs/api/admin-graphql/2025-01/queries/productsCount
 * https://shopify.dev/docs/api/admin-graphql/2025-01/queries/nodes
 */

/** productsCount is capped at 10,000 unless the caller passes `limit: null` (or another limit). */
const DEFAULT_COUNT_LIMIT = 10_000;

type Args = Record<string, unknown>;

export class QueryRoot {
  readonly #ctx: ExecContext;

  constructor(ctx: ExecContext) {
    this.#ctx = ctx;
  }

  get shop(): ShopNode {
    return new ShopNode(this.#ctx.state.shop);
  }

  product(args: Args): ProductNode | null {
    const id = expectGid(args.id, 'Product');
    return id === null ? null : this.productNode(id);
  }

  productByHandle(args: Args): ProductNode | null {
    const id = typeof args.handle === 'string' ? this.#ctx.state.products.productOfHandle(args.handle) : null;
    return id === null ? null : this.productNode(id);
  }

  productByIdentifier(args: Args): ProductNode | null {
    const ident = (args.identifier ?? {}) as { id?: string | null; handle?: string | null };
    if (ident.id) return this.product({ id: ident.id });
    return ident.handle ? this.productByHandle({ handle: ident.handle }) : null;
  }

  productVariant(args: Args): VariantNode | null {
    const id = expectGid(args.id, 'ProductVariant');
    return id === null ? null : this.variantNode(id);
  }

  products(args: Args, _ctx: unknown, info: GraphQLResolveInfo): ConnectionResult<ProductNode> {
    const a = shopifyConnectionArgs(args);
    const store = this.#ctx.state.products;
    const sortKey = (typeof args.sortKey === 'string' ? args.sortKey : 'ID') as ProductSortKey;
    const match = this.searchFilter(args.query, info);
    const page = paginate(store.sequence(sortKey, a.reverse), a, match);
    return toConnection(
      page,
      (id) => new ProductNode(store.get(id)!, this.#ctx),
      (id) => ({ id, value: store.sortValue(id, sortKey) }),
    );
  }

  productsCount(args: Args, _ctx: unknown, info: GraphQLResolveInfo): ReturnType<typeof count> {
    const store = this.#ctx.state.products;
    const limit = 'limit' in args ? (typeof args.limit === 'number' ? args.limit : null) : DEFAULT_COUNT_LIMIT;
    const match = this.searchFilter(args.query, info);
    if (!match) return count(store.size, limit);
    const seq = store.sequence('ID', false);
    let n = 0;
    for (let i = 0; i < seq.length && (limit === null || n <= limit); i++) if (match(seq.at(i))) n++;
    return count(n, limit);
  }

  locations(args: Args): ReturnType<typeof commerce.locations> {
    return commerce.locations(this.#ctx, args);
  }

  location(args: Args): ReturnType<typeof commerce.location> {
    return commerce.location(this.#ctx, args);
  }

  locationsCount(): ReturnType<typeof count> {
    return count(this.#ctx.state.commerce.inventory.locations.filter((l) => l.isActive).length);
  }

  inventoryItem(args: Args): ReturnType<typeof commerce.inventoryItem> {
    return commerce.inventoryItem(this.#ctx, args);
  }

  inventoryItems(args: Args): ReturnType<typeof commerce.inventoryItems> {
    return commerce.inventoryItems(this.#ctx, args);
  }

  inventoryLevel(args: Args): ReturnType<typeof commerce.inventoryLevel> {
    return commerce.inventoryLevel(this.#ctx, args.id);
  }

  customers(args: Args, _ctx: unknown, info: GraphQLResolveInfo): ReturnType<typeof commerce.customers> {
    return commerce.customers(this.#ctx, args, info);
  }

  customer(args: Args): ReturnType<typeof commerce.customer> {
    return commerce.customer(this.#ctx, args);
  }

  customersCount(args: Args, _ctx: unknown, info: GraphQLResolveInfo): ReturnType<typeof count> {
    return commerce.customersCount(this.#ctx, args, info);
  }

  orders(args: Args, _ctx: unknown, info: GraphQLResolveInfo): ReturnType<typeof commerce.orders> {
    return commerce.orders(this.#ctx, args, info);
  }

  order(args: Args): ReturnType<typeof commerce.order> {
    return commerce.order(this.#ctx, args);
  }

  fulfillmentOrder(args: Args): ReturnType<typeof commerce.fulfillmentOrder> {
    return commerce.fulfillmentOrder(this.#ctx, args);
  }

  ordersCount(args: Args, _ctx: unknown, info: GraphQLResolveInfo): ReturnType<typeof count> {
    return commerce.ordersCount(this.#ctx, args, info);
  }

  codeDiscountNodes(args: Args): ReturnType<typeof commerce.codeDiscountNodes> {
    return commerce.codeDiscountNodes(this.#ctx, args);
  }

  codeDiscountNode(args: Args): ReturnType<typeof commerce.codeDiscountNode> {
    return commerce.codeDiscountNode(this.#ctx, args);
  }

  codeDiscountNodeByCode(args: Args): ReturnType<typeof commerce.codeDiscountNodeByCode> {
    return commerce.codeDiscountNodeByCode(this.#ctx, args);
  }

  automaticDiscountNode(args: Args): ReturnType<typeof commerce.automaticDiscountNode> {
    return commerce.automaticDiscountNode(this.#ctx, args);
  }

  automaticDiscountNodes(args: Args, _ctx: unknown, info: GraphQLResolveInfo): ReturnType<typeof commerce.automaticDiscountNodes> {
    return commerce.automaticDiscountNodes(this.#ctx, args, info);
  }

  priceLists(args: Args): ReturnType<typeof priceLists> {
    return priceLists(this.#ctx, args);
  }

  priceList(args: Args): ReturnType<typeof priceList> {
    return priceList(this.#ctx, args);
  }

  node(args: Args): ProductNode | VariantNode | WebhookSubscriptionNode | null {
    return this.resolveNode(args.id);
  }

  nodes(args: Args): (ProductNode | VariantNode | WebhookSubscriptionNode | null)[] {
    return (Array.isArray(args.ids) ? args.ids : []).map((id) => this.resolveNode(id));
  }

  webhookSubscriptions(args: Args): ConnectionResult<WebhookSubscriptionNode> {
    const a = shopifyConnectionArgs(args);
    const topics = Array.isArray(args.topics) ? args.topics : null;
    const subs = [...this.#ctx.state.webhookSubscriptions.values()].filter(
      (s) => (!topics || topics.includes(s.topic)) && (typeof args.callbackUrl !== 'string' || s.callbackUrl === args.callbackUrl) && (typeof args.format !== 'string' || s.format === args.format),
    );
    const keyOf = (s: WebhookSubscriptionRecord): { id: number; value: number } => ({ id: s.id, value: s.id });
    return toConnection(paginate(arraySequence(subs, keyOf, a.reverse), a, null), (s) => new WebhookSubscriptionNode(s), keyOf);
  }

  webhookSubscription(args: Args): WebhookSubscriptionNode | null {
    const id = expectGid(args.id, 'WebhookSubscription');
    const sub = id === null ? undefined : this.#ctx.state.webhookSubscriptions.get(id);
    return sub ? new WebhookSubscriptionNode(sub) : null;
  }

  webhookSubscriptionsCount(): ReturnType<typeof count> {
    return count(this.#ctx.state.webhookSubscriptions.size);
  }

  private productNode(id: number): ProductNode | null {
    const p = this.#ctx.state.products.get(id);
    return p ? new ProductNode(p, this.#ctx) : null;
  }

  private variantNode(variantId: number): VariantNode | null {
    const productId = this.#ctx.state.products.productOfVariant(variantId);
    const p = productId === null ? undefined : this.#ctx.state.products.get(productId);
    const v = p?.variants.find((x) => x.id === variantId);
    return p && v ? new VariantNode(v, p, this.#ctx) : null;
  }

  private resolveNode(raw: unknown): ProductNode | VariantNode | WebhookSubscriptionNode | null {
    const other = typeof raw === 'string' ? this.commerceNode(raw) : undefined;
    if (other !== undefined) return other as ProductNode | null;
    if (typeof raw !== 'string') return null;
    const parsed = parseGid(raw);
    if (!parsed) throw invalidGid(raw);
    switch (parsed.type) {
      case 'Product':
        return this.productNode(parsed.id);
      case 'ProductVariant':
        return this.variantNode(parsed.id);
      case 'WebhookSubscription': {
        const sub = this.#ctx.state.webhookSubscriptions.get(parsed.id);
        return sub ? new WebhookSubscriptionNode(sub) : null;
      }
      default:
        return null;
    }
  }

  /** Nodes of the commerce types; undefined for types handled elsewhere. */
  private commerceNode(raw: string): unknown {
    const parsed = parseGid(raw);
    switch (parsed?.type) {
      case 'Location':
        return commerce.location(this.#ctx, { id: raw });
      case 'InventoryItem':
        return commerce.inventoryItem(this.#ctx, { id: raw });
      case 'InventoryLevel':
        return commerce.inventoryLevel(this.#ctx, raw);
      case 'Customer':
        return commerce.customer(this.#ctx, { id: raw });
      case 'Order':
        return commerce.order(this.#ctx, { id: raw });
      case 'FulfillmentOrder':
        return commerce.fulfillmentOrder(this.#ctx, { id: raw });
      case 'DiscountCodeNode':
        return commerce.codeDiscountNode(this.#ctx, { id: raw });
      case 'DiscountAutomaticNode':
        return commerce.automaticDiscountNode(this.#ctx, { id: raw });
      case 'PriceList':
        return priceList(this.#ctx, { id: raw });
      default:
        return undefined;
    }
  }

  /** Compiles `query:` into a predicate over product ids; search warnings go to the response extensions. */
  private searchFilter(query: unknown, info: GraphQLResolveInfo): ((id: number) => boolean) | null {
    if (typeof query !== 'string' || !query.trim()) return null;
    const { state } = this.#ctx;
    const compiled = compileSearch(query, state.shop.ianaTimezone, state.now());
    if (compiled.warnings.length) this.#ctx.searchWarnings.push({ path: responsePathAsArray(info.path), query, warnings: compiled.warnings });
    const store = state.products;
    return (id) => {
      let cached: ProductRecord | undefined;
      const candidate: SearchCandidate = {
        id,
        meta: () => store.meta(id)!,
        record: () => (cached ??= store.get(id)!),
      };
      return compiled.match(candidate);
    };
  }
}
