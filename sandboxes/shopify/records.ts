/**
 * In-memory records behind the sandbox. Compact on purpose: timestamps are
 * epoch milliseconds, money is the decimal string Shopify returns, and ids are
 * the numeric part of the gid (gid://shopify/Product/<id>).
 */

export type ProductStatus = 'ACTIVE' | 'DRAFT' | 'ARCHIVED';
export const PRODUCT_STATUSES: readonly ProductStatus[] = ['ACTIVE', 'DRAFT', 'ARCHIVED'];

export interface OptionValueRecord {
  id: number;
  name: string;
}

export interface OptionRecord {
  id: number;
  name: string;
  position: number;
  values: OptionValueRecord[];
}

export interface VariantRecord {
  id: number;
  inventoryItemId: number;
  sku: string | null;
  barcode: string | null;
  /** Decimal string, two places: "19.99". */
  price: string;
  compareAtPrice: string | null;
  position: number;
  /** One value name per product option, in option order. */
  optionValues: string[];
  inventoryQuantity: number;
  inventoryPolicy: 'DENY' | 'CONTINUE';
  taxable: boolean;
  createdAt: number;
  updatedAt: number;
}

export interface MediaRecord {
  id: number;
  alt: string | null;
  url: string;
  width: number;
  height: number;
  createdAt: number;
}

export interface ProductRecord {
  id: number;
  title: string;
  handle: string;
  descriptionHtml: string;
  vendor: string;
  productType: string;
  status: ProductStatus;
  /** Normalised: trimmed, unique, sorted case-insensitively (as Shopify returns them). */
  tags: string[];
  createdAt: number;
  updatedAt: number;
  publishedAt: number | null;
  templateSuffix: string | null;
  seoTitle: string | null;
  seoDescription: string | null;
  options: OptionRecord[];
  variants: VariantRecord[];
  media: MediaRecord[];
}

/** Shopify's variant title: option values joined by " / " ("Default Title" for the default variant). */
export function variantTitle(v: VariantRecord): string {
  return v.optionValues.join(' / ');
}

export function totalInventory(p: ProductRecord): number {
  let sum = 0;
  for (const v of p.variants) sum += v.inventoryQuantity;
  return sum;
}

/** The product has only Shopify's implicit "Title: Default Title" option. */
export function hasOnlyDefaultVariant(p: ProductRecord): boolean {
  return p.options.length === 1 && p.options[0]!.name === 'Title' && p.variants.length === 1 && p.variants[0]!.optionValues[0] === 'Default Title';
}

export function normaliseTags(tags: readonly string[]): string[] {
  const seen = new Map<string, string>();
  for (const raw of tags) {
    for (const part of raw.split(',')) {
      const t = part.trim();
      if (t && !seen.has(t.toLowerCase())) seen.set(t.toLowerCase(), t);
    }
  }
  return [...seen.values()].sort((a, b) => a.toLowerCase().localeCompare(b.toLowerCase()));
}

/** Shopify's handle rule: lower-case, ASCII letters/digits, words joined by "-". */
export function slugify(text: string): string {
  // Fast path for plain ASCII (every seeded title); NFKD only matters for accents.
  const ascii = !/[^\u0020-\u007e]/.test(text);
  return (ascii ? text : text.normalize('NFKD'))
    .replace(/[\u0300-\u036f]/g, '')
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, '-')
    .replace(/^-+|-+$/g, '');
}

/** Money as Shopify returns it: a decimal string with two places. Null when not a number. */
export function formatMoney(input: unknown): string | null {
  const n = typeof input === 'number' ? input : typeof input === 'string' && input.trim() !== '' ? Number(input) : Number.NaN;
  return Number.isFinite(n) ? n.toFixed(2) : null;
}

/** GraphQL DateTime: ISO-8601 in UTC with second precision, e.g. 2025-01-02T15:04:05Z. */
const isoCache = new Map<number, string>();

export function isoSeconds(ms: number): string {
  // Pages repeat the same timestamps (a product and its variants); formatting dominates otherwise.
  let s = isoCache.get(ms);
  if (s === undefined) {
    if (isoCache.size > 50_000) isoCache.clear();
    s = new Date(ms).toISOString().slice(0, 19) + 'Z';
    isoCache.set(ms, s);
  }
  return s;
}

export function stripHtml(html: string): string {
  return html
    .replace(/<br\s*\/?>/gi, '\n')
    .replace(/<\/p>\s*<p[^>]*>/gi, '\n')
    .replace(/<[^>]+>/g, '')
    .replace(/&nbsp;/g, ' ')
    .replace(/&amp;/g, '&')
    .replace(/&lt;/g, '<')
    .replace(/&gt;/g, '>')
    .replace(/&quot;/g, '"')
    .replace(/&#39;/g, "'")
    .trim();
}

export function cloneProduct(p: ProductRecord): ProductRecord {
  return {
    ...p,
    tags: [...p.tags],
    options: p.options.map((o) => ({ ...o, values: o.values.map((v) => ({ ...v })) })),
    variants: p.variants.map((v) => ({ ...v, optionValues: [...v.optionValues] })),
    media: p.media.map((m) => ({ ...m })),
  };
}
