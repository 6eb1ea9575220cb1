import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { VendorError } from '../../connectors/types';
import { SandboxServer, type SandboxRequest, type SandboxResponse } from '../../sandboxes/framework/server';
import { squareTestConnector } from '../helpers/square-connector';

/** The Square SDK as configured by the connector, against a scripted server: headers, no hidden retries, error mapping. */

type Script = (req: SandboxRequest) => SandboxResponse;
let script: Script = () => ({ status: 200, body: {} });
const seen: SandboxRequest[] = [];
let followed = 0;
const server = new SandboxServer({ name: 'scripted-square' })
  .route('POST', '/v2/catalog/batch-retrieve', (req) => {
    seen.push(req);
    return script(req);
  })
  .route('POST', '/v2/elsewhere', () => {
    followed++;
    return { status: 200, body: { objects: [] } };
  });

function connector(baseUrl: string) {
  return squareTestConnector({ baseUrl, token: 'EAAAE_scripted', signatureKey: 'key', currency: 'USD' });
}

/** deleteProducts reads the items first (batch-retrieve), so it is the cheapest call to script. */
const call = (baseUrl = server.baseUrl) =>
  connector(baseUrl).catalog.deleteProducts([{ entity: 'product', canonicalId: 'prd_x', connector: 'pos', externalType: 'ITEM', externalId: 'ITEM1', externalVersion: '1' }]);

async function failure(p: Promise<unknown>): Promise<VendorError> {
  const err = await p.then(() => null, (e: unknown) => e);
  if (!(err instanceof VendorError)) throw new Error(`expected a VendorError, got ${String(err)}`);
  return err;
}

const squareError = (status: number, code: string, category: string, headers: Record<string, string> = {}): SandboxResponse => ({
  status,
  headers,
  body: { errors: [{ category, code, detail: `scripted ${code}` }] },
});

beforeAll(async () => {
  await server.listen();
});
afterAll(async () => {
  await server.close();
});

describe('Square SDK client as configured by the connector', () => {
  it('given a configured squareVersion, when a call is made, then it carries that Square-Version and the bearer token', async () => {
    script = () => ({ status: 503, body: { errors: [{ category: 'API_ERROR', code: 'SERVICE_UNAVAILABLE' }] } });
    await call().catch(() => undefined);
    expect(seen.at(-1)?.headers['square-version']).toBe('2025-10-16');
    expect(seen.at(-1)?.headers.authorization).toBe('Bearer EAAAE_scripted');
  });

  it('given a 503 with Retry-After, when mapped, then it is retryable VendorError 503 with that delay and the SDK did not retry', async () => {
    script = () => squareError(503, 'SERVICE_UNAVAILABLE', 'API_ERROR', { 'retry-after': '7' });
    const before = seen.length;
    const err = await failure(call());
    expect(err).toMatchObject({ status: 503, retryAfterSeconds: 7, code: 'SERVICE_UNAVAILABLE', retryable: true, vendor: 'square' });
    expect(seen.length - before).toBe(1);
  });

  it('given a 429 without Retry-After, when mapped, then it is retryable 429 leaving the delay to the retry policy', async () => {
    script = () => squareError(429, 'RATE_LIMITED', 'RATE_LIMIT_ERROR');
    const before = seen.length;
    expect(await failure(call())).toMatchObject({ status: 429, retryAfterSeconds: null, code: 'RATE_LIMITED', retryable: true });
    expect(seen.length - before).toBe(1);
  });

  it('given a 403, when mapped, then it is VendorError 403 and not retryable', async () => {
    script = () => squareError(403, 'INSUFFICIENT_SCOPES', 'AUTHENTICATION_ERROR');
    expect(await failure(call())).toMatchObject({ status: 403, code: 'INSUFFICIENT_SCOPES', retryable: false });
  });

  it('given a redirect, when a call is made, then it is not followed: VendorError 0, retryable, and the other address never asked', async () => {
    script = () => ({ status: 307, headers: { location: '/v2/elsewhere' }, body: {} });
    const err = await failure(call());
    expect(err).toMatchObject({ status: 0, retryable: true, vendor: 'square' });
    expect(followed).toBe(0);
  });

  it('given nothing listening, when a call is made, then it is VendorError 0 and retryable', async () => {
    const closed = new SandboxServer({ name: 'closed-square' });
    const url = await closed.listen();
    await closed.close();
    expect(await failure(call(url))).toMatchObject({ status: 0, retryable: true });
  });
});
