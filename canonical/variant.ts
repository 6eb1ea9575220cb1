import { z } from 'zod';
import { ExternalRef, Money } from './common';

export const SelectedOption = z.object({ name: z.string().min(1), value: z.string().min(1) });

/**
 * Fixed prices of a variant in currencies other than its base price's (from
 * the owner's multi-currency price lists, e.g. Shopify Markets), at most one
 * per currency, sorted by currency so equal content hashes equally.
 */
export const CurrencyPrices = z.array(Money).superRefine((prices, ctx) => {
  for (let i = 1; i < prices.length; i++) {
    if (prices[i - 1]!.currency >= prices[i]!.currency) {
      ctx.addIssue({ code: 'custom', path: [i, 'currency'], message: 'one price per currency, sorted by currency' });
    }
  }
});

export const Variant = z
  .object({
    id: z.string().startsWith('var_'),
    externalRefs: z.array(ExternalRef),
    title: z.string(),
    sku: z.string().nullable(),
    barcode: z.string().nullable(),
    position: z.number().int().positive(),
    /** Option name → value, e.g. Size=M; empty for a product without options. */
    selectedOptions: z.array(SelectedOption),
    /** The base price, in the owner's own currency. */
    price: Money,
    compareAtPrice: Money.nullable(),
    /**
     * Fixed prices in other currencies; absent when there are none (so
     * products of a single-currency shop hash as they always did). A channel
     * selling in another currency takes its price from here; a variant with
     * no price in that currency is not sold there.
     */
    prices: CurrencyPrices.optional(),
  })
  .superRefine((v, ctx) => {
    if (v.prices?.some((p) => p.currency === v.price.currency)) {
      ctx.addIssue({ code: 'custom', path: ['prices'], message: `the base price is already in ${v.price.currency}` });
    }
  });
export type Variant = z.infer<typeof Variant>;

/** The variant's price in `currency`: the base price if it is in it, else its fixed price there, else null. */
export function priceIn(v: Pick<Variant, 'price' | 'prices'>, currency: string): Variant['price'] | null {
  if (v.price.currency === currency) return v.price;
  return v.prices?.find((p) => p.currency === currency) ?? null;
}
