import { createRequire } from 'node:module';
import { createMailchimpSandbox, type MailchimpSandbox, type MailchimpSandboxOptions } from '../../sandboxes/mailchimp/index';

/** Test harness: a started sandbox plus an isolated official-SDK client pointed at it. */

export const API_KEY = '0123456789abcdef0123456789abcdef-us21';

type SdkMethod = (...args: unknown[]) => Promise<unknown>;
export interface LooseSdk {
  basePath: string;
  setConfig(c: { apiKey?: string; accessToken?: string; server?: string }): void;
  [api: string]: unknown;
}

const require = createRequire(import.meta.url);
const ApiClient = require('@mailchimp/mailchimp_marketing/src/ApiClient') as new () => LooseSdk;

export function sdkClient(baseUrl: string, apiKey = API_KEY): LooseSdk {
  const c = new ApiClient();
  c.basePath = `${baseUrl}/3.0`;
  c.setConfig({ apiKey });
  return c;
}

/** Calls `client[api][method](...args)` and casts the result to what the test expects. */
export async function sdk<T>(client: LooseSdk, api: string, method: string, ...args: unknown[]): Promise<T> {
  const group = client[api] as { [m: string]: SdkMethod };
  const fn = group[method];
  if (!fn) throw new Error(`SDK has no ${api}.${method}`);
  return (await fn.apply(group, args)) as T;
}

/** The SDK's rejection (superagent error): status and parsed problem body. */
export async function sdkError(p: Promise<unknown>): Promise<{ status: number; body: { [k: string]: unknown } }> {
  try {
    await p;
  } catch (err) {
    const e = err as { status?: number; response?: { body?: { [k: string]: unknown } } };
    return { status: e.status ?? 0, body: e.response?.body ?? {} };
  }
  throw new Error('expected the call to fail');
}

export async function startSandbox(opts: Partial<MailchimpSandboxOptions> = {}): Promise<{ sb: MailchimpSandbox; base: string; mc: LooseSdk; listId: string }> {
  const sb = createMailchimpSandbox({ apiKey: API_KEY, ...opts });
  const base = await sb.start();
  const listId = sb.lists()[0]?.id ?? '';
  return { sb, base, mc: sdkClient(base), listId };
}

export async function until(pred: () => boolean | Promise<boolean>, what: string, timeoutMs = 10_000): Promise<void> {
  const end = Date.now() + timeoutMs;
  while (!(await pred())) {
    if (Date.now() > end) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 10));
  }
}
