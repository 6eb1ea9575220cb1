import { describe, expect, it } from 'vitest';
import type { FlowConfig } from '../../config/schema';
import { discountEventLines, stockEventLines } from '../../cli/status';
import type { CanonicalEvent } from '../../store/types';

/**
 * `switchyard status` reads one event stream that every flow writes to: the
 * stock section shows the inventory flows' facts only, the discount section
 * what a destination could not enforce.
 */
const stock = { id: 'stock', entity: 'inventory', from: 'shop', to: ['pos'], pageSize: 50 } as FlowConfig;

let next = 1;
const event = (type: string, flowId: string, data: object, entity = 'inventory'): CanonicalEvent => ({
  id: next,
  type,
  entity,
  canonicalId: entity === 'inventory' ? 'var_1:main' : 'dsc_1',
  flowId,
  data: JSON.stringify(data),
  dedupeKey: `k${next++}`,
  createdAt: `2026-11-24T10:00:0${next}Z`,
});

describe('status event lines', () => {
  it('given stock and discount events interleaved, when the stock lines are built, then only the inventory flow’s facts show, oldest first, at most five', () => {
    const newestFirst = [
      event('discount.not_enforced', 'discounts', { connector: 'pos', notEnforced: ['usage limit of 500'] }, 'discount'),
      event('back_in_stock', 'stock', { location: 'main', before: 0, after: 4 }),
      event('oversell', 'stock', { location: 'main', before: 0, after: -1, laterSeller: 'pos' }),
      ...[1, 2, 3, 4].map((i) => event('back_in_stock', 'stock', { location: 'main', before: 0, after: i })),
    ];
    const lines = stockEventLines([stock], newestFirst);
    expect(lines).toHaveLength(5);
    expect(lines.every((l) => l.includes(' stock var_1:main @ main: '))).toBe(true);
    expect(lines.at(-1)).toMatch(/back_in_stock 0 → 4$/);
    expect(lines.at(-2)).toMatch(/OVERSELL 0 → -1 \(later sale in pos\)$/);
    expect(lines.join('\n')).not.toContain('undefined');
  });

  it('given discount.not_enforced and discount.drift_repaired events, when the discount lines are built, then each names the destination and what it cannot enforce or what was repaired there', () => {
    const lines = discountEventLines([
      event('discount.not_enforced', 'discounts', { connector: 'pos', notEnforced: ['code TAKE5: the pricing rule applies to every matching sale in its window'] }, 'discount'),
      event('discount.not_enforced', 'discounts', { connector: 'pos', notEnforced: ['1 use(s) per customer', 'code WELCOME10: staff apply the discount by name'] }, 'discount'),
      event('discount.drift_repaired', 'pos-discounts', { connector: 'shop', kind: 'edited' }, 'discount'),
    ]);
    expect(lines).toEqual([
      expect.stringMatching(/ pos-discounts dsc_1 in shop: edited by hand there, written again$/),
      expect.stringMatching(/ discounts dsc_1 in pos: not enforced there: 1 use\(s\) per customer; code WELCOME10: staff apply the discount by name$/),
      expect.stringMatching(/ discounts dsc_1 in pos: not enforced there: code TAKE5: the pricing rule applies to every matching sale in its window$/),
    ]);
  });
});
