import { type SandboxServer } from '../framework/server';
import { notFound } from './errors';
import { compact, mountApi, type ApiContext } from './http';
import { type PosState } from './pos-state';
import { clampLimit, paginate, parseTime, requireField, sortBy, str } from './pos-util';
import { isRecord } from './types';

/** Gift Cards and Gift Card Activities routes. https://developer.squareup.com/reference/square/gift-cards-api */
export function mountGiftCardRoutes(server: SandboxServer, ctx: ApiContext, pos: PosState): void {
  const store = pos.giftCards;

  // https://developer.squareup.com/reference/square/gift-cards-api/list-gift-cards
  mountApi(server, ctx, 'GET', '/v2/gift-cards', (req) => {
    const q = req.query;
    const type = q.get('type');
    const state = q.get('state');
    const customer = q.get('customer_id');
    const matching = [...store.cards.values()].filter((c) => (!type || c.type === type) && (!state || c.state === state) && (!customer || (Array.isArray(c.customer_ids) && c.customer_ids.includes(customer))));
    const key = (c: { created_at: string; id: string }): string => `${c.created_at}|${c.id}`;
    const limit = clampLimit(q.get('limit') ?? undefined, 200, 30);
    const { page, cursor } = paginate(sortBy(matching, key), key, { cursor: q.get('cursor') ?? undefined, limit, request: { type, state, customer }, generation: pos.generation });
    return { status: 200, body: compact({ gift_cards: page.map((c) => structuredClone(c)), cursor }) };
  });

  // https://developer.squareup.com/reference/square/gift-cards-api/create-gift-card
  mountApi(
    server,
    ctx,
    'POST',
    '/v2/gift-cards',
    (_req, body) => {
      requireField(body, 'idempotency_key');
      return { status: 200, body: { gift_card: store.create(str(body.location_id) ?? '', isRecord(body.gift_card) ? body.gift_card : {}) } };
    },
    { idempotent: true },
  );

  // https://developer.squareup.com/reference/square/gift-cards-api/retrieve-gift-card-from-gan
  mountApi(server, ctx, 'POST', '/v2/gift-cards/from-gan', (_req, body) => {
    const c = store.byGan(str(body.gan) ?? '');
    return c ? { status: 200, body: { gift_card: c } } : notFound('Gift card not found.');
  });

  // https://developer.squareup.com/reference/square/gift-card-activities-api/list-gift-card-activities
  // (mounted before /v2/gift-cards/{id}: "activities" is not a gift card id)
  mountApi(server, ctx, 'GET', '/v2/gift-cards/activities', (req) => {
    const q = req.query;
    const [id, type, loc] = [q.get('gift_card_id'), q.get('type'), q.get('location_id')];
    const begin = parseTime(q.get('begin_time'), 'begin_time');
    const end = parseTime(q.get('end_time'), 'end_time');
    const desc = (q.get('sort_order') ?? 'DESC') !== 'ASC';
    const matching = store.activities.filter((a) => {
      const t = Date.parse(a.created_at);
      return (!id || a.gift_card_id === id) && (!type || a.type === type) && (!loc || a.location_id === loc) && (begin === undefined || t >= begin) && (end === undefined || t < end);
    });
    const key = (a: { created_at: string; id: string }): string => `${a.created_at}|${a.id}`;
    const limit = clampLimit(q.get('limit') ?? undefined, 100, 50);
    const { page, cursor } = paginate(sortBy(matching, key, desc), key, { cursor: q.get('cursor') ?? undefined, limit, request: { id, type, loc, b: q.get('begin_time'), e: q.get('end_time'), desc }, generation: pos.generation, desc });
    return { status: 200, body: compact({ gift_card_activities: page.map((a) => structuredClone(a)), cursor }) };
  });

  // https://developer.squareup.com/reference/square/gift-card-activities-api/create-gift-card-activity
  mountApi(
    server,
    ctx,
    'POST',
    '/v2/gift-cards/activities',
    (_req, body) => {
      requireField(body, 'idempotency_key');
      return { status: 200, body: { gift_card_activity: store.activity(isRecord(body.gift_card_activity) ? body.gift_card_activity : {}) } };
    },
    { idempotent: true },
  );

  // https://developer.squareup.com/reference/square/gift-cards-api/link-customer-to-gift-card
  // https://developer.squareup.com/reference/square/gift-cards-api/unlink-customer-from-gift-card
  for (const [path, linked] of [['link-customer', true], ['unlink-customer', false]] as const) {
    mountApi(server, ctx, 'POST', `/v2/gift-cards/{gift_card_id}/${path}`, (req, body) => {
      requireField(body, 'customer_id');
      return { status: 200, body: { gift_card: store.link(req.params.gift_card_id ?? '', str(body.customer_id) ?? '', linked) } };
    });
  }

  // https://developer.squareup.com/reference/square/gift-cards-api/retrieve-gift-card
  mountApi(server, ctx, 'GET', '/v2/gift-cards/{id}', (req) => {
    const c = store.get(req.params.id ?? '');
    return c ? { status: 200, body: { gift_card: c } } : notFound(`Gift card \`${req.params.id ?? ''}\` not found.`);
  });
}
