import { ID_BASE, ID_STRIDE } from './ids';
import { CDN_FILES_PATH, CDN_ORIGIN } from './cdn';
import { normaliseTags, slugify, type OptionRecord, type ProductRecord, type ProductStatus, type VariantRecord } from './records';
import { mix, mulberry32, pick, pickSome } from './prng';
import { ADJECTIVES, CARE, COLORS, MATERIALS, PRICE_ENDINGS, PRODUCT_TYPES, SIZES, TAG_POOL, VENDORS, type ProductTypeSpec } from './seed-vocab';

/**
 * Deterministic catalogue generator.
 *
 * Every seeded product is a pure function of (seed, index): nothing is stored
 * until something changes it, so a million products cost a few bytes each and
 * any product can be produced in O(1) for a page, a node lookup or a webhook.
 * Same seed → same data, on any machine.
 */

export interface SeedOptions {
  products: number;
  seed?: number;
  /** Seeded customers (default 25). */
  customers?: number;
  /** Seeded historic orders, all paid and fulfilled (default 50). */
  orders?: number;
}

/** Seeded createdAt values are spread over 2023-01-01 … 2024-12-31; updatedAt stays before this anchor. */
export const SEED_CREATED_FROM = Date.UTC(2023, 0, 1);
export const SEED_CREATED_TO = Date.UTC(2024, 11, 31);
export const SEED_ANCHOR = Date.UTC(2025, 0, 31, 12);
export const MAX_SEEDED_PRODUCTS = 1_000_000;

/** The cheap part of a seeded product: what filters and sort keys need without generating it. */
export interface SeedMeta {
  createdAt: number;
  updatedAt: number;
  status: ProductStatus;
  publishedAt: number | null;
}

interface Layout {
  spec: ProductTypeSpec;
  sizes: string[];
  colors: { name: string; code: string }[];
}

export class SeededCatalog {
  readonly count: number;
  readonly seed: number;

  constructor(opts: SeedOptions) {
    if (!Number.isInteger(opts.products) || opts.products < 0 || opts.products > MAX_SEEDED_PRODUCTS) {
      throw new Error(`seed.products must be an integer between 0 and ${MAX_SEEDED_PRODUCTS}`);
    }
    this.count = opts.products;
    this.seed = opts.seed ?? 1;
  }

  productId(index: number): number {
    return ID_BASE.product + index;
  }

  /** Index (1-based) of a seeded product id, or null when the id is not in the seeded range. */
  indexOf(productId: number): number | null {
    const index = productId - ID_BASE.product;
    return index >= 1 && index <= this.count ? index : null;
  }

  /** Seeded product index owning a variant id, or null. */
  indexOfVariant(variantId: number): number | null {
    const rel = variantId - ID_BASE.variant;
    const index = Math.floor(rel / ID_STRIDE.variant);
    if (rel < 0 || index < 1 || index > this.count) return null;
    return rel % ID_STRIDE.variant < this.variantCount(index) ? index : null;
  }

  meta(index: number): SeedMeta {
    const r = this.rng(index, 1);
    const span = SEED_CREATED_TO - SEED_CREATED_FROM;
    const createdAt = floorSeconds(SEED_CREATED_FROM + ((index - 1 + r()) * span) / Math.max(this.count, 1));
    const roll = r();
    const status: ProductStatus = roll < 0.85 ? 'ACTIVE' : roll < 0.95 ? 'DRAFT' : 'ARCHIVED';
    const touched = r() < 0.7;
    const updatedAt = touched ? floorSeconds(createdAt + r() * (SEED_ANCHOR - createdAt)) : createdAt;
    return { createdAt, updatedAt, status, publishedAt: status === 'DRAFT' ? null : createdAt };
  }

  variantCount(index: number): number {
    const { nSizes, nColors } = this.shape(index);
    return Math.max(nSizes, 1) * Math.max(nColors, 1);
  }

  title(index: number, spec: ProductTypeSpec = this.layout(index).spec): string {
    const r = this.rng(index, 4);
    const adjective = pick(r, ADJECTIVES);
    const material = spec.materials && r() < 0.7 ? `${pick(r, MATERIALS)} ` : '';
    return `${adjective} ${material}${pick(r, spec.nouns)}`;
  }

  handle(index: number, title: string = this.title(index)): string {
    return `${slugify(title)}-${index}`;
  }

  /** Index of the seeded product whose generated handle is `handle`, or null. */
  indexOfHandle(handle: string): number | null {
    const m = /-(\d+)$/.exec(handle);
    if (!m) return null;
    const index = Number(m[1]);
    return index >= 1 && index <= this.count && this.handle(index) === handle ? index : null;
  }

  generate(index: number): ProductRecord {
    const meta = this.meta(index);
    const layout = this.layout(index);
    const { spec } = layout;
    const r = this.rng(index, 3);
    const title = this.title(index, spec);
    const handle = this.handle(index, title);
    const vendor = pick(r, VENDORS);
    const tags = normaliseTags([spec.type.toLowerCase(), ...pickSome(r, TAG_POOL, 1 + Math.floor(r() * 3))]);
    const use = pick(r, spec.uses);
    const intro = `The ${title} is made for ${use}.`;
    const descriptionHtml = `<p>${intro} Designed by ${escapeHtml(vendor)} and tested season after season.</p><p>${pick(r, CARE)}</p>`;
    const basePrice = spec.price[0] + Math.floor(r() * (spec.price[1] - spec.price[0]));
    const price = Math.max(basePrice - 1 + pick(r, PRICE_ENDINGS), 1);
    const onSale = r() < 0.25;
    const compareAt = onSale ? Math.ceil(price * (1.2 + r() * 0.3)) : null;
    const seo = r() < 0.8;
    const pad = String(index).padStart(6, '0');

    const options: OptionRecord[] = [];
    const optionAxes: string[][] = [];
    const addOption = (name: string, values: string[]): void => {
      const k = options.length;
      options.push({
        id: ID_BASE.option + index * ID_STRIDE.option + k,
        name,
        position: k + 1,
        values: values.map((v, j) => ({ id: ID_BASE.optionValue + index * ID_STRIDE.optionValue + k * 8 + j, name: v })),
      });
      optionAxes.push(values);
    };
    if (layout.sizes.length) addOption('Size', layout.sizes);
    if (layout.colors.length) addOption('Color', layout.colors.map((c) => c.name));
    if (!options.length) addOption('Title', ['Default Title']);

    const variants: VariantRecord[] = [];
    for (const combo of cartesian(optionAxes)) {
      const k = variants.length;
      const size = layout.sizes.length ? combo[0] : undefined;
      const color = layout.colors.find((c) => combo.includes(c.name));
      const bump = size === 'XL' && spec.sizes ? 5 : 0;
      const skuParts = ['SKU', pad, ...(size ? [size] : []), ...(color ? [color.code] : [])];
      variants.push({
        id: ID_BASE.variant + index * ID_STRIDE.variant + k,
        inventoryItemId: ID_BASE.inventoryItem + index * ID_STRIDE.inventoryItem + k,
        sku: skuParts.join('-'),
        barcode: upcA(index * ID_STRIDE.variant + k),
        price: (price + bump).toFixed(2),
        compareAtPrice: compareAt === null ? null : (compareAt + bump).toFixed(2),
        position: k + 1,
        optionValues: combo,
        inventoryQuantity: r() < 0.1 ? 0 : Math.floor(r() * 120),
        inventoryPolicy: 'DENY',
        taxable: true,
        createdAt: meta.createdAt,
        updatedAt: meta.updatedAt,
      });
    }

    return {
      id: this.productId(index),
      title,
      handle,
      descriptionHtml,
      vendor,
      productType: spec.type,
      status: meta.status,
      tags,
      createdAt: meta.createdAt,
      updatedAt: meta.updatedAt,
      publishedAt: meta.publishedAt,
      templateSuffix: null,
      seoTitle: seo ? `${title} | ${vendor}` : null,
      seoDescription: seo ? intro.slice(0, 160) : null,
      options,
      variants,
      media:
        r() < 0.9
          ? [
              {
                id: ID_BASE.media + index * ID_STRIDE.media,
                alt: title,
                url: `${CDN_ORIGIN}${CDN_FILES_PATH}${handle}.jpg?v=${meta.createdAt / 1000}`,
                width: 2048,
                height: 2048,
                createdAt: meta.createdAt,
              },
            ]
          : [],
    };
  }

  /** Product type and option layout (1–6 variants), from its own stream so it is cheap to recompute. */
  private layout(index: number): Layout {
    const { r, spec, nSizes, nColors } = this.shape(index);
    const start = Math.floor(r() * (SIZES.length - nSizes + 1));
    return { spec, sizes: SIZES.slice(start, start + nSizes), colors: pickSome(r, COLORS, nColors) };
  }

  /** Type and option counts: the first draws of the layout stream (cheap; used to count variants). */
  private shape(index: number): { r: () => number; spec: ProductTypeSpec; nSizes: number; nColors: number } {
    const r = this.rng(index, 2);
    const spec = pick(r, PRODUCT_TYPES);
    const [nSizes, nColors] = pick(r, SHAPES.get(spec)!);
    return { r, spec, nSizes, nColors };
  }

  private rng(index: number, stream: number): () => number {
    return mulberry32(mix(mix(this.seed ^ 0x9e3779b9, index), stream));
  }
}

/** (sizes, colours) per product type: 1–6 variants, Size and/or Color. */
const SHAPES = new Map<ProductTypeSpec, [number, number][]>(
  PRODUCT_TYPES.map((spec) => {
    const shapes: [number, number][] = [[0, 0]];
    if (spec.sizes) shapes.push([2, 0], [3, 0], [4, 0]);
    if (spec.colors) shapes.push([0, 2], [0, 3], [0, 4]);
    if (spec.sizes && spec.colors) shapes.push([2, 2], [3, 2], [2, 3]);
    if (spec.colors && !spec.sizes) shapes.push([0, 5], [0, 6]);
    return [spec, shapes];
  }),
);

function floorSeconds(ms: number): number {
  return Math.floor(ms / 1000) * 1000;
}

function cartesian(axes: string[][]): string[][] {
  return axes.reduce<string[][]>((acc, axis) => acc.flatMap((prefix) => axis.map((v) => [...prefix, v])), [[]]);
}

/** A 12-digit UPC-A (number system 7) built from a unique number, with its check digit. */
function upcA(n: number): string {
  const body = String(70_000_000_000 + (n % 10_000_000_000));
  let sum = 0;
  for (let i = 0; i < 11; i++) sum += Number(body[i]) * (i % 2 === 0 ? 3 : 1);
  return body + String((10 - (sum % 10)) % 10);
}

function escapeHtml(s: string): string {
  return s.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;');
}
