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
});
