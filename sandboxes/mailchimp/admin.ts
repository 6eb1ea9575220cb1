import { type SandboxResponse, type SandboxServer } from '../framework/server';
import { type WebhookEmitter } from '../framework/webhooks';
import { problem } from './errors';
import { archiveMember, createMember, getMember, updateMember } from './members';
import { type ConcurrencyLimiter, type MailchimpLimits } from './rate-limit';
import { subscriberHash, type MailchimpState } from './state';
import { isRecord, type JsonObject, type MemberRecord } from './types';

/**
 * What people do in Mailchimp itself, outside our API calls: a contact signs up
 * or unsubscribes through a hosted form (source `user`), the account owner edits a
 * contact in the app (source `admin`), an address bounces, a campaign is sent.
 * Each change fires the audience webhooks the way the app would.
 */
export class MailchimpAdmin {
  constructor(private readonly state: MailchimpState) {}

  /** A contact fills in the hosted signup form. */
  subscribeViaForm(listId: string, email: string, mergeFields: JsonObject = {}): MemberRecord {
    const list = this.state.list(listId);
    const existing = list.members.get(subscriberHash(email));
    if (existing) return updateMember(this.state, list, existing, { status: 'subscribed', merge_fields: mergeFields }, { source: 'user', skipMergeValidation: true });
    return createMember(this.state, list, email, 'subscribed', { merge_fields: mergeFields }, { source: 'user', skipMergeValidation: true });
  }

  /** A contact clicks "unsubscribe" in an email. */
  unsubscribeViaForm(listId: string, email: string): MemberRecord {
    const list = this.state.list(listId);
    const m = getMember(list, email);
    const out = updateMember(this.state, list, m, { status: 'unsubscribed' }, { source: 'user', skipMergeValidation: true });
    out.unsubscribeReason = 'N/A (Unsubscribed by contact)';
    return out;
  }

  /** The account owner edits a contact's merge fields (or the contact updates their profile: source 'user'). */
  editProfile(listId: string, email: string, mergeFields: JsonObject, source: 'admin' | 'user' = 'admin'): MemberRecord {
    const list = this.state.list(listId);
    return updateMember(this.state, list, getMember(list, email), { merge_fields: mergeFields }, { source, skipMergeValidation: true });
  }

  changeEmail(listId: string, oldEmail: string, newEmail: string, source: 'admin' | 'user' = 'admin'): MemberRecord {
    const list = this.state.list(listId);
    return updateMember(this.state, list, getMember(list, oldEmail), { email_address: newEmail }, { source, skipMergeValidation: true });
  }

  archive(listId: string, email: string): void {
    const list = this.state.list(listId);
    archiveMember(this.state, list, getMember(list, email), 'admin');
  }

  /** A hard bounce (or abuse report) cleans the address. */
  bounce(listId: string, email: string, reason: 'hard' | 'abuse' = 'hard'): MemberRecord {
    const list = this.state.list(listId);
    const m = getMember(list, email);
    m.status = 'cleaned';
    m.lastChanged = this.state.now();
    m.seq = this.state.nextSeq();
    this.state.emit({ type: 'cleaned', listId, member: m, source: 'admin', reason });
    return m;
  }

  sendCampaign(listId: string, subject: string): string {
    this.state.list(listId);
    const campaignId = this.state.rand.hex(10);
    this.state.emit({ type: 'campaign', listId, campaignId, subject, status: 'sent', source: 'admin' });
    return campaignId;
  }
}

export interface AdminDeps {
  state: MailchimpState;
  admin: MailchimpAdmin;
  limiter: ConcurrencyLimiter;
  emitter: WebhookEmitter;
  limits: () => MailchimpLimits;
  setLimits: (l: MailchimpLimits) => void;
  reset: () => void;
}

function parseLimits(v: unknown): MailchimpLimits | null {
  if (v === 'off' || v === 'realistic') return v;
  if (!isRecord(v) || typeof v.concurrent !== 'number' || !Number.isInteger(v.concurrent) || v.concurrent < 1) return null;
  const hold = v.holdMs ?? v.hold_ms;
  return { concurrent: v.concurrent, ...(typeof hold === 'number' ? { holdMs: hold } : {}) };
}

/** Sandbox-only routes (no auth, not in the spec, exempt from the contract check). */
export function mountAdminRoutes(server: SandboxServer, deps: AdminDeps): void {
  const snapshot = (): unknown => ({
    ...deps.state.summary(),
    limits: deps.limits(),
    connections: deps.limiter.describe(),
    webhook_deliveries: { total: deps.emitter.log.length, delivered: deps.emitter.log.filter((d) => d.delivered).length },
    contract_violations: server.violations.length,
  });
  const ok = (body: unknown): SandboxResponse => ({ status: 200, body });
  const guard = (fn: () => unknown): SandboxResponse => {
    try {
      return ok(fn());
    } catch (err) {
      return problem(400, 'Invalid Resource', (err as Error).message);
    }
  };
  const body = (json: unknown): { [key: string]: unknown } => (isRecord(json) ? json : {});

  server.route('GET', '/_sandbox/state', () => ok(snapshot()));
  server.route('POST', '/_sandbox/reset', () => {
    deps.reset();
    return ok(snapshot());
  });
  server.route('POST', '/_sandbox/limits', (req) => {
    const b = body(req.json);
    const limits = parseLimits(b.limits ?? b);
    if (!limits) return problem(400, 'Invalid Resource', 'body must be {"limits": "off" | "realistic" | {"concurrent": n, "hold_ms"?: n}}');
    deps.setLimits(limits);
    return ok({ limits });
  });
  server.route('POST', '/_sandbox/app/lists/{list_id}/{action}', (req) => {
    const b = body(req.json);
    const listId = req.params.list_id ?? '';
    const email = typeof b.email === 'string' ? b.email : '';
    const merges = isRecord(b.merge_fields) ? (JSON.parse(JSON.stringify(b.merge_fields)) as JsonObject) : {};
    switch (req.params.action) {
      case 'subscribe':
        return guard(() => ({ id: deps.admin.subscribeViaForm(listId, email, merges).id }));
      case 'unsubscribe':
        return guard(() => ({ id: deps.admin.unsubscribeViaForm(listId, email).id }));
      case 'profile':
        return guard(() => ({ id: deps.admin.editProfile(listId, email, merges).id }));
      case 'bounce':
        return guard(() => ({ id: deps.admin.bounce(listId, email).id }));
      case 'campaign':
        return guard(() => ({ campaign_id: deps.admin.sendCampaign(listId, typeof b.subject === 'string' ? b.subject : 'Campaign') }));
      default:
        return problem(404, 'Resource Not Found', 'The requested resource could not be found.');
    }
  });
}
