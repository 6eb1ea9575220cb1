import { z } from 'zod';
import { DecimalString, Money } from './common';

/**
 * One tax charged, as the vendor computed it. We never recompute tax: the
 * amount is what the customer paid, the rate is informational.
 */
export const TaxLine = z.object({
  /** Jurisdiction label as shown to the customer, e.g. "CA State Tax". */
  title: z.string().min(1),
  /** Fraction as an exact decimal string: "0.0825" is 8.25 %. */
  rate: DecimalString,
  amount: Money,
  /** True when the amount is included in the price it applies to (VAT-style). */
  included: z.boolean(),
});
export type TaxLine = z.infer<typeof TaxLine>;
