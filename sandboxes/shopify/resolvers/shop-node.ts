import { gid } from '../ids';
import { isoSeconds } from '../records';
import { zoneOffsetMinutes } from '../shop-time';
import type { ShopInfo, WebhookSubscriptionRecord } from '../state';

/**
 * Shop and WebhookSubscription objects.
 * https://shopify.dev/docs/api/admin-graphql/2025-01/objects/Shop
 * https://shopify.dev/docs/api/admin-graphql/2025-01/objects/WebhookSubscription
 */
export class ShopNode {
  readonly #s: ShopInfo;

  constructor(s: ShopInfo) {
    this.#s = s;
  }
  get __typename(): string {
    return 'Shop';
  }
  get id(): string {
    return gid('Shop', this.#s.id);
  }
  get name(): string {
    return this.#s.name;
  }
  get email(): string {
    return this.#s.email;
  }
  get contactEmail(): string {
    return this.#s.email;
  }
  get shopOwnerName(): string {
    return `${this.#s.name} Owner`;
  }
  get currencyCode(): string {
    return this.#s.currencyCode;
  }
  get enabledPresentmentCurrencies(): string[] {
    return [this.#s.currencyCode];
  }
  get myshopifyDomain(): string {
    return this.#s.myshopifyDomain;
  }
  get url(): string {
    return `https://${this.#s.myshopifyDomain}`;
  }
  get ianaTimezone(): string {
    return this.#s.ianaTimezone;
  }
  get timezoneOffsetMinutes(): number {
    return zoneOffsetMinutes(this.#s.ianaTimezone, Date.now());
  }
  /** "-0500" */
  get timezoneOffset(): string {
    const m = this.timezoneOffsetMinutes;
    const abs = Math.abs(m);
    return `${m < 0 ? '-' : '+'}${String(Math.floor(abs / 60)).padStart(2, '0')}${String(abs % 60).padStart(2, '0')}`;
  }
  get timezoneAbbreviation(): string {
    const part = new Intl.DateTimeFormat('en-US', { timeZone: this.#s.ianaTimezone, timeZoneName: 'short' }).formatToParts(new Date()).find((p) => p.type === 'timeZoneName');
    return part?.value ?? 'UTC';
  }
  get weightUnit(): string {
    return 'POUNDS';
  }
  get unitSystem(): string {
    return 'IMPERIAL_SYSTEM';
  }
  get taxesIncluded(): boolean {
    return false;
  }
  get taxShipping(): boolean {
    return false;
  }
  get setupRequired(): boolean {
    return false;
  }
  get checkoutApiSupported(): boolean {
    return true;
  }
  get description(): null {
    return null;
  }
  get plan(): { displayName: string; partnerDevelopment: boolean; shopifyPlus: boolean } {
    return { displayName: 'Basic', partnerDevelopment: false, shopifyPlus: false };
  }
  get primaryDomain(): { __typename: string; id: string; host: string; url: string; sslEnabled: boolean; localization: null; marketWebPresence: null } {
    return { __typename: 'Domain', id: gid('Shop', this.#s.id).replace('/Shop/', '/Domain/'), host: this.#s.myshopifyDomain, url: this.url, sslEnabled: true, localization: null, marketWebPresence: null };
  }
  get createdAt(): string {
    return isoSeconds(this.#s.createdAt);
  }
  get updatedAt(): string {
    return isoSeconds(this.#s.createdAt);
  }
}

export class WebhookSubscriptionNode {
  readonly #w: WebhookSubscriptionRecord;

  constructor(w: WebhookSubscriptionRecord) {
    this.#w = w;
  }
  get __typename(): string {
    return 'WebhookSubscription';
  }
  get id(): string {
    return gid('WebhookSubscription', this.#w.id);
  }
  get legacyResourceId(): string {
    return String(this.#w.id);
  }
  get topic(): string {
    return this.#w.topic;
  }
  get format(): string {
    return this.#w.format;
  }
  get callbackUrl(): string {
    return this.#w.callbackUrl;
  }
  get endpoint(): { __typename: string; callbackUrl: string } {
    return { __typename: 'WebhookHttpEndpoint', callbackUrl: this.#w.callbackUrl };
  }
  get includeFields(): string[] {
    return [...this.#w.includeFields];
  }
  get filter(): string | null {
    return this.#w.filter;
  }
  get apiVersion(): { handle: string; displayName: string; supported: boolean } {
    return { handle: this.#w.apiVersion, displayName: this.#w.apiVersion, supported: true };
  }
  get createdAt(): string {
    return isoSeconds(this.#w.createdAt);
  }
  get updatedAt(): string {
    return isoSeconds(this.#w.updatedAt);
  }
}
