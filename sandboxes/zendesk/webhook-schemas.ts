import { z } from 'zod';

/**
 * The Webhooks API and webhook payloads are a separate Zendesk spec that is
 * not shipped with this repo, so these zod schemas stand in for it, written
 * from the docs:
 * - Webhooks API: https://developer.zendesk.com/api-reference/webhooks/webhooks-api/webhooks/
 * - Event payloads: https://developer.zendesk.com/api-reference/webhooks/event-types/webhook-event-types/
 */

const HttpMethod = z.enum(['GET', 'POST', 'PUT', 'PATCH', 'DELETE']);
const RequestFormat = z.enum(['json', 'xml', 'form_encoded']);
const Status = z.enum(['active', 'inactive']);

export const WebhookInput = z.looseObject({
  name: z.string().min(1),
  status: Status,
  endpoint: z.url(),
  http_method: HttpMethod,
  request_format: RequestFormat,
  subscriptions: z.array(z.string()).optional(),
  description: z.string().optional(),
  signing_secret: z.looseObject({ algorithm: z.literal('SHA256'), secret: z.string().min(1) }).optional(),
  custom_headers: z.record(z.string(), z.string()).optional(),
  authentication: z.looseObject({ type: z.enum(['basic_auth', 'bearer_token', 'api_key']), add_position: z.literal('header') }).optional(),
});
export type WebhookInput = z.infer<typeof WebhookInput>;

export const WebhookRequest = z.looseObject({ webhook: WebhookInput });
export const WebhookPatchRequest = z.looseObject({ webhook: WebhookInput.partial() });

export const WebhookObject = z.looseObject({
  id: z.string(),
  name: z.string(),
  status: Status,
  endpoint: z.string(),
  http_method: HttpMethod,
  request_format: RequestFormat,
  subscriptions: z.array(z.string()),
  created_at: z.string(),
  created_by: z.string(),
  updated_at: z.string().optional(),
  updated_by: z.string().optional(),
});

export const WebhookResponse = z.looseObject({ webhook: WebhookObject });
export const WebhooksResponse = z.looseObject({
  webhooks: z.array(WebhookObject),
  meta: z.looseObject({ has_more: z.boolean(), after_cursor: z.string().nullable(), before_cursor: z.string().nullable() }),
  links: z.looseObject({ next: z.string().nullable(), prev: z.string().nullable() }),
});
export const SigningSecretResponse = z.looseObject({ signing_secret: z.looseObject({ algorithm: z.literal('SHA256'), secret: z.string() }) });
export const WebhookErrors = z.looseObject({ errors: z.array(z.looseObject({ code: z.string(), title: z.string(), detail: z.string().optional() })).min(1) });

/** Every event-subscription payload has this envelope. */
export const EventPayload = z.looseObject({
  account_id: z.number().int(),
  detail: z.record(z.string(), z.unknown()),
  event: z.record(z.string(), z.unknown()),
  id: z.uuid(),
  subject: z.string().regex(/^zen:[a-z_]+:\d+$/),
  time: z.iso.datetime(),
  type: z.string().regex(/^zen:event-type:[a-z_]+\.[a-z_]+$/),
  zendesk_event_version: z.string(),
});

export const TicketEventDetail = z.looseObject({
  id: z.string(),
  status: z.enum(['NEW', 'OPEN', 'PENDING', 'HOLD', 'SOLVED', 'CLOSED', 'DELETED']),
  requester_id: z.string(),
  subject: z.string(),
  created_at: z.string(),
  updated_at: z.string(),
});
export const UserEventDetail = z.looseObject({ id: z.string(), email: z.string(), role: z.string(), created_at: z.string(), updated_at: z.string() });

/** zod issues → "path: message" lines, the format server.violations uses. */
export function issues(result: { success: boolean; error?: { issues: { path: PropertyKey[]; message: string }[] } }): string[] {
  if (result.success || !result.error) return [];
  return result.error.issues.map((i) => `${i.path.map(String).join('/') || '(root)'}: ${i.message}`);
}
