/**
 * Records the Mailchimp sandbox keeps, and JSON helpers. Rendering to the
 * API's shapes lives in ./render; business rules in ./members, ./ecommerce-store.
 */

export type Json = string | number | boolean | null | Json[] | JsonObject;
export interface JsonObject {
  [key: string]: Json;
}

export type MemberStatus = 'subscribed' | 'unsubscribed' | 'cleaned' | 'pending' | 'transactional' | 'archived';
export const WRITABLE_STATUSES = ['subscribed', 'unsubscribed', 'cleaned', 'pending', 'transactional'] as const;

/** Who made a change: Mailchimp's webhook `sources` (https://mailchimp.com/developer/marketing/guides/sync-audience-data-webhooks/). */
export type ChangeSource = 'user' | 'admin' | 'api';

export interface MemberRecord {
  /** MD5 of the lower-cased email: the subscriber_hash. */
  id: string;
  email: string;
  uniqueEmailId: string;
  contactId: string;
  webId: number;
  emailType: 'html' | 'text';
  status: MemberStatus;
  mergeFields: JsonObject;
  interests: { [id: string]: boolean };
  language: string;
  vip: boolean;
  ipSignup: string;
  ipOpt: string;
  timestampSignup: number | null;
  timestampOpt: number | null;
  /** ms; rendered at second resolution like the API. */
  lastChanged: number;
  /** Tie-breaker for equal last_changed seconds. */
  seq: number;
  source: string;
  unsubscribeReason: string | null;
}

export interface MergeFieldRecord {
  mergeId: number;
  tag: string;
  name: string;
  type: string;
  required: boolean;
  defaultValue: string;
  public: boolean;
  displayOrder: number;
  options: JsonObject;
  helpText: string;
}

/** Tags are static segments (https://mailchimp.com/developer/marketing/api/list-segments/). */
export interface SegmentRecord {
  id: number;
  name: string;
  type: 'static' | 'saved';
  /** subscriber_hash → date added (ms), static segments and tags. */
  members: Map<string, number>;
  options: JsonObject | null;
  createdAt: number;
  updatedAt: number;
}

export interface WebhookRecord {
  id: string;
  url: string;
  events: { subscribe: boolean; unsubscribe: boolean; profile: boolean; cleaned: boolean; upemail: boolean; campaign: boolean };
  sources: { user: boolean; admin: boolean; api: boolean };
}

export interface ListRecord {
  id: string;
  webId: number;
  /** Everything writable through POST/PATCH /lists, as sent. */
  settings: JsonObject;
  dateCreated: number;
  members: Map<string, MemberRecord>;
  /** Hashes permanently deleted: can't be re-imported (Forgotten Email Not Subscribed). */
  forgotten: Set<string>;
  mergeFields: MergeFieldRecord[];
  nextMergeId: number;
  segments: Map<number, SegmentRecord>;
  webhooks: Map<string, WebhookRecord>;
}

export function isRecord(v: unknown): v is { [key: string]: unknown } {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}

export function isJsonObject(v: unknown): v is JsonObject {
  return isRecord(v);
}

export function str(o: { [key: string]: unknown }, key: string): string | undefined {
  const v = o[key];
  return typeof v === 'string' ? v : undefined;
}

export function bool(o: { [key: string]: unknown }, key: string): boolean | undefined {
  const v = o[key];
  return typeof v === 'boolean' ? v : undefined;
}

export function num(o: { [key: string]: unknown }, key: string): number | undefined {
  const v = o[key];
  return typeof v === 'number' && Number.isFinite(v) ? v : undefined;
}

/** Mailchimp renders timestamps as ISO 8601 with an explicit offset: 2024-05-01T12:00:00+00:00. */
export function isoSeconds(ms: number): string {
  return new Date(Math.floor(ms / 1000) * 1000).toISOString().replace(/\.\d{3}Z$/, '+00:00');
}

/** Webhook `fired_at`: "2009-03-26 21:35:57" (UTC). */
export function firedAt(ms: number): string {
  return new Date(ms).toISOString().slice(0, 19).replace('T', ' ');
}

export function toJson(v: unknown): Json {
  return JSON.parse(JSON.stringify(v ?? null)) as Json;
}
