import { afterAll, beforeAll, describe, expect, test, vi } from 'vitest';
import { freePort } from '../../../sandbox/harness/free-port.ts';
import { createMemoryRateLimiter, type RateLimit } from '../../../src/api/http/rate-limiter.ts';
import { createRedisConnection, type RedisConnection } from '../../../src/redis/redis-connection.ts';
import { createRedisRateLimiter } from '../../../src/redis/redis-rate-limiter.ts';
import { logLines, type RedisServer, startRedisServer } from '../../support/redis-server.ts';

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

const MINUTE: RateLimit = { requests: 3, windowMs: 60_000 };

describe('the REST API rate limit on a real redis-server', () => {
  let server: RedisServer;
  const connections: RedisConnection[] = [];
  let prefixes = 0;
  const freshPrefix = () => `test-rate${++prefixes}:`;
  /** A replica's limiter on its own connection, once Redis answers. */
  const replica = async (limit: RateLimit, prefix: string) => {
    const log = logLines();
    const redis = createRedisConnection({ url: server.url, log, timeoutMs: 300 });
    connections.push(redis);
    await vi.waitFor(() => expect(redis.up()).toBe(true));
    return {
      redis,
      log,
      limiter: createRedisRateLimiter({ redis, limit, fallback: createMemoryRateLimiter(limit), prefix }),
    };
  };

  beforeAll(async () => {
    server = await startRedisServer();
  });
  afterAll(async () => {
    for (const connection of connections) await connection.close();
    await server.stop();
  });

  test('two replicas share one budget per caller: the second is refused once the first used it up', async () => {
    const prefix = freshPrefix();
    const [one, two] = await Promise.all([replica(MINUTE, prefix), replica(MINUTE, prefix)]);
    if (!one || !two) throw new Error('no replicas');
    const now = Date.now();
    const first = [];
    for (let index = 0; index < 3; index++) first.push(await one.limiter.take('user:alice', now));
    expect(first.map((decision) => [decision.allowed, decision.remaining])).toEqual([
      [true, 2],
      [true, 1],
      [true, 0],
    ]);
    const refused = await two.limiter.take('user:alice', now);
    expect(refused.allowed).toBe(false);
    expect(refused.remaining).toBe(0);
    // Retry-After: the rest of the minute that began with alice's first request, in whole seconds.
    expect(refused.retryAfterSeconds).toBeGreaterThanOrEqual(1);
    expect(refused.retryAfterSeconds).toBeLessThanOrEqual(60);
    // Another caller has a budget of its own, on either replica.
    expect((await two.limiter.take('oidc:acme/web', now)).allowed).toBe(true);
    // The count lives in Redis under the documented prefix, with the window as its expiry.
    expect(await one.redis.client.get(`${prefix}user:alice`)).toBe('4');
    const ttl = await one.redis.client.pttl(`${prefix}user:alice`);
    expect(ttl).toBeGreaterThan(0);
    expect(ttl).toBeLessThanOrEqual(60_000);
  });

  test('concurrent requests on two replicas never let more than the budget through', async () => {
    const prefix = freshPrefix();
    const limit = { requests: 10, windowMs: 60_000 };
    const replicas = await Promise.all([replica(limit, prefix), replica(limit, prefix)]);
    const decisions = await Promise.all(
      Array.from({ length: 30 }, (_, index) => replicas[index % 2]?.limiter.take('user:bob', Date.now())),
    );
    expect(decisions.filter((decision) => decision?.allowed)).toHaveLength(10);
  });

  test('the window resets: once it has passed, the caller is allowed again', async () => {
    const prefix = freshPrefix();
    const limit = { requests: 2, windowMs: 300 };
    const [one, two] = await Promise.all([replica(limit, prefix), replica(limit, prefix)]);
    if (!one || !two) throw new Error('no replicas');
    expect((await one.limiter.take('user:carol', Date.now())).allowed).toBe(true);
    expect((await two.limiter.take('user:carol', Date.now())).allowed).toBe(true);
    const refused = await one.limiter.take('user:carol', Date.now());
    expect(refused).toEqual({ allowed: false, remaining: 0, retryAfterSeconds: 1 });
    // Refused requests do not lengthen the window: the key still expires with the first request's window.
    expect(await one.redis.client.pttl(`${prefix}user:carol`)).toBeLessThanOrEqual(300);
    await sleep(400);
    const again = await two.limiter.take('user:carol', Date.now());
    expect(again).toMatchObject({ allowed: true, remaining: 1 });
  });

  test('a count left without an expiry gets one (never a caller locked out for good)', async () => {
    const prefix = freshPrefix();
    const { redis, limiter } = await replica(MINUTE, prefix);
    await redis.client.set(`${prefix}user:dave`, '99');
    const decision = await limiter.take('user:dave', Date.now());
    expect(decision).toEqual({ allowed: false, remaining: 0, retryAfterSeconds: 60 });
    expect(await redis.client.pttl(`${prefix}user:dave`)).toBeGreaterThan(0);
  });

  test('with Redis unreachable from the start, this process counts on its own and still answers', async () => {
    const port = await freePort();
    const log = logLines();
    const redis = createRedisConnection({ url: `redis://127.0.0.1:${port}`, log, timeoutMs: 200 });
    connections.push(redis);
    await vi.waitFor(() => expect(log.lines.some((line) => line.includes('unreachable'))).toBe(true));
    const limiter = createRedisRateLimiter({
      redis,
      limit: MINUTE,
      fallback: createMemoryRateLimiter(MINUTE),
    });
    const now = Date.now();
    const decisions = [];
    for (let index = 0; index < 4; index++) decisions.push(await limiter.take('user:erin', now));
    expect(decisions.map((decision) => decision.allowed)).toEqual([true, true, true, false]);
    expect(decisions[3]?.retryAfterSeconds).toBe(60);
    expect(log.lines.filter((line) => line.includes('unreachable'))).toHaveLength(1);
    expect(log.lines.join('\n')).toContain('REST API rate limit');
  });

  test('Redis goes down and comes back: memory answers meanwhile, then the shared count again', async () => {
    const prefix = freshPrefix();
    const { redis, log, limiter } = await replica(MINUTE, prefix);
    expect((await limiter.take('user:frank', Date.now())).allowed).toBe(true);
    await server.kill();
    await vi.waitFor(() => expect(redis.up()).toBe(false));
    // Down: this process's own window decides (a fresh budget here), nobody is refused for want of Redis.
    const now = Date.now();
    const meanwhile = [];
    for (let index = 0; index < 4; index++) meanwhile.push(await limiter.take('user:frank', now));
    expect(meanwhile.map((decision) => decision.allowed)).toEqual([true, true, true, false]);
    await server.restart();
    await vi.waitFor(() => expect(redis.up()).toBe(true), { timeout: 10_000 });
    // Back (empty, nothing was saved): the count is in Redis again.
    expect(await limiter.take('user:frank', Date.now())).toMatchObject({ allowed: true, remaining: 2 });
    expect(await redis.client.get(`${prefix}user:frank`)).toBe('1');
    const transitions = log.lines.filter((line) => /reachable/.test(line));
    expect(transitions.map((line) => (line.includes('unreachable') ? 'down' : 'up'))).toEqual([
      'up',
      'down',
      'up',
    ]);
  });

  test('a command that fails while the connection looks up falls back instead of throwing', async () => {
    const prefix = freshPrefix();
    const { redis } = await replica(MINUTE, prefix);
    const failing: RedisConnection = {
      ...redis,
      client: {
        eval: () => Promise.reject(new Error('Command timed out')),
      } as unknown as RedisConnection['client'],
      up: () => true,
    };
    const limiter = createRedisRateLimiter({
      redis: failing,
      limit: MINUTE,
      fallback: createMemoryRateLimiter(MINUTE),
    });
    const decision = await limiter.take('user:gina', Date.now());
    expect(decision).toEqual({ allowed: true, remaining: 2, retryAfterSeconds: 60 });
    // An answer Redis should not give is not trusted either.
    const odd: RedisConnection = {
      ...redis,
      client: { eval: () => Promise.resolve('OK') } as unknown as RedisConnection['client'],
      up: () => true,
    };
    const oddLimiter = createRedisRateLimiter({
      redis: odd,
      limit: MINUTE,
      fallback: createMemoryRateLimiter(MINUTE),
    });
    expect(await oddLimiter.take('user:gina', Date.now())).toEqual({
      allowed: true,
      remaining: 2,
      retryAfterSeconds: 60,
    });
  });
});
