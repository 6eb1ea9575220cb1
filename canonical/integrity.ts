import type { z } from 'zod';

/**
 * Cross-field checks shared by the document entities (orders, invoices,
 * credit notes, refunds). They live here so every schema enforces the same
 * invariants the same way; zod reports them as ordinary issues with paths.
 */

type Ctx = z.RefinementCtx<unknown>;
type Path = (string | number)[];

function isMoneyLike(value: object): value is { amount: number; currency: string } {
  const v = value as { amount?: unknown; currency?: unknown };
  return typeof v.amount === 'number' && typeof v.currency === 'string';
}

/**
 * Every Money inside `value` must be in `currency`. A document mixing
 * currencies would be summed into nonsense by any consumer, and vendors never
 * produce one legitimately (presentment currencies are mapped before this).
 */
export function checkCurrencies(ctx: Ctx, value: unknown, currency: string, path: Path = []): void {
  if (Array.isArray(value)) {
    value.forEach((item: unknown, i) => checkCurrencies(ctx, item, currency, [...path, i]));
    return;
  }
  if (value === null || typeof value !== 'object') return;
  if (isMoneyLike(value)) {
    if (value.currency !== currency) {
      ctx.addIssue({ code: 'custom', path: [...path, 'currency'], message: `expected ${currency} like the document (got ${value.currency})` });
    }
    return;
  }
  for (const [key, child] of Object.entries(value)) checkCurrencies(ctx, child, currency, [...path, key]);
}

/**
 * Lines of a fulfillment/return/refund must point at line items of the same
 * order; a dangling reference means a mapping bug upstream.
 */
export function checkLineRefs(ctx: Ctx, known: ReadonlySet<string>, lines: readonly { lineItemId: string }[], path: Path): void {
  lines.forEach((line, i) => {
    if (!known.has(line.lineItemId)) {
      ctx.addIssue({ code: 'custom', path: [...path, i, 'lineItemId'], message: `expected a line item of this order (got ${line.lineItemId})` });
    }
  });
}

/** `endsAt`, when present, must be after `startsAt`. */
export function checkWindow(ctx: Ctx, startsAt: string, endsAt: string | null, path: Path): void {
  if (endsAt !== null && Date.parse(endsAt) <= Date.parse(startsAt)) {
    ctx.addIssue({ code: 'custom', path, message: `expected a time after ${startsAt} (got ${endsAt})` });
  }
}
