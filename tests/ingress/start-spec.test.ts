import { describe, expect, it } from 'vitest';
import { parseStartSpec, serializeStartSpec, StartSpecError, typedSearchAttributesOf, type StartSpec } from '../../ingress/start-spec';
import { SA_CONNECTOR, SA_EXTERNAL_ID } from '../../temporal/search-attributes';

const spec: StartSpec = {
  workflowType: 'productSync',
  workflowId: 'product:shop:gid://shopify/Product/1',
  taskQueue: 'switchyard',
  args: [{ connector: 'shop', externalId: 'gid://shopify/Product/1' }],
  signal: 'changed',
  signalArgs: [{ eventId: 'e1' }],
  searchAttributes: { SwitchyardConnector: 'shop', SwitchyardExternalId: 'gid://shopify/Product/1' },
};

describe('start spec (the outbox row payload)', () => {
  it('given a spec, when serialised and parsed back, then it is unchanged', () => {
    expect(parseStartSpec(serializeStartSpec(spec))).toEqual(spec);
  });

  it('given corrupt JSON or a wrong shape, when parsed, then a StartSpecError names the problem without echoing values', () => {
    expect(() => parseStartSpec('{not json')).toThrow(StartSpecError);
    const wrong = JSON.stringify({ ...spec, workflowId: '', signalArgs: 'secret-looking-value' });
    expect(() => parseStartSpec(wrong)).toThrow(/workflowId, signalArgs/);
    expect(() => parseStartSpec(wrong)).not.toThrow(/secret-looking-value/);
  });

  it('given keyword attributes by name, when typed, then they use the registered keys', () => {
    const typed = typedSearchAttributesOf(spec);
    expect(typed?.get(SA_CONNECTOR)).toBe('shop');
    expect(typed?.get(SA_EXTERNAL_ID)).toBe('gid://shopify/Product/1');
    expect(typedSearchAttributesOf({ ...spec, searchAttributes: undefined })).toBeUndefined();
  });

  it('given an attribute name that is not registered, when typed, then the spec is refused as undeliverable', () => {
    expect(() => typedSearchAttributesOf({ ...spec, searchAttributes: { NotRegistered: 'x' } })).toThrow(StartSpecError);
  });
});
