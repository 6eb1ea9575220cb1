import { apiError } from './errors';
import { amountOf, money, newUid, parseQuantity, records, roundHalfEven, str } from './pos-util';
import { isRecord } from './types';

/**
 * Order totals as the Orders API computes them
 * (https://developer.squareup.com/docs/orders-api/pricing-and-taxes,
 *  https://developer.squareup.com/docs/orders-api/apply-taxes-and-discounts):
 *
 * - gross_sales_money = base_price_money × quantity (+ modifiers × quantity);
 * - discounts apply before taxes: percentage discounts on each line's gross,
 *   then FIXED_AMOUNT ones (ORDER scope: spread over the lines in proportion
 *   to what is left of them, the last line taking the remainder);
 * - INCLUSIVE taxes are carved out of the discounted price
 *   (price × p / (100 + Σ inclusive p)); ADDITIVE taxes are added on the
 *   discounted price net of inclusive taxes;
 * - ORDER-scoped taxes/discounts are applied to every line (applied_* entries
 *   are added); LINE_ITEM-scoped ones only where a line references them;
 * - amounts round half to even, per line.
 */

type Rec = Record<string, unknown>;

const pct = (v: unknown, field: string): number => {
  const n = typeof v === 'string' ? Number(v) : NaN;
  if (!Number.isFinite(n) || n < 0) throw apiError('INVALID_VALUE', `\`${field}\` must be a decimal percentage string.`, field);
  return n;
};

function scopeOf(entry: Rec, lines: Rec[], list: string, key: string): string {
  if (entry.scope === 'ORDER' || entry.scope === 'LINE_ITEM') return entry.scope;
  return lines.some((l) => records(l[list]).some((a) => a[key] === entry.uid)) ? 'LINE_ITEM' : 'ORDER';
}

/** Gives uids to taxes/discounts/lines, resolves scopes and ORDER-scoped applications. Mutates `order`. */
function normalise(order: Rec): { lines: Rec[]; taxes: Rec[]; discounts: Rec[] } {
  const lines = records(order.line_items);
  const taxes = records(order.taxes);
  const discounts = records(order.discounts);
  for (const x of [...lines, ...taxes, ...discounts]) if (!str(x.uid)) x.uid = newUid();
  for (const [entries, list, key] of [[taxes, 'applied_taxes', 'tax_uid'], [discounts, 'applied_discounts', 'discount_uid']] as const) {
    const uids = new Set(entries.map((e) => e.uid));
    lines.forEach((l, i) => records(l[list]).forEach((a, j) => {
      if (!uids.has(a[key])) throw apiError('INVALID_VALUE', `\`${key}\` ${String(a[key])} names no ${list === 'applied_taxes' ? 'tax' : 'discount'} of the order.`, `order.line_items[${i}].${list}[${j}].${key}`);
    }));
    for (const e of entries) {
      e.scope = scopeOf(e, lines, list, key);
      if (e.scope !== 'ORDER') continue;
      for (const l of lines) {
        const applied = records(l[list]);
        if (!applied.some((a) => a[key] === e.uid)) applied.push({ uid: newUid(), [key]: e.uid });
        l[list] = applied;
      }
    }
    for (const l of lines) for (const a of records(l[list])) if (!str(a.uid)) a.uid = newUid();
  }
  order.line_items = lines;
  if (taxes.length) order.taxes = taxes;
  if (discounts.length) order.discounts = discounts;
  return { lines, taxes, discounts };
}

export function priceOrder(order: Rec, currency: string): void {
  const { lines, taxes, discounts } = normalise(order);
  const m = (n: number) => money(n, currency);
  const gross = lines.map((l, i) => {
    const q = parseQuantity(l.quantity, `order.line_items[${i}].quantity`);
    const base = amountOf(l.base_price_money);
    const mods = records(l.modifiers).reduce((s, mod) => s + amountOf(mod.base_price_money) * (mod.quantity ? Number(mod.quantity) : 1), 0);
    l.variation_total_price_money = m(roundHalfEven(base * q));
    return roundHalfEven((base + mods) * q);
  });
  const lineDiscount = new Map<string, number>(); // `${line}:${discountUid}` → amount
  const left = [...gross];
  const applies = (l: Rec, list: string, key: string, uid: unknown): boolean => records(l[list]).some((a) => a[key] === uid);
  const percentFirst = [...discounts].sort((a, b) => Number(str(a.type)?.includes('AMOUNT')) - Number(str(b.type)?.includes('AMOUNT')));
  for (const d of percentFirst) {
    const idx = lines.map((_, i) => i).filter((i) => applies(lines[i] as Rec, 'applied_discounts', 'discount_uid', d.uid));
    const isPct = d.type === 'FIXED_PERCENTAGE' || d.type === 'VARIABLE_PERCENTAGE';
    if (isPct) {
      const p = pct(d.percentage, 'order.discounts.percentage');
      for (const i of idx) {
        const a = Math.min(left[i] ?? 0, roundHalfEven((gross[i] ?? 0) * p / 100));
        lineDiscount.set(`${i}:${String(d.uid)}`, a);
        left[i] = (left[i] ?? 0) - a;
      }
    } else if (d.scope === 'LINE_ITEM') {
      for (const i of idx) {
        const a = Math.min(left[i] ?? 0, amountOf(d.amount_money));
        lineDiscount.set(`${i}:${String(d.uid)}`, a);
        left[i] = (left[i] ?? 0) - a;
      }
    } else {
      const pool = idx.reduce((s, i) => s + (left[i] ?? 0), 0);
      let remaining = Math.min(amountOf(d.amount_money), pool);
      idx.forEach((i, k) => {
        const share = k === idx.length - 1 ? remaining : Math.min(remaining, roundHalfEven(pool ? (amountOf(d.amount_money) * (left[i] ?? 0)) / pool : 0));
        lineDiscount.set(`${i}:${String(d.uid)}`, share);
        remaining -= share;
      });
      for (const i of idx) left[i] = (left[i] ?? 0) - (lineDiscount.get(`${i}:${String(d.uid)}`) ?? 0);
    }
  }
  const taxAmount = new Map<string, number>();
  lines.forEach((l, i) => {
    const base = left[i] ?? 0;
    const mine = taxes.filter((t) => applies(l, 'applied_taxes', 'tax_uid', t.uid));
    const inclusive = mine.filter((t) => t.type === 'INCLUSIVE');
    const inclPct = inclusive.reduce((s, t) => s + pct(t.percentage, 'order.taxes.percentage'), 0);
    let inclTotal = 0;
    for (const t of inclusive) {
      const a = roundHalfEven((base * pct(t.percentage, 'order.taxes.percentage')) / (100 + inclPct));
      taxAmount.set(`${i}:${String(t.uid)}`, a);
      inclTotal += a;
    }
    for (const t of mine.filter((x) => x.type !== 'INCLUSIVE')) taxAmount.set(`${i}:${String(t.uid)}`, roundHalfEven(((base - inclTotal) * pct(t.percentage, 'order.taxes.percentage')) / 100));
  });
  let totalMoney = 0;
  let totalTax = 0;
  let totalDiscount = 0;
  lines.forEach((l, i) => {
    let disc = 0;
    for (const a of records(l.applied_discounts)) {
      const v = lineDiscount.get(`${i}:${String(a.discount_uid)}`) ?? 0;
      a.applied_money = m(v);
      disc += v;
    }
    let tax = 0;
    let additive = 0;
    for (const a of records(l.applied_taxes)) {
      const v = taxAmount.get(`${i}:${String(a.tax_uid)}`) ?? 0;
      a.applied_money = m(v);
      tax += v;
      if (taxes.find((t) => t.uid === a.tax_uid)?.type !== 'INCLUSIVE') additive += v;
    }
    const g = gross[i] ?? 0;
    l.gross_sales_money = m(g);
    l.total_discount_money = m(disc);
    l.total_tax_money = m(tax);
    l.total_service_charge_money = m(0);
    l.total_money = m(g - disc + additive);
    totalMoney += g - disc + additive;
    totalTax += tax;
    totalDiscount += disc;
  });
  for (const t of taxes) t.applied_money = m([...taxAmount].filter(([k]) => k.endsWith(`:${String(t.uid)}`)).reduce((s, [, v]) => s + v, 0));
  for (const d of discounts) d.applied_money = m([...lineDiscount].filter(([k]) => k.endsWith(`:${String(d.uid)}`)).reduce((s, [, v]) => s + v, 0));
  order.total_money = m(totalMoney);
  order.total_tax_money = m(totalTax);
  order.total_discount_money = m(totalDiscount);
  order.total_service_charge_money = m(0);
  if (!isRecord(order.total_tip_money)) order.total_tip_money = m(0);
}
