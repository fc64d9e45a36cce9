import { afterAll, beforeAll, describe, expect, test, vi } from 'vitest';
import { createMergeRequirementCache } from '../../../src/app/create-merge-requirement-cache.ts';
import { createRedisConnection, type RedisConnection } from '../../../src/redis/redis-connection.ts';
import { createRedisMergeRequirementCache } from '../../../src/redis/redis-merge-requirement-cache.ts';
import { MERGE_REQUIREMENT_MAX_AGE_MS } from '../../../src/use-cases/read-merge-requirement.ts';
import { logLines, type RedisServer, startRedisServer } from '../../support/redis-server.ts';

const READ = {
  at: 1_700_000_000_000,
  facts: {
    rulesets: { read: true as const, value: [{ context: 'Change Gate', appId: 42 }] },
    protection: { read: false as const, reason: 'Resource not accessible by integration' },
  },
};

describe('branches’ merge requirements, shared by the replicas in a real redis-server', () => {
  let server: RedisServer;
  const connections: RedisConnection[] = [];
  let prefixes = 0;
  const replica = async (prefix: string) => {
    const redis = createRedisConnection({ url: server.url, log: logLines() });
    connections.push(redis);
    await vi.waitFor(() => expect(redis.up()).toBe(true));
    return {
      redis,
      cache: createRedisMergeRequirementCache({ redis, fallback: createMergeRequirementCache(), prefix }),
    };
  };

  beforeAll(async () => {
    server = await startRedisServer();
  });
  afterAll(async () => {
    for (const connection of connections) await connection.close();
    await server.stop();
  });

  test('what one replica read another finds (so both give the same warning); the key expires after a day', async () => {
    const prefix = `test${++prefixes}:`;
    const [a, b] = [await replica(prefix), await replica(prefix)];
    expect(await b.cache.get('acme/web@main')).toBeUndefined();
    await a.cache.set('acme/web@main', READ);
    expect(await b.cache.get('acme/web@main')).toEqual(READ);
    const ttl = await a.redis.client.pttl(`${prefix}acme/web@main`);
    expect(ttl).toBeGreaterThan(MERGE_REQUIREMENT_MAX_AGE_MS - 60_000);
    expect(ttl).toBeLessThanOrEqual(MERGE_REQUIREMENT_MAX_AGE_MS);
  });

  test('what Redis holds that cannot be read back whole counts as nothing read', async () => {
    const prefix = `test${++prefixes}:`;
    const { redis, cache } = await replica(prefix);
    await redis.client.set(`${prefix}a@main`, 'not json');
    await redis.client.set(
      `${prefix}b@main`,
      JSON.stringify({ at: 1, facts: { rulesets: { read: 'yes' } } }),
    );
    await redis.client.set(
      `${prefix}c@main`,
      JSON.stringify({
        ...READ,
        facts: { ...READ.facts, rulesets: { read: true, value: [{ context: 7 }] } },
      }),
    );
    for (const key of ['a@main', 'b@main', 'c@main']) expect(await cache.get(key)).toBeUndefined();
  });

  test('while Redis cannot be asked, this process’s own reads answer', async () => {
    const prefix = `test${++prefixes}:`;
    const fallback = createMergeRequirementCache();
    const down = { up: () => false, client: {} } as unknown as RedisConnection;
    const cache = createRedisMergeRequirementCache({ redis: down, fallback, prefix });
    await cache.set('acme/web@main', READ);
    expect(await cache.get('acme/web@main')).toEqual(READ);
    expect(await fallback.get('acme/web@main')).toEqual(READ);
  });
});
