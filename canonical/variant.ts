import { z } from 'zod';
import { ExternalRef, Money } from './common';

export const SelectedOption = z.object({ name: z.string().min(1), value: z.string().min(1) });

export const Variant = z.object({
  id: z.string().startsWith('var_'),
  externalRefs: z.array(ExternalRef),
  title: z.string(),
  sku: z.string().nullable(),
  barcode: z.string().nullable(),
  position: z.number().int().positive(),
  /** Option name → value, e.g. Size=M; empty for a product without options. */
  selectedOptions: z.array(SelectedOption),
  price: Money,
  compareAtPrice: Money.nullable(),
});
export type Variant = z.infer<typeof Variant>;
