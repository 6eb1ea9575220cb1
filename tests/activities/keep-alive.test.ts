import { MockActivityEnvironment } from '@temporalio/testing';
import { describe, expect, it } from 'vitest';
import { heartbeatWith, keptAlive, withKeepAlive } from '../../activities/keep-alive';

describe('withKeepAlive', () => {
  it('given a call waiting longer than several heartbeat periods, when it runs in an activity, then heartbeats keep coming until it ends and stop after', async () => {
    const env = new MockActivityEnvironment();
    const beats: number[] = [];
    env.on('heartbeat', () => beats.push(Date.now()));
    const result = await env.run(() => withKeepAlive(() => new Promise<string>((r) => setTimeout(() => r('done'), 600)), 50));
    const ended = Date.now();
    expect(result).toBe('done');
    expect(beats.length).toBeGreaterThanOrEqual(3);
    await new Promise((r) => setTimeout(r, 200));
    expect(beats.every((b) => b <= ended)).toBe(true);
  });

  it('given a call that fails, when it runs, then the error comes through and the heartbeats stop', async () => {
    const env = new MockActivityEnvironment();
    let beats = 0;
    env.on('heartbeat', () => beats++);
    await expect(env.run(() => withKeepAlive(() => new Promise((_, reject) => setTimeout(() => reject(new Error('vendor down')), 120)), 30))).rejects.toThrow('vendor down');
    const after = beats;
    await new Promise((r) => setTimeout(r, 150));
    expect(beats).toBe(after);
  });

  it('given an activity resuming from heartbeat details, when the timer beats before and after its own heartbeat, then each beat carries the latest details, never none', async () => {
    const env = new MockActivityEnvironment({ heartbeatDetails: { cursor: 'c7' } });
    const beats: unknown[] = [];
    env.on('heartbeat', (d: unknown) => beats.push(d));
    await env.run(() =>
      withKeepAlive(async () => {
        await new Promise((r) => setTimeout(r, 200));
        heartbeatWith({ cursor: 'c8' });
        await new Promise((r) => setTimeout(r, 200));
      }, 40),
    );
    const own = beats.findIndex((d) => (d as { cursor?: string }).cursor === 'c8');
    expect(own).toBeGreaterThan(0);
    expect(beats.slice(0, own).every((d) => (d as { cursor?: string }).cursor === 'c7')).toBe(true);
    expect(beats.slice(own).every((d) => (d as { cursor?: string }).cursor === 'c8')).toBe(true);
    expect(beats.length - own).toBeGreaterThan(1);
  });

  it('given a set of activities, when kept alive, then each still returns its result and heartbeats while it waits', async () => {
    const acts = keptAlive({ slow: async (n: number) => new Promise<number>((r) => setTimeout(() => r(n * 2), 150)), sync: (s: string) => s.toUpperCase() }, 30);
    const env = new MockActivityEnvironment();
    let beats = 0;
    env.on('heartbeat', () => beats++);
    expect(await env.run(() => acts.slow(21))).toBe(42);
    expect(await env.run(() => acts.sync('ok'))).toBe('OK');
    expect(beats).toBeGreaterThan(0);
  });
});
