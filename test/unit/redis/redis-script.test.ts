import { Redis } from 'ioredis';
import { afterAll, beforeAll, describe, expect, test, vi } from 'vitest';
import { createRedisConnection, type RedisConnection } from '../../../src/redis/redis-connection.ts';
import { redisScript } from '../../../src/redis/redis-script.ts';
import { logLines, type RedisServer, startRedisServer } from '../../support/redis-server.ts';

// Appends ARGV[1] to the list KEYS[1] and returns its length.
const PUSH = "return redis.call('RPUSH', KEYS[1], ARGV[1])";

describe('scripts by SHA1 and coalesced writes, against a real redis-server', () => {
  let server: RedisServer;
  let admin: Redis;
  const connections: RedisConnection[] = [];
  const connection = async () => {
    const redis = createRedisConnection({ url: server.url, log: logLines() });
    connections.push(redis);
    await vi.waitFor(() => expect(redis.up()).toBe(true));
    return redis;
  };
  /** Calls of `command` Redis counted so far (INFO commandstats). */
  const calls = async (command: string): Promise<number> => {
    const text = String(await admin.call('INFO', 'commandstats'));
    return Number(new RegExp(`^cmdstat_${command}:calls=(\\d+)`, 'm').exec(text)?.[1] ?? 0);
  };

  beforeAll(async () => {
    server = await startRedisServer();
    admin = new Redis(server.url);
  });
  afterAll(async () => {
    admin.disconnect();
    for (const each of connections) await each.close();
    await server.stop();
  });

  test('the text goes with the first call on a connection; later calls send the SHA1 only', async () => {
    const push = redisScript(PUSH);
    const [first, second] = [await connection(), await connection()];
    const [evals, evalshas] = [await calls('eval'), await calls('evalsha')];
    expect(await push(first.client, ['script:a'], ['1'])).toBe(1);
    expect(await push(first.client, ['script:a'], ['2'])).toBe(2);
    expect(await push(first.client, ['script:a'], ['3'])).toBe(3);
    expect(await calls('eval')).toBe(evals + 1);
    expect(await calls('evalsha')).toBe(evalshas + 2);
    // Another connection (another replica, or after a reconnect) sends the text again before its SHA1.
    expect(await push(second.client, ['script:a'], ['4'])).toBe(4);
    expect(await calls('eval')).toBe(evals + 2);
    expect(await admin.lrange('script:a', 0, -1)).toEqual(['1', '2', '3', '4']);
  });

  test('after the script cache was flushed, one call fails (not retried out of order), the next sends the text', async () => {
    const push = redisScript(PUSH);
    const redis = await connection();
    expect(await push(redis.client, ['script:b'], ['1'])).toBe(1);
    await admin.script('FLUSH');
    // Sent in one turn: the refused script, then a plain command. A retry would have run after the RPUSH.
    const refused = push(redis.client, ['script:b'], ['2']);
    const after = redis.client.rpush('script:b', 'after');
    await expect(refused).rejects.toThrow(/NOSCRIPT/);
    expect(await after).toBe(2);
    expect(await push(redis.client, ['script:b'], ['3'])).toBe(3);
    expect(await admin.lrange('script:b', 0, -1)).toEqual(['1', 'after', '3']);
  });

  test("a turn's commands leave in one write, in the order they were sent", async () => {
    const redis = await connection();
    const push = redisScript(PUSH);
    const sent = [
      redis.client.rpush('coalesced', 'a'),
      push(redis.client, ['coalesced'], ['b']),
      redis.client.rpush('coalesced', 'c'),
    ];
    // Held until the turn's I/O callbacks ran, then written together.
    expect(redis.client.stream.writableCorked).toBe(1);
    expect(redis.client.stream.writableLength).toBeGreaterThan(0);
    expect(await Promise.all(sent)).toEqual([1, 2, 3]);
    expect(redis.client.stream.writableCorked).toBe(0);
    expect(await admin.lrange('coalesced', 0, -1)).toEqual(['a', 'b', 'c']);
  });
});
