import { afterAll, beforeAll, describe, expect, test, vi } from 'vitest';
import { createWaitingRuns } from '../../../src/app/create-waiting-runs.ts';
import { createRedisConnection, type RedisConnection } from '../../../src/redis/redis-connection.ts';
import { createRedisWaitingRuns } from '../../../src/redis/redis-waiting-runs.ts';
import { WAITING_RUN_TTL_MS } from '../../../src/use-cases/waiting-runs.ts';
import { logLines, type RedisServer, startRedisServer } from '../../support/redis-server.ts';

const run = (runId: number, at = Date.now()) => ({
  runId,
  environment: 'Production',
  sha: 'd'.repeat(40),
  branch: 'main',
  deploymentId: runId + 1000,
  at,
});

describe('the runs left waiting, shared by the replicas in a real redis-server', () => {
  let server: RedisServer;
  const connections: RedisConnection[] = [];
  let prefixes = 0;
  const replica = async (prefix: string) => {
    const redis = createRedisConnection({ url: server.url, log: logLines() });
    connections.push(redis);
    await vi.waitFor(() => expect(redis.up()).toBe(true));
    return { redis, runs: createRedisWaitingRuns({ redis, fallback: createWaitingRuns(), prefix }) };
  };

  beforeAll(async () => {
    server = await startRedisServer();
  });
  afterAll(async () => {
    for (const connection of connections) await connection.close();
    await server.stop();
  });

  test('a run one replica left waiting is known to another, until it is removed; the key expires', async () => {
    const prefix = `test${++prefixes}:`;
    const [a, b] = [await replica(prefix), await replica(prefix)];
    await a.runs.add('acme/shop', run(1));
    await a.runs.add('acme/shop', run(2));
    await a.runs.add('acme/web', run(3));
    expect((await b.runs.list('acme/shop')).map((known) => known.runId)).toEqual([1, 2]);
    expect(await b.runs.list('acme/shop')).toContainEqual(run(1, expect.any(Number)));
    // The same run and environment, in any case, is one entry.
    await b.runs.remove('acme/shop', { runId: 1, environment: 'production' });
    expect((await a.runs.list('acme/shop')).map((known) => known.runId)).toEqual([2]);
    const ttl = await a.redis.client.pttl(`${prefix}acme/shop`);
    expect(ttl).toBeGreaterThan(WAITING_RUN_TTL_MS - 60_000);
    expect(ttl).toBeLessThanOrEqual(WAITING_RUN_TTL_MS);
  });

  test('what Redis holds that cannot be read back whole, or that waited past GitHub’s 30 days, is skipped', async () => {
    const prefix = `test${++prefixes}:`;
    const { redis, runs } = await replica(prefix);
    await runs.add('acme/shop', run(5));
    await redis.client.hset(`${prefix}acme/shop`, {
      'x:production': 'not json',
      'y:production': JSON.stringify({ ...run(6), runId: 'six' }),
      '7:production': JSON.stringify(run(7, Date.now() - WAITING_RUN_TTL_MS - 1)),
    });
    expect((await runs.list('acme/shop')).map((known) => known.runId)).toEqual([5]);
  });

  test('while Redis cannot be asked, this process’s own memory answers', async () => {
    const prefix = `test${++prefixes}:`;
    const { redis, runs } = await replica(prefix);
    await runs.add('acme/shop', run(8));
    await redis.close();
    await vi.waitFor(() => expect(redis.up()).toBe(false));
    await runs.add('acme/shop', run(9));
    expect((await runs.list('acme/shop')).map((known) => known.runId)).toEqual([8, 9]);
  });
});

describe("one process's memory of the runs left waiting", () => {
  test('bounded per repository and in repositories, the oldest going first; 30 days at most', async () => {
    let now = 1_000_000;
    const runs = createWaitingRuns({ perRepository: 2, repositories: 2, now: () => now });
    for (const runId of [1, 2, 3]) await runs.add('acme/shop', run(runId, now));
    expect((await runs.list('acme/shop')).map((known) => known.runId)).toEqual([2, 3]);
    await runs.add('acme/web', run(4, now));
    await runs.add('acme/api', run(5, now));
    expect(await runs.list('acme/shop')).toEqual([]);
    now += WAITING_RUN_TTL_MS + 1;
    expect(await runs.list('acme/api')).toEqual([]);
  });
});
