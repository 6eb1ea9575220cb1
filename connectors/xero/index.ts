import type { XeroClient } from 'xero-node';
import type { SecretRef, XeroConnectorConfig } from '../../config/schema';
import { createXeroApi, type XeroClientOptions } from './client';
import { createXeroContacts, type XeroContacts } from './contacts';
import { createXeroInvoices, type XeroInvoices } from './invoices';
import { type XeroRateBudget } from './rate-budget';
import { createXeroWebhookVerifier, type XeroWebhookVerifier } from './webhooks';

/**
 * Xero connector (accounting): contacts and invoices of one organisation
 * (cfg.tenantId) through the official xero-node SDK, with a proactive rate budget
 * and typed VendorErrors. https://developer.xero.com/documentation/api/accounting/overview
 */
export interface XeroConnector {
  readonly id: string;
  readonly kind: 'xero';
  readonly webhooks: XeroWebhookVerifier;
  readonly contacts: XeroContacts;
  readonly invoices: XeroInvoices;
  /** The configured SDK client (tests, operator tooling). */
  readonly client: XeroClient;
  readonly budget: XeroRateBudget;
}

export function createXeroConnector(id: string, cfg: XeroConnectorConfig, secret: (ref: SecretRef) => string, opts: XeroClientOptions = {}): XeroConnector {
  const api = createXeroApi(secret(cfg.accessToken), cfg.tenantId, cfg.baseUrl, opts);
  return {
    id,
    kind: 'xero',
    webhooks: createXeroWebhookVerifier(secret(cfg.webhookKey)),
    contacts: createXeroContacts(api),
    invoices: createXeroInvoices(api),
    client: api.xero,
    budget: api.budget,
  };
}

export type { XeroClientOptions } from './client';
export type { XeroContactInput, XeroContacts } from './contacts';
export type { XeroInvoiceInput, XeroInvoices, XeroLineInput } from './invoices';
export type { IncrementalPage } from './incremental';
export type { XeroWebhookVerifier, XeroBatchVerdict } from './webhooks';
export { signXeroWebhook, xeroEventId } from './webhooks';
