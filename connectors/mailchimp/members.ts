import { createHash } from 'node:crypto';
import type { Page } from '../types';
import type { MailchimpSdk, SdkMember } from './sdk';
import { isObject } from './util';

/**
 * Audience members through the SDK (https://mailchimp.com/developer/marketing/api/list-members/).
 * Paged reads use count/offset; incremental reads use `since_last_changed`
 * sorted by last_changed, with a cursor that survives the API's one-second
 * resolution: it remembers the boundary second and which versions of which
 * members it already returned at that second (see listSince).
 */

export type MemberStatus = 'subscribed' | 'unsubscribed' | 'cleaned' | 'pending' | 'transactional' | 'archived';
export type MergeValue = string | number | { [key: string]: string };

export interface MailchimpMember {
  /** subscriber_hash: MD5 of the lower-cased email. */
  id: string;
  email: string;
  status: MemberStatus;
  mergeFields: { [tag: string]: MergeValue };
  tags: string[];
  /** ISO 8601, second resolution. */
  lastChanged: string | null;
}

export interface MemberInput {
  email: string;
  /** Applied to existing contacts and used as status_if_new for new ones. */
  status: Exclude<MemberStatus, 'archived'>;
  mergeFields?: { [tag: string]: MergeValue };
  /** The complete set of tags wanted: others on the contact are made inactive. */
  tags?: string[];
}

/** Page of an incremental read; `checkpoint` resumes the next run after the last change seen. */
export interface SincePage extends Page<MailchimpMember> {
  checkpoint: string;
}

export interface MailchimpMembers {
  list(opts: { cursor: string | null; pageSize: number }): Promise<Page<MailchimpMember>>;
  listSince(changedAfter: string | null, cursor: string | null, pageSize?: number): Promise<SincePage>;
  get(email: string): Promise<MailchimpMember | null>;
  upsert(input: MemberInput): Promise<MailchimpMember>;
  archive(email: string): Promise<void>;
}

export type Call = <T>(fn: (sdk: MailchimpSdk) => Promise<T>) => Promise<T>;

export function subscriberHash(email: string): string {
  return createHash('md5').update(email.toLowerCase()).digest('hex');
}

export function toMember(m: SdkMember): MailchimpMember {
  const merge: { [tag: string]: MergeValue } = {};
  for (const [k, v] of Object.entries(m.merge_fields ?? {})) {
    if (typeof v === 'string' || typeof v === 'number') merge[k] = v;
    else if (isObject(v)) merge[k] = Object.fromEntries(Object.entries(v).map(([a, b]) => [a, String(b ?? '')]));
  }
  return { id: m.id, email: m.email_address, status: m.status as MemberStatus, mergeFields: merge, tags: (m.tags ?? []).map((t) => t.name), lastChanged: m.last_changed ?? null };
}

interface SinceCursor {
  /** Boundary (ISO), inclusive. */
  t: string | null;
  /** `id:fingerprint` of versions already returned whose last_changed is in the boundary second. */
  seen: string[];
  /** Raw rows to skip when more than a page shares the boundary second. */
  offset: number;
}

const encode = (c: SinceCursor): string => Buffer.from(JSON.stringify(c)).toString('base64url');
function decode(s: string): SinceCursor {
  const v: unknown = JSON.parse(Buffer.from(s, 'base64url').toString('utf8'));
  if (!isObject(v) || !Array.isArray(v.seen) || typeof v.offset !== 'number') throw new Error('invalid mailchimp cursor');
  return { t: typeof v.t === 'string' ? v.t : null, seen: v.seen.map(String), offset: v.offset };
}
const second = (iso: string): number => Math.floor(Date.parse(iso) / 1000);
const isoAt = (sec: number): string => new Date(sec * 1000).toISOString().replace(/\.\d{3}Z$/, '+00:00');
/** Same-second re-edits are told apart by content, since last_changed can't. */
const version = (m: MailchimpMember): string => `${m.id}:${createHash('sha1').update(JSON.stringify([m.status, m.email, m.mergeFields, m.tags])).digest('hex').slice(0, 12)}`;

export function createMembers(call: Call, listId: string): MailchimpMembers {
  // The SDK joins `fields` itself (collectionFormat csv): it must be an array.
  const fields = ['members.id', 'members.email_address', 'members.status', 'members.merge_fields', 'members.tags', 'members.last_changed', 'total_items'];
  return {
    async list({ cursor, pageSize }) {
      const offset = cursor ? Number(cursor) : 0;
      const count = Math.min(Math.max(1, pageSize), 1000);
      const page = await call((sdk) => sdk.lists.getListMembersInfo(listId, { count, offset, fields }));
      const next = offset + page.members.length;
      return { items: page.members.map(toMember), nextCursor: page.members.length === count && next < page.total_items ? String(next) : null };
    },

    /**
     * `changedAfter` is inclusive (at-least-once at that first boundary); after that,
     * pass back `nextCursor` (same run) or `checkpoint` (next run) for exactly-once.
     * The API's since_last_changed is strictly "after", so we ask for one second
     * earlier and drop what precedes the boundary or was already returned.
     */
    async listSince(changedAfter, cursor, pageSize = 100) {
      const c: SinceCursor = cursor ? decode(cursor) : { t: changedAfter, seen: [], offset: 0 };
      const count = Math.min(Math.max(1, pageSize), 1000);
      const params: { [key: string]: string | number | string[] } = { count, offset: c.offset, sort_field: 'last_changed', sort_dir: 'ASC', fields };
      if (c.t) params.since_last_changed = isoAt(second(c.t) - 1);
      const page = await call((sdk) => sdk.lists.getListMembersInfo(listId, params));
      const raw = page.members.map(toMember);
      const boundary = c.t ? second(c.t) : -Infinity;
      const seen = new Set(c.seen);
      const items = raw.filter((m) => m.lastChanged !== null && second(m.lastChanged) >= boundary && !(second(m.lastChanged) === boundary && seen.has(version(m))));
      const last = raw.at(-1)?.lastChanged ?? null;
      let next: SinceCursor;
      if (last !== null && second(last) > boundary) {
        const top = second(last);
        next = { t: isoAt(top), seen: raw.filter((m) => m.lastChanged !== null && second(m.lastChanged) === top).map(version), offset: 0 };
      } else {
        next = { t: c.t, seen: [...seen, ...items.map(version)], offset: c.offset + raw.length };
      }
      const done = raw.length < count;
      const checkpoint = encode(done ? { ...next, offset: 0 } : next);
      return { items, nextCursor: done ? null : encode(next), checkpoint };
    },

    async get(email) {
      try {
        return toMember(await call((sdk) => sdk.lists.getListMember(listId, subscriberHash(email))));
      } catch (err) {
        if (isObject(err) && err.status === 404) return null;
        throw err;
      }
    },

    async upsert(input) {
      const hash = subscriberHash(input.email);
      const body = { email_address: input.email, status_if_new: input.status, status: input.status, ...(input.mergeFields ? { merge_fields: input.mergeFields } : {}) };
      let member = toMember(await call((sdk) => sdk.lists.setListMember(listId, hash, body)));
      if (input.tags) {
        const want = new Set(input.tags);
        const changes = [...input.tags.filter((t) => !member.tags.includes(t)).map((name) => ({ name, status: 'active' as const })), ...member.tags.filter((t) => !want.has(t)).map((name) => ({ name, status: 'inactive' as const }))];
        if (changes.length) {
          await call((sdk) => sdk.lists.updateListMemberTags(listId, hash, { tags: changes }));
          member = { ...member, tags: [...input.tags] };
        }
      }
      return member;
    },

    async archive(email) {
      try {
        await call((sdk) => sdk.lists.deleteListMember(listId, subscriberHash(email)));
      } catch (err) {
        // Already archived or never there: the goal state holds.
        if (!(isObject(err) && err.status === 404)) throw err;
      }
    },
  };
}
