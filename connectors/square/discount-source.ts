import type { Square } from 'square';
import type { Discount } from '../../canonical/discount';
import { mapSquarePricingRule, mapStaffDiscount, RULE_TYPE } from '../../mappings/square/discount-read-v1';
import type { DiscountChangePage, DiscountReadContext, DiscountSource, Mapped, Page } from '../types';
import { readSquareCatalog } from './catalog-read';
import type { SquareApi } from './client';
import { searchCatalogPage } from './pos-read';
import type { SellingLocation } from './selling-location';

/**
 * Square as the owner of discounts: its pricing rules (a DISCOUNT applied
 * automatically to a PRODUCT_SET in a window) read whole — rule, discount and
 * product set — and mapped with the catalog's links. A DISCOUNT no rule
 * points at is staff-applied: listed so it is quarantined with its reason,
 * never silently skipped.
 *
 * Square sends no discount webhooks: catalog.version.updated names nothing,
 * so `changes` finds the rules behind the DISCOUNT / PRODUCT_SET /
 * PRICING_RULE objects changed (or deleted) since a time.
 *
 * https://developer.squareup.com/reference/square/catalog-api/search-catalog-objects
 * https://developer.squareup.com/reference/square/catalog-api/batch-retrieve-catalog-objects
 */

/** SearchCatalogObjects: at most 1,000 per page. */
const RULES_PAGE = 1000;
const CHANGES_PAGE = 500;

interface ListCursor {
  /** rules: pricing rules; staff: DISCOUNTs no rule points at. */
  phase: 'rules' | 'staff';
  page: string | null;
}

export function createSquareDiscountSource(connectorId: string, api: SquareApi, selling: () => Promise<SellingLocation>): DiscountSource {
  /** Rules with their discount and product set, mapped. */
  async function mapRules(rules: Square.CatalogObject[], ctx: DiscountReadContext): Promise<Mapped<Discount>[]> {
    if (!rules.length) return [];
    const { timezone } = await selling();
    const refs = rules.flatMap((r) => [ruleData(r)?.discountId, ruleData(r)?.matchProductsId]).filter((id): id is string => !!id);
    const parts = new Map((await readSquareCatalog(api, refs)).map((o) => [o.id, o]));
    const productIds = [...new Set([...parts.values()].flatMap((o) => (o.type === 'PRODUCT_SET' ? (o.productSetData?.productIdsAny ?? []) : [])))];
    const linked = new Map<string, { kind: 'product' | 'variant'; canonicalId: string }>();
    if (productIds.length) {
      for (const [id, canonicalId] of await ctx.canonicalIds('ITEM', productIds)) linked.set(id, { kind: 'product', canonicalId });
      const rest = productIds.filter((id) => !linked.has(id));
      if (rest.length) for (const [id, canonicalId] of await ctx.canonicalIds('ITEM_VARIATION', rest)) linked.set(id, { kind: 'variant', canonicalId });
    }
    return rules.map((rule) =>
      mapSquarePricingRule(
        { rule, discount: parts.get(ruleData(rule)?.discountId ?? ''), productSet: parts.get(ruleData(rule)?.matchProductsId ?? '') },
        { connector: connectorId, timezone, linked },
      ),
    );
  }

  /** Every live pricing rule (rules are few: a shop has tens, not thousands). */
  async function allRules(): Promise<Square.CatalogObject[]> {
    const out: Square.CatalogObject[] = [];
    let page: string | null = null;
    do {
      const res = await searchCatalogPage(api, { types: [RULE_TYPE], cursor: page, limit: RULES_PAGE });
      out.push(...res.objects.filter((o) => !o.isDeleted));
      page = res.cursor;
    } while (page);
    return out;
  }

  return {
    discountType: RULE_TYPE,
    // What the Square discount sink writes for another owner's discount: a rule, or a staff DISCOUNT alone.
    writtenTypes: ['PRICING_RULE', 'DISCOUNT'],

    async listDiscounts({ cursor, pageSize }, ctx): Promise<Page<Mapped<Discount>>> {
      const at = parseCursor(cursor);
      const limit = Math.max(1, Math.min(RULES_PAGE, pageSize));
      if (at.phase === 'rules') {
        const res = await searchCatalogPage(api, { types: [RULE_TYPE], cursor: at.page, limit });
        const items = await mapRules(res.objects.filter((o) => !o.isDeleted), ctx);
        return { items, nextCursor: JSON.stringify(res.cursor ? { phase: 'rules', page: res.cursor } : { phase: 'staff', page: null }) };
      }
      const referenced = new Set((await allRules()).map((r) => ruleData(r)?.discountId));
      const res = await searchCatalogPage(api, { types: ['DISCOUNT'], cursor: at.page, limit });
      const items = res.objects.filter((o) => !o.isDeleted && o.id && !referenced.has(o.id)).map(mapStaffDiscount);
      return { items, nextCursor: res.cursor ? JSON.stringify({ phase: 'staff', page: res.cursor }) : null };
    },

    async getDiscount(externalId, ctx) {
      const [object] = await readSquareCatalog(api, [externalId]);
      if (!object) return null;
      if (object.type === RULE_TYPE) return (await mapRules([object], ctx))[0] ?? null;
      if (object.type === 'DISCOUNT') {
        // A DISCOUNT a rule points at is part of that rule's discount, not one of its own.
        const rules = await allRules();
        return rules.some((r) => ruleData(r)?.discountId === externalId) ? null : mapStaffDiscount(object);
      }
      return null;
    },

    async changes({ since, page }): Promise<DiscountChangePage> {
      const res = await searchCatalogPage(api, { types: ['PRICING_RULE', 'DISCOUNT', 'PRODUCT_SET'], cursor: page, beginTime: since, limit: CHANGES_PAGE, includeDeleted: true });
      let latest: string | null = null;
      const ids = new Set<string>();
      const parts = new Set<string>();
      const discounts = new Set<string>();
      for (const o of res.objects) {
        if (o.updatedAt && (latest === null || Date.parse(o.updatedAt) > Date.parse(latest))) latest = o.updatedAt;
        if (!o.id) continue;
        if (o.type === RULE_TYPE) ids.add(o.id);
        else parts.add(o.id);
        if (o.type === 'DISCOUNT') discounts.add(o.id);
      }
      if (parts.size) {
        // A changed discount or product set changes every rule that uses it; a DISCOUNT no rule uses is a discount of its own.
        const used = new Set<string>();
        for (const r of await allRules()) {
          const d = ruleData(r);
          if (!r.id || !d) continue;
          if (d.discountId) used.add(d.discountId);
          if ((d.discountId && parts.has(d.discountId)) || (d.matchProductsId && parts.has(d.matchProductsId))) ids.add(r.id);
        }
        for (const id of discounts) if (!used.has(id)) ids.add(id);
      }
      return { externalIds: [...ids], page: res.cursor, latest };
    },
  };
}

function ruleData(o: Square.CatalogObject): Square.CatalogPricingRule | undefined {
  return o.type === 'PRICING_RULE' ? o.pricingRuleData : undefined;
}

function parseCursor(cursor: string | null): ListCursor {
  if (!cursor) return { phase: 'rules', page: null };
  try {
    const c = JSON.parse(cursor) as Partial<ListCursor>;
    if (c.phase === 'rules' || c.phase === 'staff') return { phase: c.phase, page: typeof c.page === 'string' ? c.page : null };
  } catch {
    // not ours: start over
  }
  return { phase: 'rules', page: null };
}
