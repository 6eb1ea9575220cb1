import { z } from 'zod';
import { Address } from './address';
import { canonicalIdSchema, ExternalRef, Timestamp } from './common';
import { LineQuantity } from './line-item';

export const TrackingInfo = z.object({
  number: z.string().min(1),
  /** Carrier as the vendor names it (UPS, USPS, DHL Express...). */
  company: z.string().min(1).nullable(),
  url: z.string().url().nullable(),
});
export type TrackingInfo = z.infer<typeof TrackingInfo>;

const common = {
  id: canonicalIdSchema('ful'),
  externalRefs: z.array(ExternalRef),
  lines: z.array(LineQuantity).min(1),
  createdAt: Timestamp,
  updatedAt: Timestamp,
};

/** Shipped to the customer; one fulfillment can have several parcels. */
export const ShippingFulfillment = z.object({
  ...common,
  method: z.literal('shipping'),
  status: z.enum(['pending', 'in_transit', 'delivered', 'failed', 'cancelled']),
  tracking: z.array(TrackingInfo),
  destination: Address.nullable(),
  shippedAt: Timestamp.nullable(),
  deliveredAt: Timestamp.nullable(),
});
export type ShippingFulfillment = z.infer<typeof ShippingFulfillment>;

/** Collected in store (buy online, pick up at a location). */
export const PickupFulfillment = z.object({
  ...common,
  method: z.literal('pickup'),
  locationId: canonicalIdSchema('loc'),
  pickupStatus: z.enum(['pending', 'ready_for_pickup', 'picked_up', 'cancelled']),
  readyAt: Timestamp.nullable(),
  pickedUpAt: Timestamp.nullable(),
});
export type PickupFulfillment = z.infer<typeof PickupFulfillment>;

export const Fulfillment = z.discriminatedUnion('method', [ShippingFulfillment, PickupFulfillment]);
export type Fulfillment = z.infer<typeof Fulfillment>;
