import { describe, expect, it } from 'vitest';
import { canonicalId, entityIdPrefixes, entitySchemas, inventoryLevelId, isEntityName } from '../../canonical';
import { Entity } from '../../config/schema';

describe('entitySchemas', () => {
  it('given the entity names flows can use, when looked up, then each has a canonical schema (audience excepted)', () => {
    // Mailchimp audiences are customers plus consent, not an entity of their own.
    const missing = Entity.options.filter((name) => name !== 'audience' && !isEntityName(name));
    expect(missing).toEqual([]);
  });

  it('given every entity, when an id is minted with its prefix, then its schema accepts that id shape', () => {
    for (const name of Object.keys(entitySchemas)) {
      if (!isEntityName(name)) throw new Error(`${name} is not an entity name`);
      const id = canonicalId(entityIdPrefixes[name], { connector: 'shop', type: 'X', id: '1' });
      const result = entitySchemas[name].safeParse({ id });
      const idIssues = result.error?.issues.filter((i) => i.path.length === 1 && i.path[0] === 'id') ?? [];
      expect(idIssues, `${name} rejected ${id}`).toEqual([]);
    }
  });

  it('given an unknown name, when checked, then it is not an entity', () => {
    expect(isEntityName('toString')).toBe(false);
    expect(isEntityName('order')).toBe(true);
  });
});

describe('inventoryLevelId', () => {
  it('given the same variant × location, when derived twice, then the id is the same, and differs for another location', () => {
    expect(inventoryLevelId('var_1', 'loc_a')).toBe(inventoryLevelId('var_1', 'loc_a'));
    expect(inventoryLevelId('var_1', 'loc_a')).not.toBe(inventoryLevelId('var_1', 'loc_b'));
    expect(inventoryLevelId('var_1', 'loc_a')).toMatch(/^ivl_[A-Za-z0-9_-]{22}$/);
  });
});
