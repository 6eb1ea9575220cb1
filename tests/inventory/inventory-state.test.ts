import { describe, expect, it } from 'vitest';
import { detectEvents, foldObservation, holdsFor, newState, targetLevel } from '../../activities/inventory-state';

describe('shared stock arithmetic', () => {
  it('given safety stock, when the target level is computed, then channels get stock minus safety, never below 0 under zero-channels', () => {
    expect(targetLevel(10, 2, 'zero-channels')).toBe(8);
    expect(targetLevel(1, 2, 'zero-channels')).toBe(0);
    expect(targetLevel(-3, 2, 'zero-channels')).toBe(0);
    expect(targetLevel(-3, 2, 'mirror')).toBe(-3);
    expect(targetLevel(1, 2, 'mirror')).toBe(0);
  });

  it('given a level we last saw at 5, when the channel now shows 3, then shared stock drops by 2 and the change names the channel', () => {
    const s = newState('stock', 'var_1', 'main', 5, { shop: 5, pos: 5 });
    expect(foldObservation(s, 'pos', 3)).toEqual({ connector: 'pos', delta: -2 });
    expect(s.canonical).toBe(3);
    expect(s.systems.pos).toBe(3);
    expect(foldObservation(s, 'pos', 3)).toBeNull();
  });

  it('given a pending write of ours, when the channel shows its target, then it is our echo and moves nothing', () => {
    const s = newState('stock', 'var_1', 'main', 4, { shop: 4, pos: 5 });
    s.pending.pos = { from: 5, to: 4, key: 'k' };
    expect(foldObservation(s, 'pos', 4)).toBeNull();
    expect(s).toMatchObject({ canonical: 4, systems: { pos: 4 }, pending: {} });
  });

  it('given a pending write that did not land, when the channel shows something else, then the difference from before the write is the channel’s own change', () => {
    const s = newState('stock', 'var_1', 'main', 4, { shop: 4, pos: 5 });
    s.pending.pos = { from: 5, to: 4, key: 'k' };
    expect(foldObservation(s, 'pos', 3)).toEqual({ connector: 'pos', delta: -2 });
    expect(s.canonical).toBe(2);
  });

  it('given a connector linked later, when first read, then its level is adopted, not counted as a change', () => {
    const s = newState('stock', 'var_1', 'main', 4, { shop: 4 });
    expect(foldObservation(s, 'pos', 9)).toBeNull();
    expect(s.canonical).toBe(4);
  });

  it('given stock 0, when a second channel sells, then one oversell names it as the later seller; when restocked, back-in-stock fires once', () => {
    const s = newState('stock', 'var_1', 'main', 0, { shop: 0, pos: 0 });
    const sale = foldObservation(s, 'pos', -1)!;
    const [oversell, ...rest] = detectEvents(s, 0, [sale], 0, 'zero-channels');
    expect(rest).toEqual([]);
    expect(oversell).toMatchObject({ type: 'oversell', data: { before: 0, after: -1, laterSeller: 'pos', action: 'zero-channels' } });
    const restock = foldObservation(s, 'shop', 5)!;
    const events = detectEvents(s, -1, [restock], 0, 'zero-channels');
    expect(events.map((e) => e.type)).toEqual(['back_in_stock']);
    expect(events[0]!.data).toMatchObject({ before: -1, after: 4, sellable: 4 });
  });

  it('given safety stock 2, when stock goes from 2 to 3, then sellable went 0 → 1: back in stock', () => {
    const s = newState('stock', 'var_1', 'main', 2, { shop: 2 });
    const ch = foldObservation(s, 'shop', 3)!;
    expect(detectEvents(s, 2, [ch], 2, 'zero-channels').map((e) => e.type)).toEqual(['back_in_stock']);
  });

  it('given stock that stays positive, when it moves, then no fact is recorded', () => {
    const s = newState('stock', 'var_1', 'main', 5, { shop: 5 });
    const ch = foldObservation(s, 'shop', 4)!;
    expect(detectEvents(s, 5, [ch], 0, 'mirror')).toEqual([]);
  });

  it('given policy hold-later-order, when a sale oversells, then channels go to 0 and one hold is asked of the later seller; other policies ask none', () => {
    const s = newState('stock', 'var_1', 'main', 0, { shop: 0, pos: 0 });
    const sale = foldObservation(s, 'shop', -1)!;
    const events = detectEvents(s, 0, [sale], 0, 'hold-later-order');
    expect(targetLevel(s.canonical, 0, 'hold-later-order')).toBe(0);
    expect(holdsFor(events, 'hold-later-order')).toEqual([{ key: events[0]!.dedupeKey, laterSeller: 'shop' }]);
    expect(holdsFor(events, 'zero-channels')).toEqual([]);
    const restock = foldObservation(s, 'pos', 3)!;
    expect(holdsFor(detectEvents(s, -1, [restock], 0, 'hold-later-order'), 'hold-later-order')).toEqual([]);
  });
});
