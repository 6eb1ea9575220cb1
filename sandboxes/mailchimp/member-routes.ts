import { MailchimpError } from './errors';
import { api, flag, noContent, ok, type RouteDeps } from './http';
import { archiveMember, createMember, deletePermanent, getMember, memberTags, setTags, updateMember, upsertMember } from './members';
import { paginate } from './paging';
import { renderMember, selfLinks } from './render';
import { subscriberHash } from './state';
import { isRecord, isoSeconds, str, type MemberRecord, type MemberStatus } from './types';

/** Audience members and their tags: https://mailchimp.com/developer/marketing/api/list-members/ */
export function mountMemberRoutes(deps: RouteDeps): void {
  const { state, links } = deps;
  const sec = (ms: number): number => Math.floor(ms / 1000);
  const time = (v: string | null): number | null => (v ? Date.parse(v) : null);

  // https://mailchimp.com/developer/marketing/api/list-members/list-members-info/
  // since_/before_last_changed compare at the API's one-second resolution, "after"/"before" strictly.
  api(deps, 'GET', '/lists/{list_id}/members', (req) => {
    const l = state.list(req.params.list_id ?? '');
    const q = req.query;
    let members = [...l.members.values()];
    const status = q.get('status');
    if (status) members = members.filter((m) => m.status === status);
    const emailType = q.get('email_type');
    if (emailType) members = members.filter((m) => m.emailType === emailType);
    if (flag(q, 'vip_only')) members = members.filter((m) => m.vip);
    const unique = q.get('unique_email_id');
    if (unique) members = members.filter((m) => m.uniqueEmailId === unique);
    const sinceChanged = time(q.get('since_last_changed'));
    const beforeChanged = time(q.get('before_last_changed'));
    if (sinceChanged !== null) members = members.filter((m) => sec(m.lastChanged) > sec(sinceChanged));
    if (beforeChanged !== null) members = members.filter((m) => sec(m.lastChanged) < sec(beforeChanged));
    const sinceOpt = time(q.get('since_timestamp_opt'));
    const beforeOpt = time(q.get('before_timestamp_opt'));
    if (sinceOpt !== null) members = members.filter((m) => m.timestampOpt !== null && sec(m.timestampOpt) > sec(sinceOpt));
    if (beforeOpt !== null) members = members.filter((m) => m.timestampOpt !== null && sec(m.timestampOpt) < sec(beforeOpt));
    const sortField = q.get('sort_field');
    const key = (m: MemberRecord): number => sec(sortField === 'last_changed' ? m.lastChanged : sortField === 'timestamp_opt' ? (m.timestampOpt ?? 0) : (m.timestampSignup ?? 0));
    if (sortField) members.sort((a, b) => key(a) - key(b) || a.seq - b.seq);
    if (sortField && q.get('sort_dir') === 'DESC') members.reverse();
    const { page, total } = paginate(members, q);
    return ok({ members: page.map((m) => renderMember(links, l, m)), list_id: l.id, total_items: total, _links: selfLinks(links, `/lists/${l.id}/members`, `/lists/${l.id}`) });
  });

  // https://mailchimp.com/developer/marketing/api/list-members/add-member-to-list/
  api(deps, 'POST', '/lists/{list_id}/members', (req, body) => {
    const l = state.list(req.params.list_id ?? '');
    const email = str(body, 'email_address') ?? '';
    const existing = l.members.get(subscriberHash(email));
    const opts = { source: 'api' as const, skipMergeValidation: flag(req.query, 'skip_merge_validation') ?? false };
    if (existing && existing.status !== 'archived') throw new MailchimpError(400, 'Member Exists', `${email} is already a list member. Use PUT to insert or update list members.`);
    const status = str(body, 'status') as MemberStatus;
    const m = existing ? updateMember(state, l, existing, { ...body, status }, opts) : createMember(state, l, email, status, body, opts);
    return ok(renderMember(links, l, m));
  });

  // https://mailchimp.com/developer/marketing/api/list-members/get-member-info/
  api(deps, 'GET', '/lists/{list_id}/members/{subscriber_hash}', (req) => {
    const l = state.list(req.params.list_id ?? '');
    return ok(renderMember(links, l, getMember(l, req.params.subscriber_hash ?? '')));
  });

  // https://mailchimp.com/developer/marketing/api/list-members/add-or-update-list-member/
  api(deps, 'PUT', '/lists/{list_id}/members/{subscriber_hash}', (req, body) => {
    const l = state.list(req.params.list_id ?? '');
    const m = upsertMember(state, l, req.params.subscriber_hash ?? '', body, { source: 'api', skipMergeValidation: flag(req.query, 'skip_merge_validation') ?? false });
    return ok(renderMember(links, l, m));
  });

  // https://mailchimp.com/developer/marketing/api/list-members/update-list-member/
  api(deps, 'PATCH', '/lists/{list_id}/members/{subscriber_hash}', (req, body) => {
    const l = state.list(req.params.list_id ?? '');
    const m = updateMember(state, l, getMember(l, req.params.subscriber_hash ?? ''), body, { source: 'api', skipMergeValidation: true });
    return ok(renderMember(links, l, m));
  });

  // https://mailchimp.com/developer/marketing/api/list-members/archive-list-member/
  api(deps, 'DELETE', '/lists/{list_id}/members/{subscriber_hash}', (req) => {
    const l = state.list(req.params.list_id ?? '');
    archiveMember(state, l, getMember(l, req.params.subscriber_hash ?? ''), 'api');
    return noContent();
  });

  // https://mailchimp.com/developer/marketing/api/list-members/delete-list-member/
  api(deps, 'POST', '/lists/{list_id}/members/{subscriber_hash}/actions/delete-permanent', (req) => {
    const l = state.list(req.params.list_id ?? '');
    deletePermanent(state, l, getMember(l, req.params.subscriber_hash ?? ''), 'api');
    return noContent();
  });

  // https://mailchimp.com/developer/marketing/api/list-member-tags/list-member-tags/
  api(deps, 'GET', '/lists/{list_id}/members/{subscriber_hash}/tags', (req) => {
    const l = state.list(req.params.list_id ?? '');
    const m = getMember(l, req.params.subscriber_hash ?? '');
    const { page, total } = paginate(memberTags(l, m), req.query);
    return ok({ tags: page.map((t) => ({ id: t.id, name: t.name, date_added: isoSeconds(t.added) })), total_items: total, _links: selfLinks(links, `/lists/${l.id}/members/${m.id}/tags`) });
  });

  // https://mailchimp.com/developer/marketing/api/list-member-tags/add-or-remove-member-tags/
  api(deps, 'POST', '/lists/{list_id}/members/{subscriber_hash}/tags', (req, body) => {
    const l = state.list(req.params.list_id ?? '');
    const m = getMember(l, req.params.subscriber_hash ?? '');
    const tags = Array.isArray(body.tags) ? body.tags.filter(isRecord).map((t) => ({ name: String(t.name ?? ''), status: String(t.status ?? '') })) : [];
    setTags(state, l, m, tags);
    return noContent();
  });

  // https://mailchimp.com/developer/marketing/api/lists/batch-subscribe-or-unsubscribe/
  api(deps, 'POST', '/lists/{list_id}', (req, body) => {
    const l = state.list(req.params.list_id ?? '');
    const updateExisting = body.update_existing === true;
    const created: MemberRecord[] = [];
    const updated: MemberRecord[] = [];
    const errors: { email_address: string; error: string; error_code: string }[] = [];
    for (const raw of Array.isArray(body.members) ? body.members.filter(isRecord) : []) {
      const email = str(raw, 'email_address') ?? '';
      try {
        const existing = l.members.get(subscriberHash(email));
        const opts = { source: 'api' as const, skipMergeValidation: flag(req.query, 'skip_merge_validation') ?? false };
        if (existing && existing.status !== 'archived') {
          if (!updateExisting) throw new MailchimpError(400, 'Member Exists', `${email} is already a list member, do you want to update? please provide update_existing:true in the request body`);
          updated.push(updateMember(state, l, existing, raw, opts));
        } else created.push(upsertMember(state, l, email, { ...raw, status_if_new: str(raw, 'status') ?? str(raw, 'status_if_new') }, opts));
      } catch (err) {
        if (!(err instanceof MailchimpError)) throw err;
        errors.push({ email_address: email, error: err.detail, error_code: err.title === 'Member Exists' ? 'ERROR_CONTACT_EXISTS' : 'ERROR_GENERIC' });
      }
    }
    return ok({
      new_members: created.map((m) => renderMember(links, l, m)),
      updated_members: updated.map((m) => renderMember(links, l, m)),
      errors,
      total_created: created.length,
      total_updated: updated.length,
      error_count: errors.length,
      _links: selfLinks(links, `/lists/${l.id}`),
    });
  });
}
