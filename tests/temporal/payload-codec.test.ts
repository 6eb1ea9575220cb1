import { randomBytes } from 'node:crypto';
import { Client } from '@temporalio/client';
import { defaultPayloadConverter } from '@temporalio/common';
import type { TestWorkflowEnvironment } from '@temporalio/testing';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { AesGcmCodec } from '../../temporal/codec';
import { startTestTemporal } from '../helpers/temporal';

describe('payload codec', () => {
  const key = randomBytes(32);
  const codec = new AesGcmCodec(key);

  it('given a payload with customer data, when encoded and decoded, then it round-trips and the wire bytes hide the data', async () => {
    const payload = defaultPayloadConverter.toPayload({ email: 'ada@example.com', name: 'Ada Lovelace' });
    const [encoded] = await codec.encode([payload]);
    expect(Buffer.from(encoded!.data!).toString('latin1')).not.toContain('ada@example.com');
    expect(Buffer.from(encoded!.metadata!.encoding!).toString()).toBe('binary/encrypted');
    const [decoded] = await codec.decode([encoded!]);
    expect(defaultPayloadConverter.fromPayload(decoded!)).toEqual({ email: 'ada@example.com', name: 'Ada Lovelace' });
  });

  it('given a payload encrypted with another key, when decoded, then it fails loudly instead of returning garbage', async () => {
    const [encoded] = await codec.encode([defaultPayloadConverter.toPayload('secret')]);
    await expect(new AesGcmCodec(randomBytes(32)).decode([encoded!])).rejects.toThrow(/encrypted with key/);
  });

  it('given a tampered payload, when decoded, then authentication fails', async () => {
    const [encoded] = await codec.encode([defaultPayloadConverter.toPayload('secret')]);
    const data = Buffer.from(encoded!.data!);
    data[20] = (data[20] ?? 0) ^ 0xff;
    await expect(codec.decode([{ ...encoded!, data }])).rejects.toThrow();
  });

  describe('on a real Temporal server', () => {
    let env: TestWorkflowEnvironment;
    beforeAll(async () => {
      env = await startTestTemporal();
    });
    afterAll(async () => {
      await env?.teardown();
    });

    it('given a client with the codec, when it starts a workflow with customer data, then the server stores only ciphertext', async () => {
      const client = new Client({ connection: env.connection, namespace: 'default', dataConverter: { payloadCodecs: [codec] } });
      const handle = await client.workflow.start('productSync', {
        taskQueue: 'codec-test-no-worker',
        workflowId: `codec-${Date.now()}`,
        args: [{ flowId: 'catalog', externalId: 'gid://shopify/Product/1', email: 'ada@example.com' }],
      });
      // Read the history with a client that has NO codec: what the server (and the Web UI) sees.
      const raw = new Client({ connection: env.connection, namespace: 'default' });
      const history = await raw.workflow.getHandle(handle.workflowId).fetchHistory();
      const started = history.events?.[0]?.workflowExecutionStartedEventAttributes;
      const input = started?.input?.payloads?.[0];
      expect(Buffer.from(input!.metadata!.encoding!).toString()).toBe('binary/encrypted');
      expect(Buffer.from(input!.data!).toString('latin1')).not.toContain('ada@example.com');
      // ... and a client with the codec reads it back.
      const [decoded] = await codec.decode([input!]);
      expect(defaultPayloadConverter.fromPayload<{ email: string }>(decoded!).email).toBe('ada@example.com');
      await handle.terminate('test done');
    });
  });
});
