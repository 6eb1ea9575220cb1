import { describe, expect, it } from 'vitest';
import type { FlowConfig } from '../../config/schema';
import type { WebhookEvent } from '../../connectors/types';
import { createWebhookRouter } from '../../engine/router';
import type { StartSpec } from '../../ingress/start-spec';

const flow = (f: Pick<FlowConfig, 'id' | 'entity' | 'from' | 'to'>): FlowConfig => f as FlowConfig;
const flows = [
  flow({ id: 'catalog', entity: 'product', from: 'shop', to: ['pos'] }),
  flow({ id: 'pos-discounts', entity: 'discount', from: 'pos', to: ['shop'] }),
  flow({ id: 'shop-discounts', entity: 'discount', from: 'shop', to: ['pos'] }),
];
const versionUpdated: WebhookEvent = { eventId: 'ev1', topic: 'catalog.version.updated', entity: 'product', action: 'upsert', externalId: null, occurredAt: '2030-01-01T00:00:00Z' };

describe('catalog notifications that name nothing', () => {
  it('given Square reports a new catalog version, when routed, then the product flow it receives and the discount flow it owns each get their one change workflow, and the flow it only receives discounts from gets none', async () => {
    const specs = (await createWebhookRouter(flows, 'q')('pos', versionUpdated)) as StartSpec[];
    expect(specs.map((s) => [s.workflowType, s.workflowId, s.searchAttributes?.SwitchyardEntity])).toEqual([
      ['catalogChanges', 'catalog-changes:catalog:pos', 'product'],
      ['catalogChanges', 'catalog-changes:pos-discounts:pos', 'discount'],
    ]);
    expect(specs.every((s) => s.signal === 'changed')).toBe(true);
  });

  it('given the same notification from a system that neither receives products nor owns discounts, then nothing starts', async () => {
    expect(await createWebhookRouter([flows[2]!], 'q')('pos', versionUpdated)).toBeNull();
  });
});
