import { type WebhookEmitter } from '../framework/webhooks';
import { invalidResource, notFound } from './errors';
import { api, noContent, ok, type RouteDeps } from './http';
import { renderWebhook, selfLinks } from './render';
import { type AudienceEvent } from './state';
import { bool, firedAt, isRecord, type ListRecord, type MemberRecord, type WebhookRecord } from './types';

/**
 * Audience webhooks (https://mailchimp.com/developer/marketing/guides/sync-audience-data-webhooks/,
 * https://mailchimp.com/developer/marketing/api/list-webhooks/):
 * - unsigned: the receiver authenticates by a secret it put in its own URL;
 * - creating (or re-pointing) a webhook first sends a GET to the URL, which must answer 200;
 * - each event is a POST of `application/x-www-form-urlencoded` fields
 *   `type`, `fired_at` ("2009-03-26 21:35:57", UTC) and `data[...]` (`data[merges][FNAME]`…);
 * - only events enabled in `events` and changes made by an enabled `sources`
 *   (user = the contact, admin = the account in the app, api = API calls) are sent;
 * - a receiver that is unavailable or slower than 10 s is retried "at increasing
 *   intervals over the course of 75 minutes"; the schedule below (5, 20, 50 min)
 *   also matches the 3 retries of https://mailchimp.com/developer/release-notes/returning-410-from-audience-webhook-will-disable-it/.
 */

export const MAILCHIMP_RETRY_SCHEDULE_SECONDS = [300, 1200, 3000];
export const MAILCHIMP_DELIVERY_TIMEOUT_MS = 10_000;

const EVENT_NAMES = ['subscribe', 'unsubscribe', 'profile', 'cleaned', 'upemail', 'campaign'] as const;
const SOURCE_NAMES = ['user', 'admin', 'api'] as const;

function memberFields(listId: string, m: MemberRecord): [string, string][] {
  const out: [string, string][] = [
    ['data[id]', m.uniqueEmailId],
    ['data[list_id]', listId],
    ['data[email]', m.email],
    ['data[email_type]', m.emailType],
    ['data[merges][EMAIL]', m.email],
  ];
  for (const [tag, v] of Object.entries(m.mergeFields)) {
    if (isRecord(v)) for (const [k, sub] of Object.entries(v)) out.push([`data[merges][${tag}][${k}]`, String(sub ?? '')]);
    else out.push([`data[merges][${tag}]`, v === null ? '' : String(v)]);
  }
  out.push(['data[ip_opt]', m.ipOpt], ['data[ip_signup]', m.ipSignup]);
  return out;
}

/** The form fields of one event, in Mailchimp's order. */
export function webhookForm(e: AudienceEvent, at: number): URLSearchParams {
  const f: [string, string][] = [['type', e.type], ['fired_at', firedAt(at)]];
  if (e.type === 'subscribe' || e.type === 'profile') f.push(...memberFields(e.listId, e.member));
  if (e.type === 'unsubscribe') f.push(['data[action]', e.action], ['data[reason]', e.reason], ...memberFields(e.listId, e.member));
  if (e.type === 'cleaned') f.push(['data[list_id]', e.listId], ['data[campaign_id]', ''], ['data[reason]', e.reason], ['data[email]', e.member.email]);
  if (e.type === 'upemail') f.push(['data[list_id]', e.listId], ['data[new_id]', e.newId], ['data[new_email]', e.newEmail], ['data[old_email]', e.oldEmail]);
  if (e.type === 'campaign') f.push(['data[id]', e.campaignId], ['data[subject]', e.subject], ['data[status]', e.status], ['data[reason]', ''], ['data[list_id]', e.listId]);
  return new URLSearchParams(f);
}

export function deliver(emitter: WebhookEmitter, list: ListRecord, e: AudienceEvent, at: number): number {
  let sent = 0;
  for (const w of list.webhooks.values()) {
    if (!w.events[e.type] || !w.sources[e.source]) continue;
    emitter.send({ url: w.url, headers: { 'content-type': 'application/x-www-form-urlencoded', 'user-agent': 'MailChimp' }, body: webhookForm(e, at).toString() });
    sent++;
  }
  return sent;
}

/** Mailchimp's check of a new callback URL: a GET that must answer 200. */
async function validateUrl(url: string): Promise<boolean> {
  try {
    const res = await fetch(url, { method: 'GET', headers: { 'user-agent': 'MailChimp' }, signal: AbortSignal.timeout(MAILCHIMP_DELIVERY_TIMEOUT_MS) });
    await res.arrayBuffer().catch(() => undefined);
    return res.status === 200;
  } catch {
    return false;
  }
}

export function mountWebhookRoutes(deps: RouteDeps): void {
  const { state, links } = deps;
  const flags = <K extends string>(names: readonly K[], input: unknown, defaults: { [P in K]: boolean }): { [P in K]: boolean } => {
    const out = { ...defaults };
    if (isRecord(input)) for (const n of names) out[n] = bool(input, n) ?? out[n];
    return out;
  };
  const checkUrl = async (l: ListRecord, url: string, self?: WebhookRecord): Promise<void> => {
    if (!/^https?:\/\/[^\s]+$/.test(url)) throw invalidResource([{ field: 'url', message: 'Please enter a valid URL.' }]);
    if ([...l.webhooks.values()].some((w) => w !== self && w.url === url)) throw invalidResource([{ field: 'url', message: "Sorry, you can't use the same URL for more than one webhook." }]);
    if (!(await validateUrl(url))) throw invalidResource([{ field: 'url', message: 'The URL could not be validated: it must answer a GET request with HTTP 200.' }]);
  };
  const webhook = (l: ListRecord, id: string): WebhookRecord => {
    const w = l.webhooks.get(id);
    if (!w) throw notFound();
    return w;
  };

  // https://mailchimp.com/developer/marketing/api/list-webhooks/list-webhooks/
  api(deps, 'GET', '/lists/{list_id}/webhooks', (req) => {
    const l = state.list(req.params.list_id ?? '');
    const all = [...l.webhooks.values()];
    return ok({ webhooks: all.map((w) => renderWebhook(links, l, w)), list_id: l.id, total_items: all.length, _links: selfLinks(links, `/lists/${l.id}/webhooks`) });
  });

  // https://mailchimp.com/developer/marketing/api/list-webhooks/add-webhook/
  api(deps, 'POST', '/lists/{list_id}/webhooks', async (req, body) => {
    const l = state.list(req.params.list_id ?? '');
    const url = typeof body.url === 'string' ? body.url : '';
    await checkUrl(l, url);
    const w: WebhookRecord = {
      id: state.rand.hex(10),
      url,
      events: flags(EVENT_NAMES, body.events, { subscribe: true, unsubscribe: true, profile: true, cleaned: true, upemail: true, campaign: true }),
      sources: flags(SOURCE_NAMES, body.sources, { user: true, admin: true, api: false }),
    };
    l.webhooks.set(w.id, w);
    return ok(renderWebhook(links, l, w));
  });

  // https://mailchimp.com/developer/marketing/api/list-webhooks/get-webhook-info/
  api(deps, 'GET', '/lists/{list_id}/webhooks/{webhook_id}', (req) => {
    const l = state.list(req.params.list_id ?? '');
    return ok(renderWebhook(links, l, webhook(l, req.params.webhook_id ?? '')));
  });

  // https://mailchimp.com/developer/marketing/api/list-webhooks/update-webhook/
  api(deps, 'PATCH', '/lists/{list_id}/webhooks/{webhook_id}', async (req, body) => {
    const l = state.list(req.params.list_id ?? '');
    const w = webhook(l, req.params.webhook_id ?? '');
    if (typeof body.url === 'string' && body.url !== w.url) {
      await checkUrl(l, body.url, w);
      w.url = body.url;
    }
    w.events = flags(EVENT_NAMES, body.events, w.events);
    w.sources = flags(SOURCE_NAMES, body.sources, w.sources);
    return ok(renderWebhook(links, l, w));
  });

  // https://mailchimp.com/developer/marketing/api/list-webhooks/delete-webhook/
  api(deps, 'DELETE', '/lists/{list_id}/webhooks/{webhook_id}', (req) => {
    const l = state.list(req.params.list_id ?? '');
    l.webhooks.delete(webhook(l, req.params.webhook_id ?? '').id);
    return noContent();
  });
}
