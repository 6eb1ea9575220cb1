import { afterEach, describe, expect, it } from 'vitest';
import { SandboxServer } from '../../sandboxes/framework/server';
import { WebhookEmitter } from '../../sandboxes/framework/webhooks';
import http from 'node:http';

// Fault injection shared by every vendor sandbox: what a client sees when the vendor misbehaves.
let server: SandboxServer;
let writes = 0;
afterEach(async () => {
  await server?.close();
  writes = 0;
});

async function start(faults: ConstructorParameters<typeof SandboxServer>[0]['faults']): Promise<string> {
  server = new SandboxServer({ name: 'faulty', faults, random: () => 0 });
  server.route('POST', '/v1/things', () => {
    writes++;
    return { status: 200, body: { id: `thing_${writes}`, name: 'a thing with a reasonably long name' } };
  });
  return server.listen();
}

describe('sandbox fault injection', () => {
  it('given a 5xx share of 1, when called, then the vendor error comes back and nothing is written', async () => {
    const url = await start({ error5xxRate: 1 });
    const res = await fetch(`${url}/v1/things`, { method: 'POST' });
    expect(res.status).toBe(500);
    expect(writes).toBe(0);
  });

  it('given a 429 share of 1, when called, then 429 with Retry-After comes back', async () => {
    const url = await start({ rate429: 1 });
    const res = await fetch(`${url}/v1/things`, { method: 'POST' });
    expect(res.status).toBe(429);
    expect(res.headers.get('retry-after')).toBe('1');
  });

  it('given a malformed share of 1, when called, then the write happened but the body does not parse', async () => {
    const url = await start({ malformedRate: 1 });
    const res = await fetch(`${url}/v1/things`, { method: 'POST' });
    expect(res.status).toBe(200);
    await expect(res.json()).rejects.toThrow();
    expect(writes).toBe(1);
  });

  it('given a timeout share of 1, when called, then the write happened but the client gets no answer', async () => {
    const url = await start({ timeoutRate: 1, timeoutMs: 200 });
    await expect(fetch(`${url}/v1/things`, { method: 'POST', signal: AbortSignal.timeout(2000) })).rejects.toThrow();
    expect(writes).toBe(1);
  });

  it('given a response delay on one path, when called, then the write is done before its answer comes; other paths answer meanwhile', async () => {
    const url = await start({ responseDelayMs: 1000, responseDelayPath: '/v1/things' });
    server.route('GET', '/v1/health', () => ({ status: 200, body: { ok: true } }));
    const t0 = Date.now();
    let answeredAt = 0;
    const answered = fetch(`${url}/v1/things`, { method: 'POST' }).then((r) => ((answeredAt = Date.now()), r));
    while (writes === 0) await new Promise((r) => setTimeout(r, 10));
    // The vendor has done the work (its webhooks could be on their way); another path answers while the write's answer waits.
    expect((await fetch(`${url}/v1/health`)).status).toBe(200);
    expect(answeredAt).toBe(0);
    expect((await answered).status).toBe(200);
    expect(answeredAt - t0).toBeGreaterThanOrEqual(990);
  });

  it('given loseAnswer picks the first request with a given body, when two are sent, then both writes happen, the first gets no answer and the second its own', async () => {
    let picked = 0;
    const url = await start({ loseAnswer: (r) => JSON.stringify(r.json).includes('lose me') && ++picked === 1 });
    const send = (name: string) => fetch(`${url}/v1/things`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ name }) });
    await expect(send('lose me')).rejects.toThrow();
    expect(writes).toBe(1);
    const again = await send('lose me');
    expect(again.status).toBe(200);
    expect(await again.json()).toMatchObject({ id: 'thing_2' });
    expect(picked).toBe(2);
  });
});

describe('webhook delivery faults', () => {
  it('given duplicate and reorder knobs, when events are emitted, then each arrives at least once, some twice, and not in order', async () => {
    const received: string[] = [];
    const receiver = http.createServer((req, res) => {
      let body = '';
      req.on('data', (c: Buffer) => (body += c.toString()));
      req.on('end', () => {
        received.push(body);
        res.end();
      });
    });
    await new Promise<void>((r) => receiver.listen(0, '127.0.0.1', () => r()));
    const port = (receiver.address() as { port: number }).port;
    let i = 0;
    const sequence = [0.1, 0.9, 0.1, 0.2, 0.1, 0.05, 0.1, 0.7];
    const emitter = new WebhookEmitter({ retryScheduleSeconds: [1], timeScale: 0.001, duplicateRate: 0.5, reorderJitterMs: 50, random: () => sequence[i++ % sequence.length]! });
    for (let n = 1; n <= 4; n++) emitter.send({ url: `http://127.0.0.1:${port}/hook`, headers: { 'content-type': 'text/plain' }, body: `event-${n}` });
    await emitter.drain();
    receiver.close();
    expect(new Set(received)).toEqual(new Set(['event-1', 'event-2', 'event-3', 'event-4']));
    expect(received.length).toBeGreaterThan(4);
    expect(received).not.toEqual([...received].sort());
  });

  it('given a drop share of 1, when an event is emitted, then it never arrives (reconciliation must catch it)', async () => {
    let hits = 0;
    const receiver = http.createServer((_req, res) => {
      hits++;
      res.end();
    });
    await new Promise<void>((r) => receiver.listen(0, '127.0.0.1', () => r()));
    const port = (receiver.address() as { port: number }).port;
    const emitter = new WebhookEmitter({ retryScheduleSeconds: [], dropRate: 1, random: () => 0 });
    emitter.send({ url: `http://127.0.0.1:${port}/hook`, headers: {}, body: 'lost' });
    await emitter.drain();
    receiver.close();
    expect(hits).toBe(0);
  });
});
