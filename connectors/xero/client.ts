import { XeroClient } from 'xero-node';
import { VendorError } from '../types';
import { headerMap, parseRejection, rateHeaders, toVendorError } from './errors';
import { XeroRateBudget } from './rate-budget';

/**
 * The official xero-node SDK, pointed at cfg.baseUrl (the sandbox) by setting the
 * AccountingApi's basePath (the SDK's default is https://api.xero.com/api.xro/2.0).
 * Tokens are set once (a custom connection or an already-refreshed token: the
 * connector does not run the OAuth flow). Every call goes through the rate budget,
 * and is retried in-process a few times: 429 after Retry-After, 5xx/network with
 * exponential backoff; other failures surface as VendorError at once.
 */

export interface XeroClientOptions {
  /** Attempts per call including the first (default 4). */
  maxAttempts?: number;
  /** First backoff for 5xx/network errors, ms (doubles per retry; default 500). */
  backoffMs?: number;
  /** A Retry-After longer than this is not waited out in-process (default 120 s). */
  maxRetryAfterSeconds?: number;
  now?: () => number;
  sleep?: (ms: number) => Promise<void>;
}

export interface SdkResult<T> {
  response: { headers: object };
  body: T;
}

export interface XeroApi {
  xero: XeroClient;
  tenantId: string;
  budget: XeroRateBudget;
  call<T>(operation: string, fn: () => Promise<SdkResult<T>>): Promise<T>;
}

export function accountingBasePath(baseUrl: string | undefined): string | undefined {
  if (!baseUrl) return undefined;
  const trimmed = baseUrl.replace(/\/+$/, '');
  return trimmed.endsWith('/api.xro/2.0') ? trimmed : `${trimmed}/api.xro/2.0`;
}

export function createXeroApi(accessToken: string, tenantId: string, baseUrl: string | undefined, opts: XeroClientOptions = {}): XeroApi {
  const xero = new XeroClient();
  // expires_at only matters to the SDK's refresh helpers; the token is used as given.
  xero.setTokenSet({ access_token: accessToken, token_type: 'Bearer', expires_at: Math.floor(Date.now() / 1000) + 1800 });
  const base = accountingBasePath(baseUrl);
  if (base) xero.accountingApi.basePath = base;
  const sleep = opts.sleep ?? ((ms: number) => new Promise<void>((r) => setTimeout(r, ms)));
  const budget = new XeroRateBudget({ now: opts.now, sleep });
  const maxAttempts = opts.maxAttempts ?? 4;

  async function call<T>(operation: string, fn: () => Promise<SdkResult<T>>): Promise<T> {
    for (let attempt = 1; ; attempt++) {
      const release = await budget.acquire();
      try {
        const res = await fn();
        budget.observe(rateHeaders(headerMap(res.response.headers)));
        return res.body;
      } catch (err) {
        const failure = parseRejection(err);
        budget.observe(rateHeaders(failure.headers));
        const ve = toVendorError(err, operation);
        if (!ve.retryable || attempt >= maxAttempts || ve.code === 'day') throw ve;
        if (ve.status === 429) {
          const wait = ve.retryAfterSeconds ?? 1;
          if (wait > (opts.maxRetryAfterSeconds ?? 120)) throw ve;
          if (ve.code === 'minute') budget.blockFor(wait);
          else await sleep(wait * 1000);
        } else {
          await sleep((opts.backoffMs ?? 500) * 2 ** (attempt - 1));
        }
      } finally {
        release();
      }
    }
  }
  return { xero, tenantId, budget, call };
}

/** A 404 from a read-by-id: null rather than an error. */
export async function orNull<T>(p: Promise<T>): Promise<T | null> {
  try {
    return await p;
  } catch (err) {
    if (err instanceof VendorError && err.status === 404) return null;
    throw err;
  }
}
