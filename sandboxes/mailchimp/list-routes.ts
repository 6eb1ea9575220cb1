import { invalidResource, notFound } from './errors';
import { api, flag, noContent, ok, type RouteDeps } from './http';
import { paginate } from './paging';
import { renderList, renderMergeField, selfLinks } from './render';
import { subscriberHash } from './state';
import { bool, isRecord, num, str, toJson, type JsonObject, type MergeFieldRecord } from './types';

/** Health check, audiences and merge fields. */
export function mountListRoutes(deps: RouteDeps): void {
  const { state, links } = deps;

  // https://mailchimp.com/developer/marketing/api/ping/
  api(deps, 'GET', '/ping', () => ok({ health_status: "Everything's Chimpy!" }));

  // https://mailchimp.com/developer/marketing/api/root/
  api(deps, 'GET', '/', () =>
    ok({ account_id: 'a1b2c3d4e5f60718293a4b5c6', login_id: '1001', account_name: 'Switchyard Sandbox', email: 'owner@example.com', first_name: 'Sandbox', last_name: 'Owner', username: 'sandbox', role: 'owner', member_since: '2020-01-01T00:00:00+00:00', pricing_plan_type: 'monthly', account_timezone: 'UTC', contact: { company: 'Switchyard', addr1: '1 Main St', city: 'Atlanta', state: 'GA', zip: '30308', country: 'US' }, total_subscribers: [...state.lists.values()].reduce((n, l) => n + [...l.members.values()].filter((m) => m.status === 'subscribed').length, 0), _links: selfLinks(links, '/') }),
  );

  // https://mailchimp.com/developer/marketing/api/lists/get-lists-info/
  api(deps, 'GET', '/lists', (req) => {
    const q = req.query;
    let lists = [...state.lists.values()];
    const email = q.get('email');
    if (email) lists = lists.filter((l) => l.members.has(subscriberHash(email)));
    const since = q.get('since_date_created');
    const before = q.get('before_date_created');
    if (since) lists = lists.filter((l) => l.dateCreated > Date.parse(since));
    if (before) lists = lists.filter((l) => l.dateCreated < Date.parse(before));
    if (q.get('sort_field') === 'date_created') lists.sort((a, b) => a.dateCreated - b.dateCreated);
    if (q.get('sort_dir') === 'DESC') lists.reverse();
    const { page, total } = paginate(lists, q);
    const withTotal = flag(q, 'include_total_contacts') ?? false;
    return ok({ lists: page.map((l) => renderList(links, l, withTotal)), total_items: total, constraints: { may_create: true, max_instances: 100, current_total_instances: state.lists.size }, _links: selfLinks(links, '/lists') });
  });

  // https://mailchimp.com/developer/marketing/api/lists/add-list/
  api(deps, 'POST', '/lists', (_req, body) => {
    const settings = toJson(body);
    if (!isRecord(settings) || !str(body, 'name')) throw invalidResource([{ field: 'name', message: 'This value should not be blank.' }]);
    return ok(renderList(links, state.createList(settings as JsonObject)));
  });

  // https://mailchimp.com/developer/marketing/api/lists/get-list-info/
  api(deps, 'GET', '/lists/{list_id}', (req) => ok(renderList(links, state.list(req.params.list_id ?? ''), flag(req.query, 'include_total_contacts') ?? false)));

  // https://mailchimp.com/developer/marketing/api/lists/update-lists/
  api(deps, 'PATCH', '/lists/{list_id}', (req, body) => {
    const l = state.list(req.params.list_id ?? '');
    const patch = toJson(body);
    if (isRecord(patch)) l.settings = { ...l.settings, ...(patch as JsonObject) };
    return ok(renderList(links, l));
  });

  // https://mailchimp.com/developer/marketing/api/lists/delete-list/
  api(deps, 'DELETE', '/lists/{list_id}', (req) => {
    state.deleteList(req.params.list_id ?? '');
    return noContent();
  });

  // https://mailchimp.com/developer/marketing/api/list-merges/list-merge-fields/
  api(deps, 'GET', '/lists/{list_id}/merge-fields', (req) => {
    const l = state.list(req.params.list_id ?? '');
    let fields = [...l.mergeFields].sort((a, b) => a.displayOrder - b.displayOrder);
    const type = req.query.get('type');
    const required = flag(req.query, 'required');
    if (type) fields = fields.filter((f) => f.type === type);
    if (required !== undefined) fields = fields.filter((f) => f.required === required);
    const { page, total } = paginate(fields, req.query);
    return ok({ merge_fields: page.map((f) => renderMergeField(links, l, f)), list_id: l.id, total_items: total, _links: selfLinks(links, `/lists/${l.id}/merge-fields`) });
  });

  // https://mailchimp.com/developer/marketing/api/list-merges/add-merge-field/
  api(deps, 'POST', '/lists/{list_id}/merge-fields', (req, body) => {
    const l = state.list(req.params.list_id ?? '');
    const id = l.nextMergeId;
    const tag = (str(body, 'tag') ?? `MMERGE${id}`).toUpperCase();
    if (!/^[A-Z0-9_]{1,10}$/.test(tag)) throw invalidResource([{ field: 'tag', message: 'The tag must be 1-10 letters, digits or underscores.' }]);
    if (l.mergeFields.some((f) => f.tag === tag)) throw invalidResource([{ field: 'tag', message: `A Merge Field with the tag "${tag}" already exists for this list.` }], `A Merge Field with the tag "${tag}" already exists for this list.`);
    l.nextMergeId++;
    const f: MergeFieldRecord = {
      mergeId: id,
      tag,
      name: str(body, 'name') ?? tag,
      type: str(body, 'type') ?? 'text',
      required: bool(body, 'required') ?? false,
      defaultValue: str(body, 'default_value') ?? '',
      public: bool(body, 'public') ?? false,
      displayOrder: num(body, 'display_order') ?? l.mergeFields.length + 1,
      options: isRecord(body.options) ? (toJson(body.options) as JsonObject) : {},
      helpText: str(body, 'help_text') ?? '',
    };
    l.mergeFields.push(f);
    return ok(renderMergeField(links, l, f));
  });

  const field = (listId: string, mergeId: string): { l: ReturnType<typeof state.list>; f: MergeFieldRecord } => {
    const l = state.list(listId);
    const f = l.mergeFields.find((x) => String(x.mergeId) === mergeId);
    if (!f) throw notFound();
    return { l, f };
  };

  // https://mailchimp.com/developer/marketing/api/list-merges/get-merge-field/
  api(deps, 'GET', '/lists/{list_id}/merge-fields/{merge_id}', (req) => {
    const { l, f } = field(req.params.list_id ?? '', req.params.merge_id ?? '');
    return ok(renderMergeField(links, l, f));
  });

  // https://mailchimp.com/developer/marketing/api/list-merges/update-merge-field/
  api(deps, 'PATCH', '/lists/{list_id}/merge-fields/{merge_id}', (req, body) => {
    const { l, f } = field(req.params.list_id ?? '', req.params.merge_id ?? '');
    f.name = str(body, 'name') ?? f.name;
    f.required = bool(body, 'required') ?? f.required;
    f.defaultValue = str(body, 'default_value') ?? f.defaultValue;
    f.public = bool(body, 'public') ?? f.public;
    f.displayOrder = num(body, 'display_order') ?? f.displayOrder;
    f.helpText = str(body, 'help_text') ?? f.helpText;
    if (isRecord(body.options)) f.options = { ...f.options, ...(toJson(body.options) as JsonObject) };
    return ok(renderMergeField(links, l, f));
  });

  // https://mailchimp.com/developer/marketing/api/list-merges/delete-merge-field/
  api(deps, 'DELETE', '/lists/{list_id}/merge-fields/{merge_id}', (req) => {
    const { l, f } = field(req.params.list_id ?? '', req.params.merge_id ?? '');
    l.mergeFields = l.mergeFields.filter((x) => x !== f);
    for (const m of l.members.values()) delete m.mergeFields[f.tag];
    return noContent();
  });
}
