import { arraySequence, paginate } from '../../framework/graphql-connection';
import { gid } from '../ids';
import { hasOnlyDefaultVariant, isoSeconds, stripHtml, totalInventory, type MediaRecord, type ProductRecord, type VariantRecord } from '../records';
import { count, emptyConnection, money, shopifyConnectionArgs, toConnection, type ConnectionResult, type ExecContext } from './context';
import { ImageNode, MediaImageNode, OptionNode } from './product-parts';
import { VariantNode } from './variant-node';

/**
 * Product, field by field. Getter/method names are the 2025-01 field names;
 * fields not listed here are reported as sandbox gaps by the executor.
 * https://shopify.dev/docs/api/admin-graphql/2025-01/objects/Product
 */
export class ProductNode {
  readonly #p: ProductRecord;
  readonly #ctx: ExecContext;

  constructor(p: ProductRecord, ctx: ExecContext) {
    this.#p = p;
    this.#ctx = ctx;
  }

  get __typename(): string {
    return 'Product';
  }
  get id(): string {
    return gid('Product', this.#p.id);
  }
  get legacyResourceId(): string {
    return String(this.#p.id);
  }
  get title(): string {
    return this.#p.title;
  }
  get handle(): string {
    return this.#p.handle;
  }
  get descriptionHtml(): string {
    return this.#p.descriptionHtml;
  }
  get bodyHtml(): string {
    return this.#p.descriptionHtml;
  }
  description(args: { truncateAt?: number | null }): string {
    const text = stripHtml(this.#p.descriptionHtml);
    const n = args.truncateAt;
    return typeof n === 'number' && text.length > n ? `${text.slice(0, Math.max(0, n - 1)).trimEnd()}…` : text;
  }
  get vendor(): string {
    return this.#p.vendor;
  }
  get productType(): string {
    return this.#p.productType;
  }
  get status(): string {
    return this.#p.status;
  }
  get tags(): string[] {
    return [...this.#p.tags];
  }
  get createdAt(): string {
    return isoSeconds(this.#p.createdAt);
  }
  get updatedAt(): string {
    return isoSeconds(this.#p.updatedAt);
  }
  get publishedAt(): string | null {
    return this.#p.publishedAt === null ? null : isoSeconds(this.#p.publishedAt);
  }
  get templateSuffix(): string | null {
    return this.#p.templateSuffix;
  }
  get giftCardTemplateSuffix(): null {
    return null;
  }
  get isGiftCard(): boolean {
    return false;
  }
  get requiresSellingPlan(): boolean {
    return false;
  }
  get tracksInventory(): boolean {
    return true;
  }
  get hasOnlyDefaultVariant(): boolean {
    return hasOnlyDefaultVariant(this.#p);
  }
  get hasOutOfStockVariants(): boolean {
    return this.#p.variants.some((v) => v.inventoryQuantity <= 0);
  }
  get hasVariantsThatRequiresComponents(): boolean {
    return false;
  }
  get totalInventory(): number {
    return totalInventory(this.#p);
  }
  get totalVariants(): number {
    return this.#p.variants.length;
  }
  get onlineStoreUrl(): string | null {
    return this.#p.status === 'ACTIVE' && this.#p.publishedAt !== null ? `https://${this.#ctx.state.shop.myshopifyDomain}/products/${this.#p.handle}` : null;
  }
  get onlineStorePreviewUrl(): string {
    return `https://${this.#ctx.state.shop.myshopifyDomain}/products/${this.#p.handle}`;
  }
  get category(): null {
    return null;
  }
  get combinedListingRole(): null {
    return null;
  }
  get seo(): { title: string | null; description: string | null } {
    return { title: this.#p.seoTitle, description: this.#p.seoDescription };
  }
  options(args: { first?: number | null }): OptionNode[] {
    const opts = typeof args.first === 'number' ? this.#p.options.slice(0, args.first) : this.#p.options;
    return opts.map((o, i) => new OptionNode(o, this.#p, i));
  }
  variants(args: Record<string, unknown>): ConnectionResult<VariantNode> {
    const a = shopifyConnectionArgs(args);
    const byId = args.sortKey === 'ID';
    const keyOf = (v: VariantRecord): { id: number; value: number } => ({ id: v.id, value: byId ? v.id : v.position });
    const page = paginate(arraySequence(this.#p.variants, keyOf, a.reverse), a, null);
    return toConnection(page, (v) => new VariantNode(v, this.#p, this.#ctx), keyOf);
  }
  get variantsCount(): ReturnType<typeof count> {
    return count(this.#p.variants.length);
  }
  media(args: Record<string, unknown>): ConnectionResult<MediaImageNode> {
    const a = shopifyConnectionArgs(args);
    const keyOf = (m: MediaRecord): { id: number; value: number } => ({ id: m.id, value: this.#p.media.indexOf(m) });
    const page = paginate(arraySequence(this.#p.media, keyOf, a.reverse), a, null);
    return toConnection(page, (m) => new MediaImageNode(m, this.#p), keyOf);
  }
  get mediaCount(): ReturnType<typeof count> {
    return count(this.#p.media.length);
  }
  get featuredMedia(): MediaImageNode | null {
    const m = this.#p.media[0];
    return m ? new MediaImageNode(m, this.#p) : null;
  }
  get featuredImage(): ImageNode | null {
    const m = this.#p.media[0];
    return m ? new ImageNode(m) : null;
  }
  images(args: Record<string, unknown>): ConnectionResult<ImageNode> {
    const a = shopifyConnectionArgs(args);
    const keyOf = (m: MediaRecord): { id: number; value: number } => ({ id: m.id, value: this.#p.media.indexOf(m) });
    return toConnection(paginate(arraySequence(this.#p.media, keyOf, a.reverse), a, null), (m) => new ImageNode(m), keyOf);
  }
  get priceRangeV2(): { minVariantPrice: ReturnType<typeof money>; maxVariantPrice: ReturnType<typeof money> } {
    const prices = this.#p.variants.map((v) => Number(v.price));
    const cur = this.#ctx.state.shop.currencyCode;
    return { minVariantPrice: money(String(Math.min(...prices)), cur), maxVariantPrice: money(String(Math.max(...prices)), cur) };
  }
  get compareAtPriceRange(): { minVariantCompareAtPrice: ReturnType<typeof money>; maxVariantCompareAtPrice: ReturnType<typeof money> } | null {
    const prices = this.#p.variants.filter((v) => v.compareAtPrice !== null).map((v) => Number(v.compareAtPrice));
    if (!prices.length) return null;
    const cur = this.#ctx.state.shop.currencyCode;
    return { minVariantCompareAtPrice: money(String(Math.min(...prices)), cur), maxVariantCompareAtPrice: money(String(Math.max(...prices)), cur) };
  }
  metafields(args: Record<string, unknown>): ConnectionResult<never> {
    return emptyConnection(args);
  }
  metafield(): null {
    return null;
  }
  collections(args: Record<string, unknown>): ConnectionResult<never> {
    return emptyConnection(args);
  }
  get defaultCursor(): string {
    return Buffer.from(JSON.stringify({ last_id: this.#p.id, last_value: this.#p.id })).toString('base64');
  }
}
