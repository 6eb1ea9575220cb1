import { invalidResource, MailchimpError, notFound } from './errors';
import { subscriberHash, type MailchimpState } from './state';
import { isRecord, str, bool, type ChangeSource, type JsonObject, type ListRecord, type MemberRecord, type MemberStatus, toJson } from './types';

/**
 * Audience member rules (https://mailchimp.com/developer/marketing/api/list-members/):
 * the subscriber_hash is the MD5 of the lower-cased email (the API also accepts
 * the email itself); POST refuses an existing contact ("Member Exists"); PUT
 * upserts, using `status_if_new` for a new contact; DELETE archives; delete-permanent
 * forgets the address, which can then only come back by re-subscribing (pending).
 */

const EMAIL = /^[^\s@]+@[^\s@]+\.[^\s@]+$/;

export function resolveHash(list: ListRecord, hashOrEmail: string): string {
  const v = hashOrEmail.trim();
  if (v.includes('@')) return subscriberHash(v);
  const lower = v.toLowerCase();
  if (list.members.has(lower)) return lower;
  for (const m of list.members.values()) if (m.contactId === lower || m.uniqueEmailId === lower) return m.id;
  return lower;
}

export function getMember(list: ListRecord, hashOrEmail: string): MemberRecord {
  const m = list.members.get(resolveHash(list, hashOrEmail));
  if (!m) throw notFound();
  return m;
}

function checkEmail(email: string): void {
  if (!EMAIL.test(email)) throw invalidResource([{ field: 'email_address', message: 'Please provide a valid email address.' }], `${email} looks fake or invalid, please enter a real email address.`);
}

/** Keeps known merge tags (upper-cased), checks required ones unless skipped. */
function mergeValues(list: ListRecord, input: unknown, existing: JsonObject, skipValidation: boolean): JsonObject {
  const out: JsonObject = { ...existing };
  if (isRecord(input)) {
    for (const [k, v] of Object.entries(input)) {
      const tag = k.toUpperCase();
      if (list.mergeFields.some((f) => f.tag === tag)) out[tag] = toJson(v);
    }
  }
  if (!skipValidation) {
    const missing = list.mergeFields.filter((f) => f.required && (out[f.tag] === undefined || out[f.tag] === ''));
    if (missing.length) throw invalidResource(missing.map((f) => ({ field: f.tag, message: 'Please enter a value' })), 'Your merge fields were invalid.');
  }
  return out;
}

export interface WriteOptions {
  source: ChangeSource;
  skipMergeValidation?: boolean;
}

export function createMember(state: MailchimpState, list: ListRecord, email: string, status: MemberStatus, body: { [key: string]: unknown }, opts: WriteOptions): MemberRecord {
  checkEmail(email);
  const id = subscriberHash(email);
  if (list.forgotten.has(id) && status !== 'pending') {
    throw new MailchimpError(400, 'Forgotten Email Not Subscribed', `${email} was permanently deleted and cannot be re-imported. The contact must re-subscribe to get back on the list.`);
  }
  const now = state.now();
  const m: MemberRecord = {
    id,
    email,
    uniqueEmailId: state.rand.hex(10),
    contactId: state.rand.hex(32),
    webId: state.nextWebId(),
    emailType: str(body, 'email_type') === 'text' ? 'text' : 'html',
    status,
    mergeFields: mergeValues(list, body.merge_fields, {}, opts.skipMergeValidation ?? false),
    interests: {},
    language: str(body, 'language') ?? '',
    vip: bool(body, 'vip') ?? false,
    ipSignup: str(body, 'ip_signup') ?? '',
    ipOpt: str(body, 'ip_opt') ?? '',
    timestampSignup: parseTime(str(body, 'timestamp_signup')),
    timestampOpt: status === 'subscribed' ? (parseTime(str(body, 'timestamp_opt')) ?? now) : null,
    lastChanged: now,
    seq: state.nextSeq(),
    source: opts.source === 'api' ? 'API - Generic' : opts.source === 'admin' ? 'Admin Add' : 'Hosted Signup Form',
    unsubscribeReason: null,
  };
  applyInterests(m, body.interests);
  list.forgotten.delete(id);
  list.members.set(id, m);
  if (Array.isArray(body.tags)) setTags(state, list, m, body.tags.filter((t): t is string => typeof t === 'string').map((name) => ({ name, status: 'active' })));
  if (status === 'subscribed') state.emit({ type: 'subscribe', listId: list.id, member: m, source: opts.source });
  return m;
}

export function updateMember(state: MailchimpState, list: ListRecord, m: MemberRecord, body: { [key: string]: unknown }, opts: WriteOptions): MemberRecord {
  const before = { status: m.status, email: m.email, merge: JSON.stringify(m.mergeFields), type: m.emailType, interests: JSON.stringify(m.interests) };
  const newEmail = str(body, 'email_address');
  if (newEmail !== undefined && newEmail.toLowerCase() !== m.email.toLowerCase()) {
    checkEmail(newEmail);
    const newId = subscriberHash(newEmail);
    if (list.members.has(newId)) throw new MailchimpError(400, 'Member Exists', `${newEmail} is already a list member. Use PUT to insert or update list members.`);
    list.members.delete(m.id);
    m.id = newId;
    m.email = newEmail;
    list.members.set(newId, m);
    for (const seg of list.segments.values()) {
      const added = seg.members.get(subscriberHash(before.email));
      if (added !== undefined) {
        seg.members.delete(subscriberHash(before.email));
        seg.members.set(newId, added);
      }
    }
  } else if (newEmail !== undefined) m.email = newEmail;
  const status = str(body, 'status') as MemberStatus | undefined;
  if (status && status !== m.status) {
    if (m.status === 'cleaned' && status === 'subscribed') {
      throw new MailchimpError(400, 'Member In Compliance State', `${m.email} is already a list member in compliance state due to unsubscribe, bounce, or compliance review.`);
    }
    m.status = status;
    if (status === 'subscribed') m.timestampOpt = state.now();
    if (status === 'unsubscribed') m.unsubscribeReason = 'N/A (Unsubscribed by an admin)';
  }
  const emailType = str(body, 'email_type');
  if (emailType === 'html' || emailType === 'text') m.emailType = emailType;
  m.mergeFields = mergeValues(list, body.merge_fields, m.mergeFields, opts.skipMergeValidation ?? false);
  applyInterests(m, body.interests);
  const language = str(body, 'language');
  if (language !== undefined) m.language = language;
  const vip = bool(body, 'vip');
  if (vip !== undefined) m.vip = vip;
  touch(state, m);
  const src = opts.source;
  if (before.email !== m.email) state.emit({ type: 'upemail', listId: list.id, oldEmail: before.email, newEmail: m.email, newId: m.id, source: src });
  if (before.status !== m.status) {
    if (m.status === 'subscribed') state.emit({ type: 'subscribe', listId: list.id, member: m, source: src });
    if (m.status === 'unsubscribed') state.emit({ type: 'unsubscribe', listId: list.id, member: m, source: src, action: 'unsub', reason: 'manual' });
    if (m.status === 'cleaned') state.emit({ type: 'cleaned', listId: list.id, member: m, source: src, reason: 'hard' });
  } else if (before.merge !== JSON.stringify(m.mergeFields) || before.type !== m.emailType || before.interests !== JSON.stringify(m.interests)) {
    state.emit({ type: 'profile', listId: list.id, member: m, source: src });
  }
  return m;
}

/** PUT /lists/{list_id}/members/{subscriber_hash}: add or update. */
export function upsertMember(state: MailchimpState, list: ListRecord, hashOrEmail: string, body: { [key: string]: unknown }, opts: WriteOptions): MemberRecord {
  const email = str(body, 'email_address') ?? '';
  const pathHash = resolveHash(list, hashOrEmail);
  if (email && subscriberHash(email) !== pathHash) {
    throw invalidResource([{ field: 'email_address', message: 'The subscriber hash in the URL does not match the email address.' }]);
  }
  const existing = list.members.get(pathHash);
  if (existing && existing.status !== 'archived') return updateMember(state, list, existing, body, opts);
  const status = (str(body, 'status') ?? str(body, 'status_if_new')) as MemberStatus | undefined;
  if (!status) throw invalidResource([{ field: 'status_if_new', message: 'This value should not be blank.' }]);
  if (existing) return updateMember(state, list, existing, { ...body, status }, opts);
  return createMember(state, list, email, status, body, opts);
}

export function archiveMember(state: MailchimpState, list: ListRecord, m: MemberRecord, source: ChangeSource): void {
  if (m.status === 'archived') throw notFound();
  m.status = 'archived';
  touch(state, m);
  state.emit({ type: 'unsubscribe', listId: list.id, member: m, source, action: 'delete', reason: 'manual' });
}

export function deletePermanent(state: MailchimpState, list: ListRecord, m: MemberRecord, source: ChangeSource): void {
  const wasArchived = m.status === 'archived';
  list.members.delete(m.id);
  list.forgotten.add(m.id);
  for (const seg of list.segments.values()) seg.members.delete(m.id);
  if (!wasArchived) state.emit({ type: 'unsubscribe', listId: list.id, member: m, source, action: 'delete', reason: 'manual' });
}

/** POST .../tags: active adds the tag (creating it as a static segment), inactive removes it. */
export function setTags(state: MailchimpState, list: ListRecord, m: MemberRecord, tags: { name: string; status: string }[]): void {
  const now = state.now();
  for (const t of tags) {
    let seg = [...list.segments.values()].find((s) => s.type === 'static' && s.name === t.name);
    if (t.status === 'active') {
      if (!seg) {
        seg = { id: state.nextSegmentId(), name: t.name, type: 'static', members: new Map(), options: null, createdAt: now, updatedAt: now };
        list.segments.set(seg.id, seg);
      }
      if (!seg.members.has(m.id)) seg.members.set(m.id, now);
    } else seg?.members.delete(m.id);
    if (seg) seg.updatedAt = now;
  }
  touch(state, m);
}

export function memberTags(list: ListRecord, m: MemberRecord): { id: number; name: string; added: number }[] {
  const out: { id: number; name: string; added: number }[] = [];
  for (const s of list.segments.values()) {
    const added = s.type === 'static' ? s.members.get(m.id) : undefined;
    if (added !== undefined) out.push({ id: s.id, name: s.name, added });
  }
  return out;
}

function touch(state: MailchimpState, m: MemberRecord): void {
  m.lastChanged = state.now();
  m.seq = state.nextSeq();
}

function applyInterests(m: MemberRecord, input: unknown): void {
  if (!isRecord(input)) return;
  for (const [k, v] of Object.entries(input)) if (typeof v === 'boolean') m.interests[k] = v;
}

function parseTime(v: string | undefined): number | null {
  if (!v) return null;
  const t = Date.parse(v);
  return Number.isNaN(t) ? null : t;
}
