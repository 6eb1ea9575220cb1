import { ApiVersion, LogSeverity, shopifyApi } from '@shopify/shopify-api';
import type { z } from 'zod';
import type { ShopifyConnectorConfig } from '../../config/schema';
import { VendorError } from '../types';
import { costOfError, readCost, toVendorError } from './errors';
import { routeShop } from './fetch-routing';
import { RateBudget } from './rate-budget';

/**
 * The one door to Shopify's Admin GraphQL API: the official SDK client, plus
 * the rate budget (wait before a query that wouldn't fit) and error mapping.
 *
 * https://shopify.dev/docs/api/admin-graphql/2025-01
 */
export type JsonValue = string | number | boolean | null | JsonValue[] | { [key: string]: JsonValue };
export type GraphqlVariables = { [name: string]: JsonValue | undefined };

export interface ShopifyGraphqlOptions {
  /** Longest proactive wait for budget; beyond it we throw 429 and let Temporal schedule the retry. Default 30 s. */
  maxWaitSeconds?: number;
  now?: () => number;
  sleep?: (ms: number) => Promise<void>;
}

/**
 * Which traffic a request is. `bulk`: pages of a backfill or reconciliation,
 * which can wait; `interactive` (default): the sync of one product, discount
 * or stock level a webhook asked for, which a shop watches happen.
 */
export type RequestLane = 'interactive' | 'bulk';

export interface ShopifyGraphql {
  /** Runs a query/mutation; returns `data` (unchecked: callers parse it). */
  request(query: string, variables?: GraphqlVariables, opts?: { cost?: number; lane?: RequestLane }): Promise<unknown>;
  readonly budget: RateBudget;
}

/** Assumed cost of a query we have never sent (Shopify charges ~1 per object). */
const FIRST_GUESS_COST = 10;

export function createShopifyGraphql(
  cfg: ShopifyConnectorConfig,
  creds: { accessToken: string; webhookSecret: string },
  opts: ShopifyGraphqlOptions = {},
): ShopifyGraphql {
  if (cfg.baseUrl) routeShop(cfg.shop, cfg.baseUrl);
  const shopify = shopifyApi({
    apiSecretKey: creds.webhookSecret,
    apiVersion: ApiVersion.January25,
    isCustomStoreApp: true,
    adminApiAccessToken: creds.accessToken,
    // Our app host; only OAuth flows use it, and a custom store app has none.
    hostName: 'localhost',
    isEmbeddedApp: false,
    logger: { level: LogSeverity.Error },
  });
  const session = shopify.session.customAppSession(cfg.shop);
  // Retries stay off (SDK default 0): Temporal activity retries are the one retry layer.
  const client = new shopify.clients.Graphql({ session });

  const now = opts.now ?? Date.now;
  const sleep = opts.sleep ?? ((ms: number) => new Promise<void>((r) => setTimeout(r, ms)));
  const maxWait = opts.maxWaitSeconds ?? 30;
  const budget = new RateBudget(cfg.rateBudget, now);
  const lastCost = new Map<string, number>();
  const exhausted = (estimate: number, ahead: number) => new VendorError(`Shopify rate budget exhausted: ${estimate} points needed`, 'shopify', 429, Math.ceil(ahead), 'THROTTLED');

  /**
   * Bulk queries take turns, in order, and each takes its points only when
   * the bucket holds them plus the headroom kept for interactive queries. So
   * a page waiting for the bucket holds nothing meanwhile: a webhook's sync
   * issued behind a queue of pages goes at once, instead of waiting for all of
   * them to be paid for (a stock change during a reconciliation shows in
   * seconds, not after it).
   */
  let bulkTurns: Promise<void> = Promise.resolve();
  function bulkTurn(estimate: number): Promise<void> {
    const turn = bulkTurns.then(async () => {
      for (;;) {
        const ahead = budget.waitSeconds(estimate + budget.headroomFor(estimate));
        if (ahead <= 0) break;
        if (ahead > maxWait) throw exhausted(estimate, ahead);
        await sleep(Math.ceil(ahead * 1000));
      }
      budget.reserve(estimate);
    });
    bulkTurns = turn.catch(() => undefined);
    return turn;
  }

  return {
    budget,
    async request(query, variables, reqOpts) {
      const estimate = reqOpts?.cost ?? lastCost.get(query) ?? FIRST_GUESS_COST;
      let wait = 0;
      if (reqOpts?.lane === 'bulk') {
        await bulkTurn(estimate);
      } else {
        const ahead = budget.waitSeconds(estimate);
        if (ahead > maxWait) throw exhausted(estimate, ahead);
        // Reserved before the wait, so queries issued meanwhile queue behind this one.
        wait = budget.reserve(estimate);
      }
      let released = false;
      const answered = () => {
        if (!released) budget.release(estimate);
        released = true;
      };
      try {
        if (wait > 0) await sleep(Math.ceil(wait * 1000));
        const res = await client.request<unknown>(query, { variables }).finally(answered);
        const cost = readCost(res.extensions);
        if (cost) {
          budget.observe(cost.throttleStatus);
          lastCost.set(query, cost.requestedQueryCost);
        }
        if (res.data === undefined || res.data === null) throw new VendorError('Shopify returned no data', 'shopify', 502);
        return res.data;
      } catch (err) {
        answered();
        const cost = costOfError(err);
        if (cost) {
          budget.observe(cost.throttleStatus);
          lastCost.set(query, cost.requestedQueryCost);
        }
        throw toVendorError(err);
      }
    },
  };
}

/** Validates a response's `data`; a shape we don't understand is Shopify's fault (502), not the record's. */
export function parseData<T>(schema: z.ZodType<T>, data: unknown, what: string): T {
  const parsed = schema.safeParse(data);
  if (parsed.success) return parsed.data;
  const issue = parsed.error.issues[0];
  throw new VendorError(`unexpected Shopify response for ${what}: ${issue ? `${issue.path.join('.')} ${issue.message}` : 'invalid'}`, 'shopify', 502);
}
