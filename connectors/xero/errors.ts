import { z } from 'zod';
import { VendorError } from '../types';

/**
 * xero-node rejects with a JSON *string* `{"response":{"statusCode","body","headers"},"body"}`
 * (its ApiError.generateError), or with an axios-shaped object for some paths.
 * This turns either into a VendorError:
 * - 401/403 (AuthenticationUnsuccessful, TokenExpired…): not retryable;
 * - 429: Retry-After seconds and X-Rate-Limit-Problem as the code;
 * - 5xx and network failures (status 0): retryable;
 * - 400 ValidationException: the validation messages of every element.
 * https://developer.xero.com/documentation/api/accounting/responsecodes
 */

const Rejection = z.object({
  response: z.object({ statusCode: z.number().optional(), status: z.number().optional(), body: z.unknown().optional(), data: z.unknown().optional(), headers: z.record(z.string(), z.unknown()).optional() }).optional(),
  body: z.unknown().optional(),
  message: z.string().optional(),
});

const XeroErrorBody = z.object({
  ErrorNumber: z.number().optional(),
  Type: z.string().nullable().optional(),
  Message: z.string().optional(),
  Title: z.string().optional(),
  Detail: z.string().optional(),
  Elements: z.array(z.object({ ValidationErrors: z.array(z.object({ Message: z.string() })).optional() }).loose()).optional(),
});

/** Response headers, lower-cased names, string values. */
export type HeaderMap = ReadonlyMap<string, string>;

export function headerMap(headers: object | undefined): HeaderMap {
  const out = new Map<string, string>();
  for (const [k, v] of Object.entries(headers ?? {})) if (typeof v === 'string' || typeof v === 'number') out.set(k.toLowerCase(), String(v));
  return out;
}

function header(headers: HeaderMap, name: string): string | null {
  return headers.get(name) ?? null;
}

export interface XeroFailure {
  status: number;
  body: unknown;
  headers: HeaderMap;
  message: string;
}

export function parseRejection(err: unknown): XeroFailure {
  let raw: unknown = err;
  if (typeof err === 'string') {
    try {
      raw = JSON.parse(err);
    } catch {
      return { status: 0, body: err, headers: new Map(), message: err };
    }
  }
  if (err instanceof Error && !('response' in err)) return { status: 0, body: undefined, headers: new Map(), message: err.message };
  const parsed = Rejection.safeParse(raw);
  if (!parsed.success) return { status: 0, body: raw, headers: new Map(), message: 'unrecognised xero-node failure' };
  const res = parsed.data.response;
  const status = res?.statusCode ?? res?.status ?? 0;
  return { status, body: res?.body ?? res?.data ?? parsed.data.body, headers: headerMap(res?.headers), message: parsed.data.message ?? (typeof parsed.data.body === 'string' ? parsed.data.body : '') };
}

export function toVendorError(err: unknown, operation: string): VendorError {
  if (err instanceof VendorError) return err;
  const f = parseRejection(err);
  const body = XeroErrorBody.safeParse(f.body);
  const b = body.success ? body.data : null;
  const problem = header(f.headers, 'x-rate-limit-problem');
  if (f.status === 429) {
    const retry = Number(header(f.headers, 'retry-after'));
    return new VendorError(`Xero ${operation}: rate limited (${problem ?? 'unknown'} limit)`, 'xero', 429, Number.isFinite(retry) && retry > 0 ? retry : null, problem ?? 'RateLimited');
  }
  if (f.status === 400 && b?.Elements) {
    const messages = b.Elements.flatMap((e) => (e.ValidationErrors ?? []).map((v) => v.Message));
    return new VendorError(`Xero ${operation}: ${messages.join('; ') || b.Message || 'validation failed'}`, 'xero', 400, null, b.Type ?? 'ValidationException');
  }
  if (f.status === 0) return new VendorError(`Xero ${operation}: network error: ${f.message}`, 'xero', 0, null, 'NETWORK');
  const detail = b?.Detail ?? b?.Message ?? (typeof f.body === 'string' ? f.body : f.message);
  const code = b?.Detail ?? b?.Type ?? (f.status === 404 ? 'NotFound' : null);
  return new VendorError(`Xero ${operation}: HTTP ${f.status}${detail ? `: ${detail}` : ''}`, 'xero', f.status, null, code);
}

/** Rate headers of a success or a failure, for the budget. */
export function rateHeaders(headers: HeaderMap): { minute: number | null; day: number | null } {
  const n = (name: string): number | null => {
    const v = header(headers, name);
    return v === null || v === '' || !Number.isFinite(Number(v)) ? null : Number(v);
  };
  return { minute: n('x-minlimit-remaining'), day: n('x-daylimit-remaining') };
}
