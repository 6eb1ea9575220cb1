import { MockActivityEnvironment } from '@temporalio/testing';
import { describe, expect, it } from 'vitest';
import { withKeepAlive } from '../../activities/keep-alive';

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
});
