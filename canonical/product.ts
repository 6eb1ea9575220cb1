import { z } from 'zod';
import { ExternalRef, Timestamp } from './common';
import { Image } from './image';
import { Variant } from './variant';

/** One product option (Size, Colour) and its values in display order. */
export const ProductOption = z.object({
  name: z.string().min(1),
  position: z.number().int().positive(),
  values: z.array(z.string().min(1)).min(1),
});
export type ProductOption = z.infer<typeof ProductOption>;

export const Seo = z.object({
  title: z.string().nullable(),
  description: z.string().nullable(),
});

export const Product = z.object({
  id: z.string().startsWith('prd_'),
  externalRefs: z.array(ExternalRef),
  title: z.string().min(1),
  handle: z.string().min(1),
  descriptionHtml: z.string(),
  vendor: z.string().nullable(),
  productType: z.string().nullable(),
  status: z.enum(['active', 'draft', 'archived']),
  tags: z.array(z.string()),
  options: z.array(ProductOption),
  variants: z.array(Variant).min(1),
  images: z.array(Image),
  seo: Seo,
  /**
   * Short label on the POS tile (Square CatalogItem `abbreviation`, of which
   * the POS shows the first five characters). Absent rather than empty:
   * Shopify has no such field, so it is set only where a POS owns it.
   */
  shortName: z.string().min(1).optional(),
  /** When the owning system last changed it; used to ignore stale webhooks. */
  updatedAt: Timestamp,
});
export type Product = z.infer<typeof Product>;
