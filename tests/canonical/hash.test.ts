import { createHash } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { canonicalJson, HashError, stableHash } from '../../canonical/hash';

describe('stableHash', () => {
  it('given the same content with keys in different orders at every depth, when hashed, then the hashes are equal', () => {
    const a = { title: 'Tee', variants: [{ sku: 'T-1', price: { amount: 1999, currency: 'USD' } }], tags: ['a', 'b'] };
    const b = { tags: ['a', 'b'], variants: [{ price: { currency: 'USD', amount: 1999 } , sku: 'T-1' }], title: 'Tee' };
    expect(stableHash(a)).toBe(stableHash(b));
  });

  it('given a known value, when hashed, then it is sha256 hex of the sorted compact JSON', () => {
    const expected = createHash('sha256').update('{"a":[2,1],"b":{"c":null,"d":"x"}}').digest('hex');
    expect(canonicalJson({ b: { d: 'x', c: null }, a: [2, 1] })).toBe('{"a":[2,1],"b":{"c":null,"d":"x"}}');
    expect(stableHash({ b: { d: 'x', c: null }, a: [2, 1] })).toBe(expected);
  });

  it('given different content, when hashed, then the hashes differ (array order and value types matter)', () => {
    expect(stableHash({ tags: ['a', 'b'] })).not.toBe(stableHash({ tags: ['b', 'a'] }));
    expect(stableHash({ amount: 1 })).not.toBe(stableHash({ amount: '1' }));
    expect(stableHash({ note: null })).not.toBe(stableHash({}));
  });

  it('given a property set to undefined, when hashed, then it equals the object without it (as JSON would)', () => {
    expect(stableHash({ a: 1, b: undefined })).toBe(stableHash({ a: 1 }));
  });

  it('given a Date, when hashed, then it hashes as its ISO string', () => {
    expect(stableHash({ at: new Date('2025-01-02T03:04:05.000Z') })).toBe(stableHash({ at: '2025-01-02T03:04:05.000Z' }));
  });

  it.each([
    ['NaN', { n: Number.NaN }],
    ['Infinity', { n: Number.POSITIVE_INFINITY }],
    ['a bigint', { n: 10n }],
    ['a Map', { m: new Map([['a', 1]]) }],
    ['undefined at the top', undefined],
  ])('given %s, when hashed, then HashError is thrown instead of a lossy hash', (_label, value) => {
    expect(() => stableHash(value)).toThrow(HashError);
  });

  it('given a circular structure, when hashed, then HashError names the path', () => {
    const node: { name: string; self?: unknown } = { name: 'loop' };
    node.self = node;
    expect(() => stableHash(node)).toThrow(/\$\.self: circular reference/);
  });

  it('given the same object twice in siblings (not a cycle), when hashed, then it works', () => {
    const money = { amount: 1, currency: 'USD' };
    expect(() => stableHash({ a: money, b: money })).not.toThrow();
  });

  it('given a nesting deeper than the fast path goes (no cycle), when hashed, then it serialises like JSON with sorted keys', () => {
    let deep: unknown = { leaf: [1, 0, 'x', true, null] };
    for (let i = 0; i < 150; i++) deep = { z: i, a: deep };
    const text = canonicalJson(deep);
    expect(JSON.parse(text)).toEqual(deep);
    expect(text.startsWith('{"a":{"a":')).toBe(true);
    expect(text).toContain('"leaf":[1,0,"x",true,null]');
    expect(canonicalJson({ n: -0 })).toBe('{"n":0}');
  });

  it('given values of every JSON kind, when serialised, then each matches JSON.stringify of the key-sorted value', () => {
    const value = { s: 'a"b\\c\n', n: [0, -1.5, 1e21, 2 ** 53], b: [true, false], nul: null, nested: [{ y: 1, x: [{}] }, []], 'é k': 'ü', d: new Date(0) };
    const sorted = (v: unknown): unknown =>
      Array.isArray(v) ? v.map(sorted) : v && typeof v === 'object' && !(v instanceof Date) ? Object.fromEntries(Object.keys(v).sort().map((k) => [k, sorted((v as Record<string, unknown>)[k])])) : v;
    expect(canonicalJson(value)).toBe(JSON.stringify(sorted(value)));
  });

  it('given objects of 1 to 200 keys in reverse, shuffled and integer-like order, when serialised, then keys come in the order Array.prototype.sort gives', () => {
    let seed = 7;
    const random = () => (seed = (seed * 48271) % 2147483647) / 2147483647;
    for (const n of [1, 2, 5, 31, 32, 33, 200]) {
      const names = Array.from({ length: n }, (_, i) => [`k${i}`, `K${i}`, `${i * 7}`, `é${i}`, `k${i}a`][i % 5]!);
      for (const order of [[...names].reverse(), [...names].sort(() => random() - 0.5)]) {
        const value = Object.fromEntries(order.map((k, i) => [k, i]));
        const expected = `{${Object.keys(value)
          .sort()
          .map((k) => `${JSON.stringify(k)}:${value[k]}`)
          .join(',')}}`;
        expect(canonicalJson(value)).toBe(expected);
        expect(canonicalJson({ outer: [value] })).toBe(`{"outer":[${expected}]}`);
      }
    }
  });
});
