import { afterAll, beforeAll, describe, expect, test, vi } from 'vitest';
import type { HandedBackNotification } from '../../../src/core/notify/handed-back-notification.ts';
import { createRedisConnection, type RedisConnection } from '../../../src/redis/redis-connection.ts';
import { createRedisHandedBackNotifications } from '../../../src/redis/redis-handed-back-notifications.ts';
import { logLines, type RedisServer, startRedisServer } from '../../support/redis-server.ts';
import { notificationOf } from '../core/notify/notification-fixtures.ts';

const item = (n: number): HandedBackNotification => {
  const notification = notificationOf({ id: `sha256:${String(n).padStart(64, '0')}` });
  return {
    notification,
    delivery: {
      id: `${notification.id}:email`,
      channel: 'email',
      from: 'gate@acme.test',
      smtpUrlEnv: 'CHANGE_GATE_NOTIFY_SMTP',
      to: ['cab@acme.test'],
    },
  };
};

describe('the handed-back notifications in a real redis-server', () => {
  let server: RedisServer;
  const connections: RedisConnection[] = [];
  let keys = 0;
  const replica = async () => {
    const redis = createRedisConnection({ url: server.url, log: logLines() });
    connections.push(redis);
    await vi.waitFor(() => expect(redis.up()).toBe(true));
    return redis;
  };

  beforeAll(async () => {
    server = await startRedisServer();
  });
  afterAll(async () => {
    for (const connection of connections) await connection.close();
    await server.stop();
  });

  test('kept by one replica, taken by others oldest first, each delivery by one taker only', async () => {
    const key = `handed-back:${++keys}`;
    const [stopping, a, b] = await Promise.all([replica(), replica(), replica()]);
    const kept = createRedisHandedBackNotifications({ redis: stopping, key });
    for (let n = 1; n <= 30; n++) expect(await kept.keep(item(n))).toBe(true);
    const takers = [a, b].map((redis) => createRedisHandedBackNotifications({ redis, key }));
    const taken: HandedBackNotification[] = [];
    for (;;) {
      const rounds = await Promise.all(takers.map((taker) => taker.take(4)));
      const items = rounds.flatMap((round) => round.taken.map((one) => one.item));
      if (items.length === 0) break;
      taken.push(...items);
    }
    const ids = taken.map((one) => one.notification.id);
    expect(new Set(ids).size).toBe(30);
    expect([...ids].sort()).toEqual(Array.from({ length: 30 }, (_unused, n) => item(n + 1).notification.id));
    // Read back as written, field by field.
    expect(taken.find((one) => one.notification.id === item(7).notification.id)).toEqual(item(7));
    // Emptied, the list is gone from Redis.
    expect(await a.client.pttl(key)).toBe(-2);
  });

  test('keeps the newest up to its capacity; the key expires; what is not a delivery is dropped, counted', async () => {
    const key = `handed-back:${++keys}`;
    const redis = await replica();
    const kept = createRedisHandedBackNotifications({
      redis,
      key,
      capacity: 3,
      ttlMs: 60_000,
      nowMs: () => Date.parse(notificationOf().at),
    });
    for (let n = 1; n <= 5; n++) await kept.keep(item(n));
    expect(await redis.client.llen(key)).toBe(3);
    expect(await redis.client.pttl(key)).toBeGreaterThan(50_000);
    await redis.client.rpush(key, 'not json', JSON.stringify({ ...item(9), notification: { id: 'x' } }));
    const { taken, dropped } = await kept.take(10);
    expect(taken.map((one) => one.item.notification.id)).toEqual(
      [3, 4, 5].map((n) => item(n).notification.id),
    );
    expect(dropped).toBe(2);
    // The dropped ones are done with at once; the three taken wait for their taker's word.
    expect(await redis.client.zcard(`${key}:taken`)).toBe(3);
  });

  test('an entry older than the claims live is dropped when taken (its claim may have lapsed: sent again)', async () => {
    const key = `handed-back:${++keys}`;
    const redis = await replica();
    const at = Date.parse(notificationOf().at);
    const week = 7 * 24 * 3_600_000;
    const kept = createRedisHandedBackNotifications({ redis, key, nowMs: () => at + week + 1 });
    await kept.keep(item(1));
    expect(await kept.take(10)).toEqual({ taken: [], dropped: 1 });
    const fresh = createRedisHandedBackNotifications({ redis, key, nowMs: () => at + week });
    await fresh.keep(item(2));
    expect((await fresh.take(10)).taken.map((one) => one.item)).toEqual([item(2)]);
  });

  test('with Redis gone: nothing is kept (false) and nothing taken', async () => {
    const key = `handed-back:${++keys}`;
    const redis = await replica();
    const kept = createRedisHandedBackNotifications({ redis, key });
    await server.kill();
    await vi.waitFor(() => expect(redis.up()).toBe(false));
    expect(await kept.keep(item(1))).toBe(false);
    expect(await kept.take(10)).toEqual({ taken: [], dropped: 0 });
    await expect(kept.done('anything')).resolves.toBeUndefined();
    await server.restart();
  });

  test('one its taker never acknowledged (it died) is taken again once its lease ran out, before newer ones; one acknowledged never is', async () => {
    const key = `handed-back:${++keys}`;
    const [stopping, dying, other] = await Promise.all([replica(), replica(), replica()]);
    const kept = createRedisHandedBackNotifications({ redis: stopping, key });
    for (let n = 1; n <= 3; n++) await kept.keep(item(n));
    // Leases on Redis's clock: waited for. The dying replica takes two with a 3 s lease, acknowledges the
    // first, then dies before it settles the second.
    const dyingTaker = createRedisHandedBackNotifications({ redis: dying, key, leaseMs: 3_000 });
    const first = await dyingTaker.take(2);
    expect(first.taken.map((one) => one.item)).toEqual([item(1), item(2)]);
    await dyingTaker.done(first.taken[0]?.receipt ?? '');
    await kept.keep(item(4));
    // Within that lease the unacknowledged one is nobody else's to take (this taker holds its own for a minute).
    const slowTaker = createRedisHandedBackNotifications({ redis: other, key, leaseMs: 60_000 });
    expect((await slowTaker.take(1)).taken.map((one) => one.item)).toEqual([item(3)]);
    await new Promise((resolve) => setTimeout(resolve, 3_100));
    const taker = createRedisHandedBackNotifications({ redis: other, key, leaseMs: 300 });
    const again = await taker.take(10);
    expect(again.taken.map((one) => one.item)).toEqual([item(2), item(4)]);
    for (const one of again.taken) await taker.done(one.receipt);
    await new Promise((resolve) => setTimeout(resolve, 350));
    // 1, 2 and 4 were acknowledged: never taken again; 3 is still within its taker's lease.
    expect(await taker.take(10)).toEqual({ taken: [], dropped: 0 });
    expect(await other.client.zcard(`${key}:taken`)).toBe(1);
  });

  test('taken again in the order they were taken, past nine of them; a member an earlier version wrote (no receipt) goes back whole and blocks nothing', async () => {
    const key = `handed-back:${++keys}`;
    const redis = await replica();
    const store = createRedisHandedBackNotifications({ redis, key, leaseMs: 200 });
    for (let n = 1; n <= 12; n++) await store.keep(item(n));
    expect((await store.take(12)).taken).toHaveLength(12);
    // What a build before receipts left in the taken set: the entry's text alone, its lease run out.
    await redis.client.zadd(`${key}:taken`, 0, JSON.stringify(item(13)));
    await new Promise((resolve) => setTimeout(resolve, 250));
    const again = await store.take(20);
    expect(again.taken.map((one) => one.item)).toEqual(
      [13, ...Array.from({ length: 12 }, (_unused, n) => n + 1)].map(item),
    );
  });

  test('the same delivery kept twice is taken under two receipts: one taker done with it leaves the other’s lease', async () => {
    const key = `handed-back:${++keys}`;
    const [a, b] = await Promise.all([replica(), replica()]);
    const options = { key, leaseMs: 2_000 };
    const takerA = createRedisHandedBackNotifications({ redis: a, ...options });
    const takerB = createRedisHandedBackNotifications({ redis: b, ...options });
    await takerA.keep(item(1));
    await takerA.keep(item(1));
    const [byA, byB] = [await takerA.take(1), await takerB.take(1)];
    expect([...byA.taken, ...byB.taken].map((one) => one.item)).toEqual([item(1), item(1)]);
    expect(byA.taken[0]?.receipt).not.toBe(byB.taken[0]?.receipt);
    await takerA.done(byA.taken[0]?.receipt ?? '');
    expect(await a.client.zcard(`${key}:taken`)).toBe(1);
    // B dies: its copy comes back after the lease, A's never does.
    await new Promise((resolve) => setTimeout(resolve, 2_100));
    expect((await takerA.take(10)).taken.map((one) => one.item)).toEqual([item(1)]);
  });
});
