import type { SecretRef, SwitchyardConfig } from '../config/schema';
import { createShopifyConnector, type ShopifyConnector } from './shopify';
import { createMailchimpConnector, type MailchimpConnector } from './mailchimp';
import { createSquareConnector, type SquareConnector } from './square';
import { createStripeConnector, type StripeConnector } from './stripe';
import { createXeroConnector, type XeroConnector } from './xero';
import { createZendeskConnector, type ZendeskConnector } from './zendesk';
import type { CatalogSink, CatalogSource, DiscountSink, DiscountSource, InventoryChannel } from './types';

/**
 * Builds every configured connector once at start-up. Activities look
 * connectors up by id and ask for the role they need; a connector that can't
 * play it is a configuration error, reported as such.
 */
export type AnyConnector = ShopifyConnector | SquareConnector | StripeConnector | XeroConnector | MailchimpConnector | ZendeskConnector;
export type ConnectorKind = AnyConnector['kind'];

/** A flow asked a connector for a role its vendor doesn't have (e.g. Square as a catalog source). */
export class ConnectorRoleError extends Error {
  constructor(
    readonly connectorId: string,
    readonly kind: ConnectorKind,
    readonly role: 'catalog source' | 'catalog sink' | 'inventory channel' | 'discount source' | 'discount sink',
  ) {
    super(`connector "${connectorId}" (${kind}) cannot act as a ${role}`);
    this.name = 'ConnectorRoleError';
  }
}

export function createConnectors(config: SwitchyardConfig, secret: (ref: SecretRef) => string): Map<string, AnyConnector> {
  const out = new Map<string, AnyConnector>();
  for (const [id, cfg] of Object.entries(config.connectors)) {
    switch (cfg.kind) {
      case 'shopify':
        out.set(id, createShopifyConnector(id, cfg, secret));
        break;
      case 'square':
        out.set(id, createSquareConnector(id, cfg, secret));
        break;
      case 'stripe':
        out.set(id, createStripeConnector(id, cfg, secret));
        break;
      case 'mailchimp':
        out.set(id, createMailchimpConnector(id, cfg, secret));
        break;
      case 'zendesk':
        out.set(id, createZendeskConnector(id, cfg, secret));
        break;
      case 'xero':
        out.set(id, createXeroConnector(id, cfg, secret));
        break;
      default: {
        const unknownKind: never = cfg;
        throw new Error(`unsupported connector kind ${JSON.stringify(unknownKind)}`);
      }
    }
  }
  return out;
}

export function catalogSourceOf(conn: AnyConnector): CatalogSource {
  if (conn.kind === 'shopify') return conn.catalog;
  throw new ConnectorRoleError(conn.id, conn.kind, 'catalog source');
}

export function catalogSinkOf(conn: AnyConnector): CatalogSink {
  if (conn.kind === 'square') return conn.catalog;
  throw new ConnectorRoleError(conn.id, conn.kind, 'catalog sink');
}

export function inventoryChannelOf(conn: AnyConnector): InventoryChannel {
  if (conn.kind === 'shopify' || conn.kind === 'square') return conn.inventory;
  throw new ConnectorRoleError(conn.id, conn.kind, 'inventory channel');
}

export function discountSourceOf(conn: AnyConnector): DiscountSource {
  if (conn.kind === 'shopify') return conn.discounts;
  throw new ConnectorRoleError(conn.id, conn.kind, 'discount source');
}

export function discountSinkOf(conn: AnyConnector): DiscountSink {
  if (conn.kind === 'square') return conn.discounts;
  throw new ConnectorRoleError(conn.id, conn.kind, 'discount sink');
}
