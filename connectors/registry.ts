import type { SecretRef, SwitchyardConfig } from '../config/schema';
import type { ShopifyConnector } from './shopify';
import type { MailchimpConnector } from './mailchimp';
import type { SquareConnector } from './square';
import type { StripeConnector } from './stripe';
import type { XeroConnector } from './xero';
import type { ZendeskConnector } from './zendesk';
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

/**
 * Vendor SDKs are loaded only for the kinds the config names: a worker
 * syncing Shopify and Square never loads Stripe's, Xero's, Mailchimp's or
 * Zendesk's SDK (memory and start-up time).
 */
export async function createConnectors(config: SwitchyardConfig, secret: (ref: SecretRef) => string): Promise<Map<string, AnyConnector>> {
  const out = new Map<string, AnyConnector>();
  for (const [id, cfg] of Object.entries(config.connectors)) {
    switch (cfg.kind) {
      case 'shopify':
        out.set(id, (await import('./shopify')).createShopifyConnector(id, cfg, secret));
        break;
      case 'square':
        out.set(id, (await import('./square')).createSquareConnector(id, cfg, secret));
        break;
      case 'stripe':
        out.set(id, (await import('./stripe')).createStripeConnector(id, cfg, secret));
        break;
      case 'mailchimp':
        out.set(id, (await import('./mailchimp')).createMailchimpConnector(id, cfg, secret));
        break;
      case 'zendesk':
        out.set(id, (await import('./zendesk')).createZendeskConnector(id, cfg, secret));
        break;
      case 'xero':
        out.set(id, (await import('./xero')).createXeroConnector(id, cfg, secret));
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
  if (conn.kind === 'square') return conn.discountSource;
  throw new ConnectorRoleError(conn.id, conn.kind, 'discount source');
}

export function discountSinkOf(conn: AnyConnector): DiscountSink {
  if (conn.kind === 'square') return conn.discounts;
  if (conn.kind === 'shopify') return conn.discountSink;
  throw new ConnectorRoleError(conn.id, conn.kind, 'discount sink');
}
