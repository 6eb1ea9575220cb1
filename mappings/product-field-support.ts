import type { ProductField } from '../canonical/product-fields';
import { SHOPIFY_STORED_FIELDS } from './shopify/product-update-v1';
import { SQUARE_OWNABLE_FIELDS, SQUARE_STORED_FIELDS } from './square/item-fields-v1';

/**
 * Which canonical product fields each vendor's catalog holds (so a write can
 * carry them) and can own (holds them and reads them back), from the mapping
 * modules. Config validation uses it to refuse `fields: { vendor: pos }`
 * before anything runs.
 */
export interface ProductFieldSupport {
  stores: readonly ProductField[];
  owns: readonly ProductField[];
}

const SUPPORT: Readonly<Partial<Record<string, ProductFieldSupport>>> = {
  shopify: { stores: SHOPIFY_STORED_FIELDS, owns: SHOPIFY_STORED_FIELDS },
  square: { stores: SQUARE_STORED_FIELDS, owns: SQUARE_OWNABLE_FIELDS },
};

/** null for a connector kind with no product catalog mapping. */
export function productFieldSupport(kind: string): ProductFieldSupport | null {
  return SUPPORT[kind] ?? null;
}
