import { type LineAmountType } from './types';

/**
 * Invoice arithmetic as Xero does it
 * (https://developer.xero.com/documentation/api/accounting/invoices#line-items,
 * https://central.xero.com/s/article/Rounding-in-Xero): amounts are rounded per
 * line to 2 decimals, half away from zero, and the document totals are sums of
 * the rounded lines.
 * - LineAmount = Quantity × UnitAmount × (1 − DiscountRate/100);
 * - Exclusive: TaxAmount = LineAmount × rate; SubTotal = ΣLineAmount; Total = SubTotal + TotalTax;
 * - Inclusive: LineAmount already holds the tax: TaxAmount = LineAmount × rate / (1 + rate);
 *   Total = ΣLineAmount; SubTotal = Total − TotalTax (SubTotal is always tax-exclusive);
 * - NoTax: no tax at all; Total = SubTotal = ΣLineAmount.
 */

export function round(value: number, dp = 2): number {
  const f = 10 ** dp;
  // The epsilon absorbs binary noise (1.005 * 100 = 100.49999…) before rounding half away from zero.
  const r = Math.round(Math.abs(value) * f + 1e-7) / f;
  return value < 0 ? -r : r;
}

export interface LineInput {
  Quantity: number;
  UnitAmount: number;
  DiscountRate?: number;
  /** Tax rate in percent. */
  ratePercent: number;
  /** A LineAmount sent without Quantity × UnitAmount (Xero accepts it; it wins). */
  LineAmount?: number;
}

export interface LineResult {
  LineAmount: number;
  TaxAmount: number;
}

export interface Totals {
  lines: LineResult[];
  SubTotal: number;
  TotalTax: number;
  Total: number;
}

export function computeTotals(lines: LineInput[], mode: LineAmountType): Totals {
  const out: LineResult[] = lines.map((l) => {
    const gross = l.LineAmount ?? l.Quantity * l.UnitAmount * (1 - (l.DiscountRate ?? 0) / 100);
    const lineAmount = round(gross);
    const rate = mode === 'NoTax' ? 0 : l.ratePercent / 100;
    const tax = mode === 'Exclusive' ? round(lineAmount * rate) : mode === 'Inclusive' ? round((lineAmount * rate) / (1 + rate)) : 0;
    return { LineAmount: lineAmount, TaxAmount: tax };
  });
  const sum = (xs: number[]): number => round(xs.reduce((a, b) => a + b, 0));
  const lineSum = sum(out.map((l) => l.LineAmount));
  const TotalTax = sum(out.map((l) => l.TaxAmount));
  if (mode === 'Inclusive') return { lines: out, SubTotal: round(lineSum - TotalTax), TotalTax, Total: lineSum };
  return { lines: out, SubTotal: lineSum, TotalTax, Total: round(lineSum + TotalTax) };
}
