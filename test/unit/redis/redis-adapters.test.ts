import { afterAll, beforeAll, describe, expect, test, vi } from 'vitest';
import { freePort } from '../../../sandbox/harness/free-port.ts';
import { createKeyedLock } from '../../../src/app/create-keyed-lock.ts';
import { createMemorySentDeliveries } from '../../../src/app/create-memory-sent-deliveries.ts';
import { createLocalSpacing } from '../../../src/ops/request-spacing.ts';
import { compareAndDelete } from '../../../src/redis/compare-and-delete.ts';
import { createRedisConnection, type RedisConnection } from '../../../src/redis/redis-connection.ts';
import { createRedisDeliveryClaims } from '../../../src/redis/redis-delivery-claims.ts';
import { createRedisKeyedLock, LockTimeoutError } from '../../../src/redis/redis-keyed-lock.ts';
import { createRedisRequestSpacing } from '../../../src/redis/redis-request-spacing.ts';
import { createRedisRoundLease } from '../../../src/redis/redis-round-lease.ts';
import { createRedisSentDeliveries } from '../../../src/redis/redis-sent-deliveries.ts';
import type { KeyedLock, LockHold } from '../../../src/use-cases/keyed-lock.ts';
import { logLines, type RedisServer, startRedisServer } from '../../support/redis-server.ts';

/** Runs `work` under the lock's key `k` and gives its hold as it stands once `run` has returned (released). */
const holdAfter = async (lock: KeyedLock, work: () => Promise<unknown> = async () => undefined) => {
  let hold: LockHold | undefined;
  await lock.run('k', async (held) => {
    hold = held;
    await work();
  });
  return hold;
};

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

describe('the Redis adapters against a real redis-server', () => {
  let server: RedisServer;
  const connections: RedisConnection[] = [];
  let prefixes = 0;
  /** A replica's connection, ready; and a key prefix no other test uses. */
  const replica = async () => {
    const log = logLines();
    const redis = createRedisConnection({ url: server.url, log });
    connections.push(redis);
    await vi.waitFor(() => expect(redis.up()).toBe(true));
    return { redis, log };
  };
  const freshPrefix = () => `test${++prefixes}:`;

  beforeAll(async () => {
    server = await startRedisServer();
  });
  afterAll(async () => {
    for (const connection of connections) await connection.close();
    await server.stop();
  });

  describe('the keyed lock', () => {
    test('two replicas never run the same key at once, and every caller runs', async () => {
      const prefix = freshPrefix();
      const replicas = await Promise.all([replica(), replica()]);
      const locks = replicas.map(({ redis, log }) =>
        createRedisKeyedLock({ redis, local: createKeyedLock(), log, prefix }),
      );
      let inside = 0;
      let most = 0;
      const ran: number[] = [];
      await Promise.all(
        Array.from({ length: 12 }, (_, index) =>
          locks[index % 2]?.run('acme/web', async () => {
            inside++;
            most = Math.max(most, inside);
            await sleep(5);
            ran.push(index);
            inside--;
          }),
        ),
      );
      expect(most).toBe(1);
      expect(ran.sort((a, b) => a - b)).toEqual([...Array(12).keys()]);
      // Released: nothing is left behind.
      expect(await replicas[0]?.redis.client.keys(`${prefix}*`)).toEqual([]);
    });

    test('different keys do not wait for each other', async () => {
      const prefix = freshPrefix();
      const [a, b] = await Promise.all([replica(), replica()]);
      if (!a || !b) throw new Error('no replicas');
      const lockA = createRedisKeyedLock({ redis: a.redis, local: createKeyedLock(), log: a.log, prefix });
      const lockB = createRedisKeyedLock({ redis: b.redis, local: createKeyedLock(), log: b.log, prefix });
      let release: () => void = () => undefined;
      const held = new Promise<void>((resolve) => {
        release = resolve;
      });
      const first = lockA.run('acme/web', () => held);
      // Would never resolve if one key's lease blocked another key.
      await expect(lockB.run('acme/api', async () => 'done')).resolves.toBe('done');
      release();
      await first;
    });

    test('a lease shorter than the work is renewed: the other replica waits until the work is done', async () => {
      const prefix = freshPrefix();
      const [a, b] = await Promise.all([replica(), replica()]);
      if (!a || !b) throw new Error('no replicas');
      // Renewed every third of the lease: a second leaves room for a busy box's stalls (300 ms did not).
      const leaseMs = 1_000;
      const lockA = createRedisKeyedLock({
        redis: a.redis,
        local: createKeyedLock(),
        log: a.log,
        prefix,
        leaseMs,
      });
      const lockB = createRedisKeyedLock({
        redis: b.redis,
        local: createKeyedLock(),
        log: b.log,
        prefix,
        leaseMs,
      });
      const events: string[] = [];
      let started: () => void = () => undefined;
      const aStarted = new Promise<void>((resolve) => {
        started = resolve;
      });
      const first = lockA.run('k', async () => {
        events.push('a start');
        started();
        await sleep(leaseMs * 3);
        events.push('a end');
      });
      await aStarted;
      await lockB.run('k', async () => {
        events.push('b');
      });
      await first;
      expect(events).toEqual(['a start', 'a end', 'b']);
      expect(a.log.lines.filter((line) => line.includes('lease was lost'))).toEqual([]);
    });

    test('a crashed holder frees the key when its lease expires', async () => {
      const prefix = freshPrefix();
      const { redis, log } = await replica();
      await redis.client.set(`${prefix}k`, 'crashed-replica', 'PX', 300);
      const lock = createRedisKeyedLock({ redis, local: createKeyedLock(), log, prefix });
      const seen = await lock.run('k', () => redis.client.get(`${prefix}k`));
      expect(seen).not.toBe('crashed-replica');
      expect(seen).toMatch(/^[0-9a-f-]{36}$/);
    });

    test('a holder that lost its lease to another replica does not release the new holder', async () => {
      const prefix = freshPrefix();
      const { redis, log } = await replica();
      const lock = createRedisKeyedLock({ redis, local: createKeyedLock(), log, prefix });
      // The lease expired and another replica took the key meanwhile.
      const hold = await holdAfter(lock, () => redis.client.set(`${prefix}k`, 'other-replica', 'PX', 60_000));
      expect(await redis.client.get(`${prefix}k`)).toBe('other-replica');
      // Another replica may have run work under the key meanwhile: the caller is told.
      expect(hold?.exclusive).toBe(false);
      expect(log.lines.join('\n')).toContain(`lock ${prefix}k: the lease had lapsed before the work ended`);
    });

    test('a SET that failed here but was done there is given back: its lease does not hold the others back', async () => {
      const prefix = freshPrefix();
      const { redis, log } = await replica();
      const set = redis.client.set.bind(redis.client) as (...args: unknown[]) => Promise<unknown>;
      // The command reached Redis; its answer did not come back in time.
      redis.client.set = (async (...args: unknown[]) => {
        await set(...args);
        throw new Error('Command timed out');
      }) as unknown as typeof redis.client.set;
      const lock = createRedisKeyedLock({ redis, local: createKeyedLock(), log, prefix });
      expect(await lock.run('k', async (hold) => hold.exclusive)).toBe(false);
      await vi.waitFor(async () => expect(await redis.client.exists(`${prefix}k`)).toBe(0));
      // Said once for the key, however often it fails, and once when the key is taken again.
      expect(await lock.run('k', async (hold) => hold.exclusive)).toBe(false);
      const notTaken = () =>
        log.lines.filter((line) => line.includes(`lock ${prefix}k: not taken (Command timed out)`));
      expect(notTaken()).toHaveLength(1);
      redis.client.set = set as unknown as typeof redis.client.set;
      expect(await lock.run('k', async (hold) => hold.exclusive)).toBe(true);
      expect(log.lines.filter((line) => line.includes(`lock ${prefix}k: taken again`))).toHaveLength(1);
      expect(notTaken()).toHaveLength(1);
    });

    test('work that held the key from start to release was exclusive', async () => {
      const prefix = freshPrefix();
      const { redis, log } = await replica();
      const lock = createRedisKeyedLock({ redis, local: createKeyedLock(), log, prefix });
      expect((await holdAfter(lock))?.exclusive).toBe(true);
      expect(log.lines.filter((line) => line.includes('lock '))).toEqual([]);
    });

    test('compare-and-delete deletes only with the right token', async () => {
      const { redis } = await replica();
      const key = `${freshPrefix()}k`;
      await redis.client.set(key, 'mine');
      expect(await compareAndDelete(redis.client, key, 'yours')).toBe(false);
      expect(await redis.client.get(key)).toBe('mine');
      expect(await compareAndDelete(redis.client, key, 'mine')).toBe(true);
      expect(await redis.client.exists(key)).toBe(0);
    });

    test('a key held past the wait gives a clear error and runs nothing', async () => {
      const prefix = freshPrefix();
      const { redis, log } = await replica();
      await redis.client.set(`${prefix}acme/web`, 'other-replica', 'PX', 60_000);
      const lock = createRedisKeyedLock({ redis, local: createKeyedLock(), log, prefix, waitMs: 200 });
      const work = vi.fn(async () => 'ran');
      const error = await lock.run('acme/web', work).catch((caught: unknown) => caught);
      expect(error).toBeInstanceOf(LockTimeoutError);
      expect(String(error)).toContain(`the lock of ${prefix}acme/web stayed held by another replica`);
      expect(work).not.toHaveBeenCalled();
    });

    test('the work fails: the key is released and the error reaches the caller', async () => {
      const prefix = freshPrefix();
      const { redis, log } = await replica();
      const lock = createRedisKeyedLock({ redis, local: createKeyedLock(), log, prefix });
      await expect(
        lock.run('k', async () => {
          throw new Error('GitHub said no');
        }),
      ).rejects.toThrow('GitHub said no');
      expect(await redis.client.exists(`${prefix}k`)).toBe(0);
    });
  });

  describe('delivery claims', () => {
    test('claimed once; given back after a failure; remembered for 72 h once handled', async () => {
      const prefix = freshPrefix();
      const [a, b] = await Promise.all([replica(), replica()]);
      if (!a || !b) throw new Error('no replicas');
      const claimsA = createRedisDeliveryClaims({ redis: a.redis, prefix });
      const claimsB = createRedisDeliveryClaims({ redis: b.redis, prefix });
      const first = await claimsA.claim('delivery-1#0');
      expect(first).not.toBeNull();
      expect(await claimsB.claim('delivery-1#0')).toBeNull();
      await first?.release();
      const second = await claimsB.claim('delivery-1#0');
      expect(second).not.toBeNull();
      await second?.done();
      expect(await claimsA.claim('delivery-1#0')).toBeNull();
      // `handled` is written shortly after (with B's next claim, or after its delay without one).
      await vi.waitFor(async () =>
        expect(await a.redis.client.pttl(`${prefix}delivery-1#0`)).toBeGreaterThan(71 * 3_600_000),
      );
      expect(await claimsA.claim('delivery-1#0')).toBeNull();
      // Another handler of the same delivery has its own claim.
      expect(await claimsA.claim('delivery-1#1')).not.toBeNull();
    });

    test('`handled` goes with the next claim, or after its delay when none comes', async () => {
      const prefix = freshPrefix();
      const { redis } = await replica();
      const claims = createRedisDeliveryClaims({ redis, prefix, handledDelayMs: 60_000 });
      const ttl = (id: string) => redis.client.pttl(`${prefix}${id}`);
      const handled = await claims.claim('delivery-4#0');
      await handled?.done();
      // Not sent alone: still the claim (10 min).
      expect(await ttl('delivery-4#0')).toBeLessThanOrEqual(10 * 60_000);
      // The next claim sends it first, on the same connection: written once that claim is answered.
      expect(await claims.claim('delivery-5#0')).not.toBeNull();
      expect(await ttl('delivery-4#0')).toBeGreaterThan(71 * 3_600_000);
      expect(await redis.client.get(`${prefix}delivery-4#0`)).toBe('handled');

      const soon = createRedisDeliveryClaims({ redis, prefix, handledDelayMs: 20 });
      await (await soon.claim('delivery-6#0'))?.done();
      await vi.waitFor(async () => expect(await ttl('delivery-6#0')).toBeGreaterThan(71 * 3_600_000));
    });

    test('claim tokens differ between replicas and between claims', async () => {
      const prefix = freshPrefix();
      const [a, b] = await Promise.all([replica(), replica()]);
      if (!a || !b) throw new Error('no replicas');
      const claimsA = createRedisDeliveryClaims({ redis: a.redis, prefix });
      const claimsB = createRedisDeliveryClaims({ redis: b.redis, prefix });
      await claimsA.claim('d#0');
      await claimsA.claim('d#1');
      await claimsB.claim('d#2');
      const tokens = await a.redis.client.mget(`${prefix}d#0`, `${prefix}d#1`, `${prefix}d#2`);
      expect(new Set(tokens).size).toBe(3);
      // A release gives back only its own claim: B's token does not release A's.
      const stale = await claimsB.claim('d#3');
      await a.redis.client.set(`${prefix}d#3`, tokens[0] as string);
      await stale?.release();
      expect(await a.redis.client.get(`${prefix}d#3`)).toBe(tokens[0]);
    });

    test('a claim whose replica died expires, and the delivery can be handled again', async () => {
      const prefix = freshPrefix();
      const { redis } = await replica();
      const claims = createRedisDeliveryClaims({ redis, prefix, handlingMs: 200 });
      expect(await claims.claim('delivery-2#0')).not.toBeNull();
      expect(await claims.claim('delivery-2#0')).toBeNull();
      await vi.waitFor(async () => expect(await redis.client.exists(`${prefix}delivery-2#0`)).toBe(0));
      expect(await claims.claim('delivery-2#0')).not.toBeNull();
    });

    test('a release after the claim expired and was taken again leaves the new claim alone', async () => {
      const prefix = freshPrefix();
      const { redis } = await replica();
      const claims = createRedisDeliveryClaims({ redis, prefix });
      const stale = await claims.claim('delivery-3#0');
      await redis.client.set(`${prefix}delivery-3#0`, 'another-replica');
      await stale?.release();
      expect(await redis.client.get(`${prefix}delivery-3#0`)).toBe('another-replica');
    });
  });

  test('notification claims: one replica sends; a failed send is given back', async () => {
    const prefix = freshPrefix();
    const [a, b] = await Promise.all([replica(), replica()]);
    if (!a || !b) throw new Error('no replicas');
    const sentA = createRedisSentDeliveries({
      redis: a.redis,
      fallback: createMemorySentDeliveries(),
      prefix,
    });
    const sentB = createRedisSentDeliveries({
      redis: b.redis,
      fallback: createMemorySentDeliveries(),
      prefix,
    });
    expect(await sentA.claim('entry-1:email')).toBe(true);
    expect(await sentB.claim('entry-1:email')).toBe(false);
    expect(await sentA.claim('entry-1:email')).toBe(false);
    expect(await sentA.release('entry-1:email')).toBe(true);
    expect(await sentB.claim('entry-1:email')).toBe(true);
    expect(await a.redis.client.pttl(`${prefix}entry-1:email`)).toBeGreaterThan(6 * 24 * 3_600_000);
  });

  test('round leases: one taker per round, the next round after the lease', async () => {
    const prefix = freshPrefix();
    const [a, b] = await Promise.all([replica(), replica()]);
    if (!a || !b) throw new Error('no replicas');
    const roundsA = createRedisRoundLease({ redis: a.redis, prefix });
    const roundsB = createRedisRoundLease({ redis: b.redis, prefix });
    expect(await roundsA.take('sweep:1', 200)).toBe(true);
    expect(await roundsB.take('sweep:1', 200)).toBe(false);
    expect(await roundsB.take('sweep:2', 200)).toBe(true);
    await vi.waitFor(async () => expect(await roundsB.take('sweep:1', 200)).toBe(true));
  });

  test('round leases given back: only by the replica that holds one, which may then be taken at once', async () => {
    const prefix = freshPrefix();
    const [a, b] = await Promise.all([replica(), replica()]);
    if (!a || !b) throw new Error('no replicas');
    const roundsA = createRedisRoundLease({ redis: a.redis, prefix });
    const roundsB = createRedisRoundLease({ redis: b.redis, prefix });
    expect(await roundsA.take('heal-change:1', 60_000)).toBe(true);
    // B does not hold it: its give-back leaves A's lease alone.
    await roundsB.giveBack?.('heal-change:1', 0);
    expect(await roundsB.take('heal-change:1', 60_000)).toBe(false);
    await roundsA.giveBack?.('heal-change:1', 0);
    expect(await roundsB.take('heal-change:1', 60_000)).toBe(true);
    expect(await roundsA.take('heal-change:1', 60_000)).toBe(false);
    // Shortened, not ended: still held for that long, then free.
    await roundsB.giveBack?.('heal-change:1', 300);
    const left = await a.redis.client.pttl(`${prefix}heal-change:1`);
    expect(left).toBeGreaterThan(0);
    expect(left).toBeLessThanOrEqual(300);
    expect(await roundsA.take('heal-change:1', 60_000)).toBe(false);
    await vi.waitFor(async () => expect(await roundsA.take('heal-change:1', 60_000)).toBe(true));
    // A lease taken again after this process's expired is not ended by the give-back of the older one.
    expect(await roundsB.take('heal-change:2', 100)).toBe(true);
    await vi.waitFor(async () => expect(await a.redis.client.exists(`${prefix}heal-change:2`)).toBe(0));
    expect(await roundsA.take('heal-change:2', 60_000)).toBe(true);
    await roundsB.giveBack?.('heal-change:2', 0);
    expect(await a.redis.client.exists(`${prefix}heal-change:2`)).toBe(1);
  });

  describe('request pacing (GCRA buckets)', () => {
    // A minute per slot: each wait is k minutes less the few milliseconds the calls took, whatever the box.
    const MINUTE = 60_000;
    const slotsOf = (waits: number[]) => waits.map((wait) => Math.round(wait / MINUTE)).sort((a, b) => a - b);

    test('two replicas share one bucket: its burst goes at once, then one slot per interval, in turn', async () => {
      const prefix = freshPrefix();
      const replicas = await Promise.all([replica(), replica()]);
      const spacings = replicas.map(({ redis }) =>
        createRedisRequestSpacing({ redis, fallback: createLocalSpacing(), prefix }),
      );
      const waits = await Promise.all(
        Array.from({ length: 8 }, (_, index) => spacings[index % 2]?.reserve('write:7', MINUTE, 3) ?? 0),
      );
      // Three at once (the burst), then one a minute: the two replicas booked from one bucket.
      expect(slotsOf(waits)).toEqual([0, 0, 0, 1, 2, 3, 4, 5]);
      // Another installation is not behind them; the bucket is kept in Redis until its tat passes.
      expect(await spacings[0]?.reserve('write:8', MINUTE, 3)).toBe(0);
      const ttl = await replicas[0]?.redis.client.pttl(`${prefix}write:7`);
      expect(ttl).toBeGreaterThan(7 * MINUTE);
      expect(ttl).toBeLessThanOrEqual(8 * MINUTE);
      expect(Number(await replicas[0]?.redis.client.get(`${prefix}write:7`))).toBeGreaterThan(Date.now());
    });

    test('an idle key leaves nothing behind: it expires when its bucket is full again', async () => {
      const prefix = freshPrefix();
      const { redis } = await replica();
      const spacing = createRedisRequestSpacing({ redis, fallback: createLocalSpacing(), prefix });
      expect(await spacing.reserve('write:9', 50, 6)).toBe(0);
      expect(await redis.client.pttl(`${prefix}write:9`)).toBeGreaterThan(0);
      await vi.waitFor(async () => expect(await redis.client.exists(`${prefix}write:9`)).toBe(0));
      // Burst 1 (the default) is plain spacing.
      const waits = [await spacing.reserve('search:9', MINUTE), await spacing.reserve('search:9', MINUTE)];
      expect(slotsOf(waits)).toEqual([0, 1]);
    });

    test('with Redis unreachable, this process paces its own requests', async () => {
      const port = await freePort();
      const log = logLines();
      const redis = createRedisConnection({ url: `redis://127.0.0.1:${port}`, log, timeoutMs: 200 });
      connections.push(redis);
      await vi.waitFor(() => expect(log.lines.some((line) => line.includes('unreachable'))).toBe(true));
      const spacing = createRedisRequestSpacing({ redis, fallback: createLocalSpacing() });
      const waits = await Promise.all([1, 2, 3, 4].map(() => spacing.reserve('write:7', MINUTE, 2)));
      expect(slotsOf(waits)).toEqual([0, 0, 1, 2]);
      expect(log.lines.filter((line) => line.includes('unreachable'))).toHaveLength(1);
    });
  });

  test('with Redis unreachable everything falls back to this process and says so once', async () => {
    const port = await freePort();
    const log = logLines();
    const redis = createRedisConnection({ url: `redis://127.0.0.1:${port}`, log, timeoutMs: 200 });
    connections.push(redis);
    await vi.waitFor(() => expect(log.lines.some((line) => line.includes('unreachable'))).toBe(true));
    const lock = createRedisKeyedLock({ redis, local: createKeyedLock(), log });
    let inside = 0;
    let most = 0;
    await Promise.all(
      Array.from({ length: 5 }, () =>
        lock.run('acme/web', async () => {
          inside++;
          most = Math.max(most, inside);
          await sleep(5);
          inside--;
        }),
      ),
    );
    expect(most).toBe(1);
    expect(await createRedisDeliveryClaims({ redis }).claim('d#0')).not.toBeNull();
    expect(await createRedisDeliveryClaims({ redis }).claim('d#0')).not.toBeNull();
    const sent = createRedisSentDeliveries({ redis, fallback: createMemorySentDeliveries() });
    expect(await sent.claim('entry:email')).toBe(true);
    expect(await sent.claim('entry:email')).toBe(false);
    // This process's claim is given back, but Redis cannot be told: said so (a stop's hand-back logs it).
    expect(await sent.release('entry:email')).toBe(false);
    expect(await sent.claim('entry:email')).toBe(true);
    expect(await createRedisRoundLease({ redis }).take('sweep:1', 1000)).toBe(true);
    await sleep(500);
    expect(log.lines.filter((line) => line.includes('unreachable'))).toHaveLength(1);
    expect(log.lines.join('\n')).toContain(`Redis at redis://127.0.0.1:${port} is unreachable`);
  });

  test('Redis goes down and comes back: one line each way, and the shared lock is used again', async () => {
    const { redis, log } = await replica();
    const prefix = freshPrefix();
    const lock = createRedisKeyedLock({ redis, local: createKeyedLock(), log, prefix });
    await server.kill();
    await vi.waitFor(() => expect(redis.up()).toBe(false));
    // Under the local lock alone: other replicas may run work under the key meanwhile.
    await expect(lock.run('k', async (hold) => `exclusive: ${hold.exclusive}`)).resolves.toBe(
      'exclusive: false',
    );
    await sleep(700);
    await server.restart();
    await vi.waitFor(() => expect(redis.up()).toBe(true), { timeout: 10_000 });
    const token = await lock.run('k', () => redis.client.get(`${prefix}k`));
    expect(token).toMatch(/^[0-9a-f-]{36}$/);
    // Request spacing too: a slot booked now lands in Redis again.
    const spacing = createRedisRequestSpacing({ redis, fallback: createLocalSpacing(), prefix });
    expect(await spacing.reserve('write:1', 60_000, 2)).toBe(0);
    expect(Number(await redis.client.get(`${prefix}write:1`))).toBeGreaterThan(Date.now());
    const transitions = log.lines.filter((line) => /reachable/.test(line));
    expect(transitions.map((line) => (line.includes('unreachable') ? 'down' : 'up'))).toEqual([
      'up',
      'down',
      'up',
    ]);
  });

  test('closed by a stopping process: no outage logged, none told', async () => {
    const log = logLines();
    const told: boolean[] = [];
    const redis = createRedisConnection({ url: server.url, log, onChange: (up) => told.push(up) });
    await vi.waitFor(() => expect(redis.up()).toBe(true));
    await redis.close();
    await sleep(200);
    expect(redis.up()).toBe(false);
    expect(told).toEqual([true]);
    expect(log.lines.filter((line) => line.includes('unreachable'))).toEqual([]);
  });
});
