import { describe, expect, it } from 'vitest';
import { SwitchyardConfig } from '../../config/schema';
import { catalogSinkOf, catalogSourceOf, ConnectorRoleError, createConnectors } from '../../connectors/registry';

const config = SwitchyardConfig.parse({
  connectors: {
    shop: { kind: 'shopify', shop: 'registry-demo.myshopify.com', accessToken: { env: 'SHOPIFY_TOKEN' }, webhookSecret: { env: 'SHOPIFY_WEBHOOK_SECRET' }, baseUrl: 'http://127.0.0.1:9' },
    pos: { kind: 'square', accessToken: { env: 'SQUARE_TOKEN' }, webhookSignatureKey: { env: 'SQUARE_WEBHOOK_SIGNATURE_KEY' }, baseUrl: 'http://127.0.0.1:9', currency: 'USD' },
  },
});
const asked: string[] = [];
const secret = (ref: { env: string }) => {
  asked.push(ref.env);
  return `value-of-${ref.env}`;
};

const connectors = await createConnectors(config, secret);

describe('connector registry', () => {

  it('given a config with a Shopify and a Square connector, when built, then each is keyed by id with its kind and every secret was resolved by reference', () => {
    expect([...connectors.entries()].map(([id, c]) => [id, c.id, c.kind])).toEqual([
      ['shop', 'shop', 'shopify'],
      ['pos', 'pos', 'square'],
    ]);
    expect(asked.sort()).toEqual(['SHOPIFY_TOKEN', 'SHOPIFY_WEBHOOK_SECRET', 'SQUARE_TOKEN', 'SQUARE_WEBHOOK_SIGNATURE_KEY']);
  });

  it('given the Shopify connector, when asked for a catalog source, then it is its catalog; as a sink it is a typed role error', () => {
    const shop = connectors.get('shop')!;
    expect(catalogSourceOf(shop)).toBe(shop.kind === 'shopify' ? shop.catalog : null);
    expect(() => catalogSinkOf(shop)).toThrow(ConnectorRoleError);
    expect(() => catalogSinkOf(shop)).toThrow('connector "shop" (shopify) cannot act as a catalog sink');
  });

  it('given the Square connector, when asked for a catalog sink, then it is its catalog; as a source it is a typed role error', () => {
    const pos = connectors.get('pos')!;
    expect(catalogSinkOf(pos)).toBe(pos.kind === 'square' ? pos.catalog : null);
    const err = (() => {
      try {
        catalogSourceOf(pos);
      } catch (e) {
        return e;
      }
      return null;
    })();
    expect(err).toBeInstanceOf(ConnectorRoleError);
    expect(err).toMatchObject({ connectorId: 'pos', kind: 'square', role: 'catalog source' });
  });
});
