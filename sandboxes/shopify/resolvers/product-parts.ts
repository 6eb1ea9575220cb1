import { gid } from '../ids';
import { isoSeconds, type MediaRecord, type OptionRecord, type OptionValueRecord, type ProductRecord } from '../records';

/**
 * Objects hanging off a product: options and their values, media and images.
 * https://shopify.dev/docs/api/admin-graphql/2025-01/objects/ProductOption
 * https://shopify.dev/docs/api/admin-graphql/2025-01/objects/MediaImage
 */

export class OptionValueNode {
  readonly #v: OptionValueRecord;
  readonly #used: boolean;

  constructor(v: OptionValueRecord, used: boolean) {
    this.#v = v;
    this.#used = used;
  }
  get __typename(): string {
    return 'ProductOptionValue';
  }
  get id(): string {
    return gid('ProductOptionValue', this.#v.id);
  }
  get name(): string {
    return this.#v.name;
  }
  get hasVariants(): boolean {
    return this.#used;
  }
  get linkedMetafieldValue(): null {
    return null;
  }
  get swatch(): null {
    return null;
  }
}

export class OptionNode {
  readonly #o: OptionRecord;
  readonly #p: ProductRecord;
  readonly #index: number;

  constructor(o: OptionRecord, p: ProductRecord, index: number) {
    this.#o = o;
    this.#p = p;
    this.#index = index;
  }
  get __typename(): string {
    return 'ProductOption';
  }
  get id(): string {
    return gid('ProductOption', this.#o.id);
  }
  get name(): string {
    return this.#o.name;
  }
  get position(): number {
    return this.#o.position;
  }
  /** Only values some variant uses, as Shopify's `values` does. */
  get values(): string[] {
    return this.#o.values.filter((v) => this.used(v)).map((v) => v.name);
  }
  get optionValues(): OptionValueNode[] {
    return this.#o.values.map((v) => new OptionValueNode(v, this.used(v)));
  }
  get linkedMetafield(): null {
    return null;
  }
  private used(v: OptionValueRecord): boolean {
    return this.#p.variants.some((x) => x.optionValues[this.#index] === v.name);
  }
}

export class ImageNode {
  readonly #m: MediaRecord;

  constructor(m: MediaRecord) {
    this.#m = m;
  }
  get id(): string {
    return gid('ProductImage', this.#m.id);
  }
  url(): string {
    return this.#m.url;
  }
  get src(): string {
    return this.#m.url;
  }
  get originalSrc(): string {
    return this.#m.url;
  }
  transformedSrc(): string {
    return this.#m.url;
  }
  get altText(): string | null {
    return this.#m.alt;
  }
  get width(): number {
    return this.#m.width;
  }
  get height(): number {
    return this.#m.height;
  }
}

export class MediaImageNode {
  readonly #m: MediaRecord;
  readonly #p: ProductRecord;

  constructor(m: MediaRecord, p: ProductRecord) {
    this.#m = m;
    this.#p = p;
  }
  get __typename(): string {
    return 'MediaImage';
  }
  get id(): string {
    return gid('MediaImage', this.#m.id);
  }
  get alt(): string | null {
    return this.#m.alt;
  }
  get mediaContentType(): string {
    return 'IMAGE';
  }
  get status(): string {
    return 'READY';
  }
  get fileStatus(): string {
    return 'READY';
  }
  get mimeType(): string {
    return 'image/jpeg';
  }
  get image(): ImageNode {
    return new ImageNode(this.#m);
  }
  get preview(): { image: ImageNode; status: string } {
    return { image: new ImageNode(this.#m), status: 'READY' };
  }
  get mediaErrors(): never[] {
    return [];
  }
  get mediaWarnings(): never[] {
    return [];
  }
  get fileErrors(): never[] {
    return [];
  }
  get createdAt(): string {
    return isoSeconds(this.#m.createdAt);
  }
  get updatedAt(): string {
    return isoSeconds(Math.max(this.#m.createdAt, this.#p.updatedAt));
  }
}
