import { MockActivityEnvironment } from '@temporalio/testing';
import { describe, expect, it } from 'vitest';
import type { PageResult } from '../../activities/catalog';
import { pipelinePages } from '../../activities/catalog-pages';

/**
 * The backfill's page pipeline: reads chained ahead, several page writes in
 * flight, and checkpoints strictly in page order — a crash may repeat a
 * written page, never skip an unwritten one.
 */
interface FakePage {
  n: number;
  nextCursor: string | null;
}

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

/** A source of `count` pages; page n's cursor is `c<n>` and the last one's next cursor is null. */
function source(count: number) {
  const reads: (string | null)[] = [];
  return {
    reads,
    read: async (cursor: string | null): Promise<FakePage> => {
      reads.push(cursor);
      const n = cursor === null ? 1 : Number(cursor.slice(1)) + 1;
      await sleep(1);
      return { n, nextCursor: n < count ? `c${n}` : null };
    },
  };
}

const result = (p: FakePage): PageResult => ({ read: 10, written: p.n, unchanged: 10 - p.n, quarantined: 0, nextCursor: p.nextCursor });

describe('catalog page pipeline', () => {
  it('given writes that finish out of order, when the pages run, then every page is written once and cursors are committed and heartbeated in page order', async () => {
    const env = new MockActivityEnvironment();
    const beats: (string | null)[] = [];
    env.on('heartbeat', (d: { cursor: string | null }) => beats.push(d.cursor));
    const src = source(6);
    const written: number[] = [];
    const commits: (string | null)[] = [];
    // Odd pages are slow, so each even page finishes before the odd page before it.
    const write = async (p: FakePage) => {
      await sleep(p.n % 2 ? 30 : 1);
      written.push(p.n);
      return result(p);
    };
    const totals = await env.run(pipelinePages<FakePage>, { flowId: 'f', cursor: null }, src.read, write, async (c: string | null) => void commits.push(c));
    expect(written.slice().sort()).toEqual([1, 2, 3, 4, 5, 6]);
    expect(written).not.toEqual([1, 2, 3, 4, 5, 6]); // they really did finish out of order
    expect(commits).toEqual(['c1', 'c2', 'c3', 'c4', 'c5', null]);
    expect(beats).toEqual(commits);
    expect(totals).toMatchObject({ pages: 6, read: 60, written: 21, unchanged: 39, nextCursor: null });
    expect(src.reads).toEqual([null, 'c1', 'c2', 'c3', 'c4', 'c5']);
  });

  it('given page 2 fails while page 3 is written, when the attempt fails, then only page 1 is committed and no write is left running', async () => {
    const env = new MockActivityEnvironment();
    const src = source(5);
    const commits: (string | null)[] = [];
    let running = 0;
    const write = async (p: FakePage) => {
      running++;
      try {
        await sleep(p.n === 2 ? 5 : 20);
        if (p.n === 2) throw new Error('Square refused page 2');
        return result(p);
      } finally {
        running--;
      }
    };
    await expect(env.run(pipelinePages<FakePage>, { flowId: 'f', cursor: null }, src.read, write, async (c: string | null) => void commits.push(c))).rejects.toThrow('Square refused page 2');
    expect(commits).toEqual(['c1']);
    expect(running).toBe(0);
  });

  it('given a page limit, when the pages run, then no page past it is read or written and the result says where to go on', async () => {
    const env = new MockActivityEnvironment();
    const src = source(10);
    const written: number[] = [];
    const totals = await env.run(
      pipelinePages<FakePage>,
      { flowId: 'f', cursor: null, maxPages: 3 },
      src.read,
      async (p: FakePage) => (written.push(p.n), result(p)),
      async () => undefined,
    );
    expect(written.sort()).toEqual([1, 2, 3]);
    expect(src.reads).toEqual([null, 'c1', 'c2']);
    expect(totals).toMatchObject({ pages: 3, nextCursor: 'c3' });
  });

  it('given a retried attempt whose last heartbeat was after page 2, when it runs, then it reads on from page 3 and keeps the counts so far', async () => {
    const env = new MockActivityEnvironment({ heartbeatDetails: { cursor: 'c2', totals: { pages: 2, read: 20, written: 3, unchanged: 17, quarantined: 0, nextCursor: 'c2' } } });
    const src = source(4);
    const totals = await env.run(pipelinePages<FakePage>, { flowId: 'f', cursor: null }, src.read, async (p: FakePage) => result(p), async () => undefined);
    expect(src.reads).toEqual(['c2', 'c3']);
    expect(totals).toMatchObject({ pages: 4, read: 40, written: 10, nextCursor: null });
  });
});
