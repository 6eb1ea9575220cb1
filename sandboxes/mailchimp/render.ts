import { memberTags } from './members';
import { isoSeconds, type JsonObject, type ListRecord, type MemberRecord, type MergeFieldRecord, type SegmentRecord, type WebhookRecord } from './types';

/**
 * Records → the API's JSON (shapes of https://mailchimp.com/developer/marketing/api/).
 * Timestamps the API renders as "" when unknown (timestamp_signup, campaign_last_sent…)
 * are omitted instead: the 3.0.55 spec types them `date-time`, which "" violates.
 */

export interface LinkContext {
  /** https://us21.api.mailchimp.com/3.0 */
  apiBase: string;
}

export function link(ctx: LinkContext, rel: string, path: string, method = 'GET'): JsonObject {
  return { rel, href: `${ctx.apiBase}${path}`, method };
}

export function selfLinks(ctx: LinkContext, path: string, parentPath?: string): JsonObject[] {
  return [link(ctx, 'self', path), ...(parentPath ? [link(ctx, 'parent', parentPath)] : [])];
}

export function renderList(ctx: LinkContext, l: ListRecord, includeTotal = false): JsonObject {
  const s = l.settings;
  let subscribed = 0;
  let unsubscribed = 0;
  let cleaned = 0;
  for (const m of l.members.values()) {
    if (m.status === 'subscribed') subscribed++;
    else if (m.status === 'unsubscribed') unsubscribed++;
    else if (m.status === 'cleaned') cleaned++;
  }
  const stats: JsonObject = {
    member_count: subscribed,
    unsubscribe_count: unsubscribed,
    cleaned_count: cleaned,
    member_count_since_send: subscribed,
    unsubscribe_count_since_send: unsubscribed,
    cleaned_count_since_send: cleaned,
    campaign_count: 0,
    merge_field_count: l.mergeFields.length,
    avg_sub_rate: 0,
    avg_unsub_rate: 0,
    target_sub_rate: 0,
    open_rate: 0,
    click_rate: 0,
  };
  if (includeTotal) stats.total_contacts = [...l.members.values()].filter((m) => m.status !== 'archived').length;
  return {
    id: l.id,
    web_id: l.webId,
    name: s.name ?? '',
    contact: s.contact ?? {},
    permission_reminder: s.permission_reminder ?? '',
    use_archive_bar: s.use_archive_bar ?? false,
    campaign_defaults: s.campaign_defaults ?? {},
    notify_on_subscribe: s.notify_on_subscribe ?? '',
    notify_on_unsubscribe: s.notify_on_unsubscribe ?? '',
    date_created: isoSeconds(l.dateCreated),
    list_rating: 0,
    email_type_option: s.email_type_option ?? false,
    subscribe_url_short: `http://eepurl.com/${l.id.slice(0, 6)}`,
    subscribe_url_long: `https://example.us21.list-manage.com/subscribe?u=0&id=${l.id}`,
    beamer_address: `us21-${l.id}@inbound.mailchimp.com`,
    visibility: s.visibility ?? 'pub',
    double_optin: s.double_optin ?? false,
    has_welcome: false,
    marketing_permissions: s.marketing_permissions ?? false,
    modules: [],
    stats,
    _links: selfLinks(ctx, `/lists/${l.id}`, '/lists'),
  };
}

export function renderMember(ctx: LinkContext, l: ListRecord, m: MemberRecord): JsonObject {
  const merge: JsonObject = {};
  for (const f of l.mergeFields) merge[f.tag] = m.mergeFields[f.tag] ?? '';
  const tags = memberTags(l, m);
  const out: JsonObject = {
    id: m.id,
    email_address: m.email,
    unique_email_id: m.uniqueEmailId,
    contact_id: m.contactId,
    full_name: [m.mergeFields.FNAME, m.mergeFields.LNAME].filter((v) => typeof v === 'string' && v).join(' '),
    web_id: m.webId,
    email_type: m.emailType,
    status: m.status,
    merge_fields: merge,
    interests: { ...m.interests },
    stats: { avg_open_rate: 0, avg_click_rate: 0 },
    ip_signup: m.ipSignup,
    ip_opt: m.ipOpt,
    member_rating: 2,
    last_changed: isoSeconds(m.lastChanged),
    language: m.language,
    vip: m.vip,
    email_client: '',
    location: { latitude: 0, longitude: 0, gmtoff: 0, dstoff: 0, country_code: '', timezone: '' },
    source: m.source,
    tags_count: tags.length,
    tags: tags.map((t) => ({ id: t.id, name: t.name })),
    list_id: l.id,
    _links: selfLinks(ctx, `/lists/${l.id}/members/${m.id}`, `/lists/${l.id}/members`),
  };
  if (m.timestampSignup !== null) out.timestamp_signup = isoSeconds(m.timestampSignup);
  if (m.timestampOpt !== null) out.timestamp_opt = isoSeconds(m.timestampOpt);
  if (m.unsubscribeReason && m.status === 'unsubscribed') out.unsubscribe_reason = m.unsubscribeReason;
  return out;
}

export function renderMergeField(ctx: LinkContext, l: ListRecord, f: MergeFieldRecord): JsonObject {
  return {
    merge_id: f.mergeId,
    tag: f.tag,
    name: f.name,
    type: f.type,
    required: f.required,
    default_value: f.defaultValue,
    public: f.public,
    display_order: f.displayOrder,
    options: f.options,
    help_text: f.helpText,
    list_id: l.id,
    _links: selfLinks(ctx, `/lists/${l.id}/merge-fields/${f.mergeId}`, `/lists/${l.id}/merge-fields`),
  };
}

export function renderSegment(ctx: LinkContext, l: ListRecord, s: SegmentRecord): JsonObject {
  const out: JsonObject = {
    id: s.id,
    name: s.name,
    member_count: [...s.members.keys()].filter((h) => l.members.get(h)?.status === 'subscribed').length,
    type: s.type,
    created_at: isoSeconds(s.createdAt),
    updated_at: isoSeconds(s.updatedAt),
    list_id: l.id,
    _links: selfLinks(ctx, `/lists/${l.id}/segments/${s.id}`, `/lists/${l.id}/segments`),
  };
  if (s.options) out.options = s.options;
  return out;
}

export function renderWebhook(ctx: LinkContext, l: ListRecord, w: WebhookRecord): JsonObject {
  return { id: w.id, url: w.url, events: { ...w.events }, sources: { ...w.sources }, list_id: l.id, _links: selfLinks(ctx, `/lists/${l.id}/webhooks/${w.id}`, `/lists/${l.id}/webhooks`) };
}
