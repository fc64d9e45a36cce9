import { describe, expect, it } from 'vitest';
import { concurrencyGroup, immediateRetryLimiter } from '../../action/src/throttle-limiters.ts';

/** A promise and its resolve, to hold a job until the test lets it finish. */
const held = () => {
  let release = () => {};
  const promise = new Promise<void>((resolve) => {
    release = resolve;
  });
  return { promise, release };
};

const settle = () => new Promise<void>((resolve) => setImmediate(resolve));

describe('immediateRetryLimiter', () => {
  it('runs the job with its arguments and returns its result', async () => {
    const limiter = immediateRetryLimiter({ sleep: async () => {} });
    expect(await limiter.schedule(async (a, b) => `${a}-${b}`, 'x', 'y')).toBe('x-y');
  });

  it('runs a failed job again after the wait a failed handler returns, as Bottleneck does', async () => {
    const waits: number[] = [];
    const limiter = immediateRetryLimiter({ sleep: async (ms) => void waits.push(ms) });
    const seen: Array<{ retryCount: number; args: unknown[] }> = [];
    limiter.on('failed', (_error, info) => {
      seen.push(info);
      return info.retryCount < 2 ? 250.7 : undefined;
    });
    let tries = 0;
    const failure = await limiter
      .schedule(async (name) => {
        tries++;
        throw new Error(`${String(name)} failed`);
      }, 'job')
      .catch((error: Error) => error);
    expect(tries).toBe(3);
    expect(waits).toEqual([250, 250]);
    expect(seen.map((info) => info.retryCount)).toEqual([0, 1, 2]);
    expect(seen[0]?.args).toEqual(['job']);
    expect((failure as Error).message).toBe('job failed');
  });

  it('retries at once for a wait of 0 and stops when the job succeeds', async () => {
    const waits: number[] = [];
    const limiter = immediateRetryLimiter({ sleep: async (ms) => void waits.push(ms) });
    limiter.on('failed', () => 0);
    let tries = 0;
    const result = await limiter.schedule(async () => {
      tries++;
      if (tries < 3) throw new Error('not yet');
      return 'done';
    });
    expect(result).toBe('done');
    expect(tries).toBe(3);
    expect(waits).toEqual([]);
  });

  it('rejects with the job’s error when no handler answers, or a handler throws', async () => {
    const limiter = immediateRetryLimiter({ sleep: async () => {} });
    limiter.on('failed', () => {
      throw new Error('handler broke');
    });
    limiter.on('retry', () => 0);
    let tries = 0;
    const failure = await limiter
      .schedule(async () => {
        tries++;
        throw new Error('the job’s error');
      })
      .catch((error: Error) => error);
    expect(tries).toBe(1);
    expect((failure as Error).message).toBe('the job’s error');
  });
});

describe('concurrencyGroup', () => {
  it('runs at most maxConcurrent jobs of a key at once, the others in order, other keys apart', async () => {
    const group = concurrencyGroup(2);
    const holds = [held(), held(), held(), held()];
    const started: number[] = [];
    const done = holds.map((hold, index) =>
      group.key('acme').schedule({}, async () => {
        started.push(index);
        await hold.promise;
        return index;
      }),
    );
    const other = group.key('other').schedule({}, async () => 'other');
    await settle();
    expect(started).toEqual([0, 1]);
    expect(await other).toBe('other');
    holds[1]?.release();
    await settle();
    expect(started).toEqual([0, 1, 2]);
    holds[0]?.release();
    holds[2]?.release();
    await settle();
    expect(started).toEqual([0, 1, 2, 3]);
    holds[3]?.release();
    expect(await Promise.all(done)).toEqual([0, 1, 2, 3]);
  });

  it('gives the place back when a job fails', async () => {
    const group = concurrencyGroup(1);
    const failed = group.key('acme').schedule({}, async () => {
      throw new Error('boom');
    });
    await expect(failed).rejects.toThrow('boom');
    expect(await group.key('acme').schedule({}, async (value) => value, 'next')).toBe('next');
  });
});
