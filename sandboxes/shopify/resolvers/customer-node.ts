import { arraySequence, paginate } from '../../framework/graphql-connection';
import type { AddressRecord, ConsentRecord, CustomerRecord } from '../commerce-records';
import { customerStats } from '../customer-ops';
import { gid } from '../ids';
import { isoSeconds } from '../records';
import { count, emptyConnection, money, shopifyConnectionArgs, toConnection, type ConnectionResult, type ExecContext } from './context';
import { ordersConnection, type OrderNode } from './order-node';

/**
 * Customer and MailingAddress.
 * https://shopify.dev/docs/api/admin-graphql/2025-01/objects/Customer
 * https://shopify.dev/docs/api/admin-graphql/2025-01/objects/MailingAddress
 */

type Args = Record<string, unknown>;

export function mailingAddress(a: AddressRecord, extra: { customerName?: string } = {}): Record<string, unknown> {
  const name = [a.firstName, a.lastName].filter(Boolean).join(' ') || extra.customerName || null;
  return {
    ...a,
    __typename: 'MailingAddress',
    id: `${gid('MailingAddress', a.id)}?model_name=CustomerAddress`,
    countryCodeV2: a.countryCode,
    name,
    latitude: null,
    longitude: null,
    coordinatesValidated: false,
    timeZone: null,
    validationResultSummary: null,
    formattedArea: [a.city, a.provinceCode, a.country].filter(Boolean).join(', ') || null,
    formatted: (args: Args) => [args.withName ? name : null, args.withCompany ? a.company : null, a.address1, a.address2, [a.city, a.provinceCode, a.zip].filter(Boolean).join(' '), a.country].filter((x): x is string => !!x),
  };
}

function consentState<S extends string>(c: ConsentRecord<S> | null): Record<string, unknown> | null {
  return c ? { marketingState: c.marketingState, marketingOptInLevel: c.marketingOptInLevel, consentUpdatedAt: c.consentUpdatedAt === null ? null : isoSeconds(c.consentUpdatedAt) } : null;
}

export class CustomerNode {
  readonly #c: CustomerRecord;
  readonly #ctx: ExecContext;
  constructor(c: CustomerRecord, ctx: ExecContext) {
    this.#c = c;
    this.#ctx = ctx;
  }
  get __typename(): string {
    return 'Customer';
  }
  get id(): string {
    return gid('Customer', this.#c.id);
  }
  get legacyResourceId(): string {
    return String(this.#c.id);
  }
  get email(): string | null {
    return this.#c.email;
  }
  get phone(): string | null {
    return this.#c.phone;
  }
  get firstName(): string | null {
    return this.#c.firstName;
  }
  get lastName(): string | null {
    return this.#c.lastName;
  }
  get displayName(): string {
    return [this.#c.firstName, this.#c.lastName].filter(Boolean).join(' ') || this.#c.email || this.#c.phone || '';
  }
  get note(): string | null {
    return this.#c.note;
  }
  get locale(): string {
    return this.#c.locale;
  }
  get tags(): string[] {
    return [...this.#c.tags];
  }
  get taxExempt(): boolean {
    return this.#c.taxExempt;
  }
  get taxExemptions(): string[] {
    return [];
  }
  get verifiedEmail(): boolean {
    return this.#c.verifiedEmail;
  }
  get validEmailAddress(): boolean {
    return this.#c.email !== null;
  }
  get state(): string {
    return this.#c.state;
  }
  get dataSaleOptOut(): boolean {
    return false;
  }
  get multipassIdentifier(): null {
    return null;
  }
  get createdAt(): string {
    return isoSeconds(this.#c.createdAt);
  }
  get updatedAt(): string {
    return isoSeconds(this.#c.updatedAt);
  }
  get canDelete(): boolean {
    return this.#ctx.state.commerce.orderIdsOfCustomer(this.#c.id).length === 0;
  }
  get emailMarketingConsent(): Record<string, unknown> | null {
    return consentState(this.#c.emailMarketingConsent);
  }
  get smsMarketingConsent(): Record<string, unknown> | null {
    const s = consentState(this.#c.smsMarketingConsent);
    return s ? { ...s, marketingOptInLevel: s.marketingOptInLevel ?? 'UNKNOWN', consentCollectedFrom: 'OTHER' } : null;
  }
  get defaultEmailAddress(): Record<string, unknown> | null {
    const c = this.#c;
    if (!c.email) return null;
    const state = c.emailMarketingConsent?.marketingState ?? 'NOT_SUBSCRIBED';
    return { emailAddress: c.email, marketingState: state === 'REDACTED' ? 'INVALID' : state, marketingOptInLevel: c.emailMarketingConsent?.marketingOptInLevel ?? null, marketingUpdatedAt: c.emailMarketingConsent?.consentUpdatedAt ? isoSeconds(c.emailMarketingConsent.consentUpdatedAt) : null };
  }
  get defaultPhoneNumber(): Record<string, unknown> | null {
    const c = this.#c;
    if (!c.phone) return null;
    return { phoneNumber: c.phone, marketingState: c.smsMarketingConsent?.marketingState ?? 'NOT_SUBSCRIBED', marketingOptInLevel: c.smsMarketingConsent?.marketingOptInLevel ?? null, marketingUpdatedAt: c.smsMarketingConsent?.consentUpdatedAt ? isoSeconds(c.smsMarketingConsent.consentUpdatedAt) : null, marketingCollectedFrom: 'OTHER' };
  }
  addresses(args: Args): Record<string, unknown>[] {
    const list = typeof args.first === 'number' ? this.#c.addresses.slice(0, args.first) : this.#c.addresses;
    return list.map((a) => mailingAddress(a));
  }
  addressesV2(args: Args): ConnectionResult<Record<string, unknown>> {
    const a = shopifyConnectionArgs(args);
    const keyOf = (x: AddressRecord): { id: number; value: number } => ({ id: x.id, value: x.id });
    return toConnection(paginate(arraySequence(this.#c.addresses, keyOf, a.reverse), a, null), (x) => mailingAddress(x), keyOf);
  }
  get defaultAddress(): Record<string, unknown> | null {
    const a = this.#c.addresses.find((x) => x.id === this.#c.defaultAddressId);
    return a ? mailingAddress(a) : null;
  }
  get numberOfOrders(): string {
    return String(customerStats(this.#ctx.state, this.#c.id).count);
  }
  get amountSpent(): ReturnType<typeof money> {
    return money((customerStats(this.#ctx.state, this.#c.id).spentCents / 100).toFixed(2), this.#ctx.state.shop.currencyCode);
  }
  get lastOrder(): OrderNode | null {
    const ids = this.#ctx.state.commerce.orderIdsOfCustomer(this.#c.id);
    const last = ids.length ? this.#ctx.state.commerce.orders.get(ids[ids.length - 1]!) : undefined;
    return last ? ordersConnection.node(last, this.#ctx) : null;
  }
  orders(args: Args): ConnectionResult<OrderNode> {
    return ordersConnection.forCustomer(this.#c.id, args, this.#ctx);
  }
  get statistics(): { predictedSpendTier: null; rfmGroup: null } {
    return { predictedSpendTier: null, rfmGroup: null };
  }
  get productSubscriberStatus(): string {
    return 'NEVER_SUBSCRIBED';
  }
  get lifetimeDuration(): string {
    const days = Math.floor((this.#ctx.state.now() - this.#c.createdAt) / 86_400_000);
    return days > 365 ? `about ${Math.round(days / 365)} years` : `${days} days`;
  }
  get image(): Record<string, unknown> {
    return { __typename: 'Image', id: null, url: 'https://cdn.shopify.com/shopifycloud/shopify/assets/no-image.png', altText: null, width: 100, height: 100 };
  }
  metafields(args: Args): ConnectionResult<never> {
    return emptyConnection(args);
  }
  metafield(): null {
    return null;
  }
  get addressCount(): ReturnType<typeof count> {
    return count(this.#c.addresses.length);
  }
}
