import { gid } from '../ids';
import { isoSeconds, variantTitle, type ProductRecord, type VariantRecord } from '../records';
import { emptyConnection, type ConnectionResult, type ExecContext } from './context';
import { InventoryItemNode } from './inventory-nodes';
import { OptionValueNode } from './product-parts';
import { ProductNode } from './product-node';

/**
 * ProductVariant and its InventoryItem.
 * https://shopify.dev/docs/api/admin-graphql/2025-01/objects/ProductVariant
 * https://shopify.dev/docs/api/admin-graphql/2025-01/objects/InventoryItem
 */
export class VariantNode {
  readonly #v: VariantRecord;
  readonly #p: ProductRecord;
  readonly #ctx: ExecContext;

  constructor(v: VariantRecord, p: ProductRecord, ctx: ExecContext) {
    this.#v = v;
    this.#p = p;
    this.#ctx = ctx;
  }
  get __typename(): string {
    return 'ProductVariant';
  }
  get id(): string {
    return gid('ProductVariant', this.#v.id);
  }
  get legacyResourceId(): string {
    return String(this.#v.id);
  }
  get title(): string {
    return variantTitle(this.#v);
  }
  get displayName(): string {
    return `${this.#p.title} - ${variantTitle(this.#v)}`;
  }
  get sku(): string | null {
    return this.#v.sku;
  }
  get barcode(): string | null {
    return this.#v.barcode;
  }
  get price(): string {
    return this.#v.price;
  }
  get compareAtPrice(): string | null {
    return this.#v.compareAtPrice;
  }
  get position(): number {
    return this.#v.position;
  }
  get taxable(): boolean {
    return this.#v.taxable;
  }
  get taxCode(): null {
    return null;
  }
  get inventoryPolicy(): string {
    return this.#v.inventoryPolicy;
  }
  get inventoryQuantity(): number {
    return this.#v.inventoryQuantity;
  }
  get sellableOnlineQuantity(): number {
    return Math.max(0, this.#v.inventoryQuantity);
  }
  get availableForSale(): boolean {
    return this.#p.status === 'ACTIVE' && (this.#v.inventoryQuantity > 0 || this.#v.inventoryPolicy === 'CONTINUE');
  }
  get requiresComponents(): boolean {
    return false;
  }
  get createdAt(): string {
    return isoSeconds(this.#v.createdAt);
  }
  get updatedAt(): string {
    return isoSeconds(this.#v.updatedAt);
  }
  get image(): null {
    return null;
  }
  get selectedOptions(): { name: string; value: string; optionValue: OptionValueNode }[] {
    return this.#p.options.map((o, i) => {
      const value = this.#v.optionValues[i] ?? '';
      const record = o.values.find((v) => v.name === value) ?? { id: 0, name: value };
      return { name: o.name, value, optionValue: new OptionValueNode(record, true) };
    });
  }
  get inventoryItem(): InventoryItemNode {
    return new InventoryItemNode(this.#v, this.#p, this.#ctx);
  }
  get product(): ProductNode {
    return new ProductNode(this.#p, this.#ctx);
  }
  metafields(args: Record<string, unknown>): ConnectionResult<never> {
    return emptyConnection(args);
  }
  metafield(): null {
    return null;
  }
  get defaultCursor(): string {
    return Buffer.from(JSON.stringify({ last_id: this.#v.id, last_value: this.#v.position })).toString('base64');
  }
}

export { InventoryItemNode } from './inventory-nodes';
