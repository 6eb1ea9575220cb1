import { createHash } from 'node:crypto';
import { notFound } from './errors';
import { EcommerceStore } from './ecommerce-store';
import { Prng } from './prng';
import { type ChangeSource, type JsonObject, type ListRecord, type MemberRecord, type MergeFieldRecord } from './types';

/**
 * Account state of one Mailchimp user (one API key): audiences with their
 * members, merge fields, segments/tags and webhooks; e-commerce stores; batches
 * (see ./batches). Ids come from a seeded PRNG, time from a settable clock so
 * tests can put several changes in the same second.
 */

export type AudienceEvent =
  | { type: 'subscribe' | 'profile'; listId: string; member: MemberRecord; source: ChangeSource }
  | { type: 'unsubscribe'; listId: string; member: MemberRecord; source: ChangeSource; action: 'unsub' | 'delete'; reason: string }
  | { type: 'cleaned'; listId: string; member: MemberRecord; source: ChangeSource; reason: 'hard' | 'abuse' }
  | { type: 'upemail'; listId: string; oldEmail: string; newEmail: string; newId: string; source: ChangeSource }
  | { type: 'campaign'; listId: string; campaignId: string; subject: string; status: 'sent' | 'cancelled'; source: ChangeSource };

/** Merge fields every new audience starts with (Audience fields and *|MERGE|* tags in the app). */
const DEFAULT_MERGE_FIELDS: [string, string, string][] = [
  ['FNAME', 'First Name', 'text'],
  ['LNAME', 'Last Name', 'text'],
  ['ADDRESS', 'Address', 'address'],
  ['PHONE', 'Phone Number', 'phone'],
  ['BIRTHDAY', 'Birthday', 'birthday'],
];

export function subscriberHash(email: string): string {
  return createHash('md5').update(email.toLowerCase()).digest('hex');
}

export class MailchimpState {
  rand: Prng;
  /** ms since epoch; replace to control time (last_changed has second resolution). */
  clock: () => number = () => Date.now();
  readonly lists = new Map<string, ListRecord>();
  ecommerce: EcommerceStore;
  private seq = 0;
  private webIds = 100000;
  private segmentIds = 1000;
  private readonly listeners: ((e: AudienceEvent) => void)[] = [];

  constructor(private readonly seed: number) {
    this.rand = new Prng(seed);
    this.ecommerce = new EcommerceStore(this);
  }

  now(): number {
    return this.clock();
  }

  nextSeq(): number {
    return ++this.seq;
  }

  nextWebId(): number {
    return ++this.webIds;
  }

  nextSegmentId(): number {
    return ++this.segmentIds;
  }

  onEvent(listener: (e: AudienceEvent) => void): void {
    this.listeners.push(listener);
  }

  emit(e: AudienceEvent): void {
    for (const l of this.listeners) l(e);
  }

  createList(settings: JsonObject): ListRecord {
    const list: ListRecord = {
      id: this.rand.hex(10),
      webId: this.nextWebId(),
      settings,
      dateCreated: this.now(),
      members: new Map(),
      forgotten: new Set(),
      mergeFields: [],
      nextMergeId: 1,
      segments: new Map(),
      webhooks: new Map(),
    };
    DEFAULT_MERGE_FIELDS.forEach(([tag, name, type], i) => list.mergeFields.push(defaultMergeField(list.nextMergeId++, tag, name, type, i + 1)));
    this.lists.set(list.id, list);
    return list;
  }

  list(id: string): ListRecord {
    const l = this.lists.get(id);
    if (!l) throw notFound();
    return l;
  }

  deleteList(id: string): void {
    this.list(id);
    this.lists.delete(id);
    this.ecommerce.detachList(id);
  }

  reset(): void {
    this.lists.clear();
    this.ecommerce = new EcommerceStore(this);
    this.rand = new Prng(this.seed);
    this.seq = 0;
    this.webIds = 100000;
    this.segmentIds = 1000;
  }

  summary(): { lists: { id: string; name: string; members: number; by_status: { [status: string]: number } }[]; stores: number } {
    return {
      lists: [...this.lists.values()].map((l) => {
        const byStatus: { [status: string]: number } = {};
        for (const m of l.members.values()) byStatus[m.status] = (byStatus[m.status] ?? 0) + 1;
        return { id: l.id, name: String(l.settings.name ?? ''), members: l.members.size, by_status: byStatus };
      }),
      stores: this.ecommerce.stores.size,
    };
  }
}

function defaultMergeField(mergeId: number, tag: string, name: string, type: string, order: number): MergeFieldRecord {
  const options: JsonObject = type === 'address' ? { default_country: 164 } : type === 'phone' ? { phone_format: 'none' } : type === 'birthday' ? { date_format: 'MM/DD' } : { size: 25 };
  return { mergeId, tag, name, type, required: false, defaultValue: '', public: false, displayOrder: order, options, helpText: '' };
}
