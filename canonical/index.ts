import type { z } from 'zod';
import { CreditNote } from './credit-note';
import { Customer } from './customer';
import { Discount } from './discount';
import { Fulfillment } from './fulfillment';
import { InventoryLevel } from './inventory-level';
import { Invoice } from './invoice';
import { Location } from './location';
import { Order } from './order';
import { Product } from './product';
import { Refund } from './refund';
import { Return } from './return';
import { Payment } from './tender';
import { Ticket } from './ticket';

export * from './address';
export * from './common';
export * from './credit-note';
export * from './customer';
export * from './discount';
export * from './fulfillment';
export * from './hash';
export * from './image';
export * from './integrity';
export * from './inventory-level';
export * from './invoice';
export * from './line-item';
export * from './location';
export * from './order';
export * from './product';
export * from './refund';
export * from './return';
export * from './tax-line';
export * from './tender';
export * from './ticket';
export * from './variant';

/**
 * Top-level entities, by the name the store and flows use for them. Names
 * match `flows[].entity` in the YAML where both exist (`inventory` is the
 * InventoryLevel, `payment` the Tender). Variants, images, line items and
 * the like only exist inside their parent and are not listed.
 */
export const entitySchemas = {
  product: Product,
  location: Location,
  inventory: InventoryLevel,
  customer: Customer,
  order: Order,
  discount: Discount,
  payment: Payment,
  fulfillment: Fulfillment,
  return: Return,
  refund: Refund,
  invoice: Invoice,
  'credit-note': CreditNote,
  ticket: Ticket,
} as const satisfies { readonly [name: string]: z.ZodType };

export type EntityName = keyof typeof entitySchemas;
export type EntityRecord<N extends EntityName> = z.infer<(typeof entitySchemas)[N]>;

/** Id prefix per entity, for `canonicalId(entityIdPrefixes[name], ref)`. */
export const entityIdPrefixes = {
  product: 'prd',
  location: 'loc',
  inventory: 'ivl',
  customer: 'cus',
  order: 'ord',
  discount: 'dsc',
  payment: 'tnd',
  fulfillment: 'ful',
  return: 'ret',
  refund: 'rfd',
  invoice: 'inv',
  'credit-note': 'crn',
  ticket: 'tkt',
} as const satisfies { readonly [N in EntityName]: string };

export function isEntityName(name: string): name is EntityName {
  return Object.hasOwn(entitySchemas, name);
}
