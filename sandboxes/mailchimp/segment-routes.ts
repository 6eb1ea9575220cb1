import { invalidResource, notFound } from './errors';
import { api, noContent, ok, type RouteDeps } from './http';
import { getMember } from './members';
import { paginate } from './paging';
import { renderMember, renderSegment, selfLinks } from './render';
import { subscriberHash } from './state';
import { isRecord, str, toJson, type JsonObject, type ListRecord, type SegmentRecord } from './types';

/**
 * Segments and tags (tags are static segments):
 * https://mailchimp.com/developer/marketing/api/list-segments/ and
 * https://mailchimp.com/developer/marketing/api/list-segment-members/.
 * Saved (condition) segments are stored and rendered; their conditions are not evaluated.
 */
export function mountSegmentRoutes(deps: RouteDeps): void {
  const { state, links } = deps;
  const segment = (l: ListRecord, id: string): SegmentRecord => {
    const s = l.segments.get(Number(id));
    if (!s) throw notFound();
    return s;
  };
  /** Emails not on the audience are ignored, as the docs say for static_segment. */
  const hashesOf = (l: ListRecord, emails: unknown): string[] =>
    (Array.isArray(emails) ? emails : []).filter((e): e is string => typeof e === 'string').map(subscriberHash).filter((h) => l.members.has(h));

  // https://mailchimp.com/developer/marketing/api/list-segments/list-segments/
  api(deps, 'GET', '/lists/{list_id}/segments', (req) => {
    const l = state.list(req.params.list_id ?? '');
    const type = req.query.get('type');
    const all = [...l.segments.values()].filter((s) => !type || s.type === type);
    const { page, total } = paginate(all, req.query);
    return ok({ segments: page.map((s) => renderSegment(links, l, s)), list_id: l.id, total_items: total, _links: selfLinks(links, `/lists/${l.id}/segments`) });
  });

  // https://mailchimp.com/developer/marketing/api/list-segments/add-segment/
  api(deps, 'POST', '/lists/{list_id}/segments', (req, body) => {
    const l = state.list(req.params.list_id ?? '');
    const name = str(body, 'name') ?? '';
    if (body.static_segment !== undefined && body.options !== undefined) throw invalidResource([{ field: 'options', message: 'A segment is either static (static_segment) or saved (options), not both.' }]);
    const now = state.now();
    const isStatic = body.static_segment !== undefined || body.options === undefined;
    const s: SegmentRecord = { id: state.nextSegmentId(), name, type: isStatic ? 'static' : 'saved', members: new Map(), options: isRecord(body.options) ? (toJson(body.options) as JsonObject) : null, createdAt: now, updatedAt: now };
    for (const h of hashesOf(l, body.static_segment)) s.members.set(h, now);
    l.segments.set(s.id, s);
    return ok(renderSegment(links, l, s));
  });

  // https://mailchimp.com/developer/marketing/api/list-segments/get-segment-info/
  api(deps, 'GET', '/lists/{list_id}/segments/{segment_id}', (req) => {
    const l = state.list(req.params.list_id ?? '');
    return ok(renderSegment(links, l, segment(l, req.params.segment_id ?? '')));
  });

  // https://mailchimp.com/developer/marketing/api/list-segments/update-segment/
  api(deps, 'PATCH', '/lists/{list_id}/segments/{segment_id}', (req, body) => {
    const l = state.list(req.params.list_id ?? '');
    const s = segment(l, req.params.segment_id ?? '');
    const now = state.now();
    s.name = str(body, 'name') ?? s.name;
    if (Array.isArray(body.static_segment)) {
      const keep = new Map<string, number>();
      for (const h of hashesOf(l, body.static_segment)) keep.set(h, s.members.get(h) ?? now);
      s.members = keep;
    }
    if (isRecord(body.options)) s.options = toJson(body.options) as JsonObject;
    s.updatedAt = now;
    return ok(renderSegment(links, l, s));
  });

  // https://mailchimp.com/developer/marketing/api/list-segments/delete-segment/
  api(deps, 'DELETE', '/lists/{list_id}/segments/{segment_id}', (req) => {
    const l = state.list(req.params.list_id ?? '');
    l.segments.delete(segment(l, req.params.segment_id ?? '').id);
    return noContent();
  });

  // https://mailchimp.com/developer/marketing/api/list-segments/batch-add-or-remove-members/
  api(deps, 'POST', '/lists/{list_id}/segments/{segment_id}', (req, body) => {
    const l = state.list(req.params.list_id ?? '');
    const s = segment(l, req.params.segment_id ?? '');
    const now = state.now();
    const emails = (v: unknown): string[] => (Array.isArray(v) ? v.filter((e): e is string => typeof e === 'string') : []);
    const missing = [...emails(body.members_to_add), ...emails(body.members_to_remove)].filter((e) => !l.members.has(subscriberHash(e)));
    const added = hashesOf(l, body.members_to_add).filter((h) => !s.members.has(h));
    const removed = hashesOf(l, body.members_to_remove).filter((h) => s.members.has(h));
    for (const h of added) s.members.set(h, now);
    for (const h of removed) s.members.delete(h);
    s.updatedAt = now;
    const render = (h: string): JsonObject => renderMember(links, l, getMember(l, h));
    return ok({
      members_added: added.map(render),
      members_removed: removed.map(render),
      errors: missing.length ? [{ email_addresses: missing, error: 'Email addresses are not subscribed to the list.' }] : [],
      total_added: added.length,
      total_removed: removed.length,
      error_count: missing.length,
      _links: selfLinks(links, `/lists/${l.id}/segments/${s.id}`),
    });
  });

  // https://mailchimp.com/developer/marketing/api/list-segment-members/list-members-in-segment/
  api(deps, 'GET', '/lists/{list_id}/segments/{segment_id}/members', (req) => {
    const l = state.list(req.params.list_id ?? '');
    const s = segment(l, req.params.segment_id ?? '');
    const show = (status: string): boolean =>
      status === 'subscribed' || (status === 'cleaned' && req.query.get('include_cleaned') === 'true') || (status === 'transactional' && req.query.get('include_transactional') === 'true') || (status === 'unsubscribed' && req.query.get('include_unsubscribed') === 'true');
    const members = [...s.members.keys()].map((h) => l.members.get(h)).filter((m) => m !== undefined && show(m.status));
    const { page, total } = paginate(members, req.query);
    return ok({ members: page.flatMap((m) => (m ? [renderMember(links, l, m)] : [])), total_items: total, _links: selfLinks(links, `/lists/${l.id}/segments/${s.id}/members`) });
  });

  // https://mailchimp.com/developer/marketing/api/list-segment-members/add-member-to-segment/
  api(deps, 'POST', '/lists/{list_id}/segments/{segment_id}/members', (req, body) => {
    const l = state.list(req.params.list_id ?? '');
    const s = segment(l, req.params.segment_id ?? '');
    const m = getMember(l, str(body, 'email_address') ?? '');
    if (s.type !== 'static') throw invalidResource([{ field: 'segment_id', message: 'Members can only be added to static segments.' }]);
    if (!s.members.has(m.id)) s.members.set(m.id, state.now());
    s.updatedAt = state.now();
    return ok(renderMember(links, l, m));
  });

  // https://mailchimp.com/developer/marketing/api/list-segment-members/remove-list-member-from-segment/
  api(deps, 'DELETE', '/lists/{list_id}/segments/{segment_id}/members/{subscriber_hash}', (req) => {
    const l = state.list(req.params.list_id ?? '');
    const s = segment(l, req.params.segment_id ?? '');
    const m = getMember(l, req.params.subscriber_hash ?? '');
    if (!s.members.delete(m.id)) throw notFound();
    return noContent();
  });
}
