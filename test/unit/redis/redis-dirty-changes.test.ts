import { afterAll, beforeAll, describe, expect, test, vi } from 'vitest';
import { createRedisConnection, type RedisConnection } from '../../../src/redis/redis-connection.ts';
import { createRedisDirtyChanges } from '../../../src/redis/redis-dirty-changes.ts';
import { logLines, type RedisServer, startRedisServer } from '../../support/redis-server.ts';

const CHANGE = '[7,"acme","web",1]';
const KEY = '[7,"acme","web",1]'.toLowerCase();

describe('dirty changes and queued marks in a real redis-server', () => {
  let server: RedisServer;
  const connections: RedisConnection[] = [];
  let prefixes = 0;
  const connectionOf = new Map<object, RedisConnection>();
  /**
   * Until what `replica` sent so far was processed: its queued mark goes out unawaited on its own connection,
   * so another replica's command could otherwise reach Redis first.
   */
  const sent = async (replica: object | undefined) => {
    await connectionOf.get(replica as object)?.client.ping();
  };
  /** A replica's connection, ready, and its dirty changes under a prefix no other test uses. */
  const replicas = async (count: number, options: { maxAgeMs?: number; queuedTtlMs?: number } = {}) => {
    const prefix = `dirty${++prefixes}:`;
    return Promise.all(
      Array.from({ length: count }, async () => {
        const redis = createRedisConnection({ url: server.url, log: logLines() });
        connections.push(redis);
        await vi.waitFor(() => expect(redis.up()).toBe(true));
        const dirty = createRedisDirtyChanges({ redis, prefix, ...options });
        connectionOf.set(dirty, redis);
        return dirty;
      }),
    );
  };

  beforeAll(async () => {
    server = await startRedisServer();
  });
  afterAll(async () => {
    for (const connection of connections) await connection.close();
    await server.stop();
  });

  test("an event sees another replica's queued evaluation until it begins reading", async () => {
    const [a, b] = await replicas(2);
    expect(await b?.mark(CHANGE, KEY)).toMatchObject({ queuedSomewhere: false });
    const queued = a?.queue(KEY, { visible: true });
    await sent(a);
    expect(await b?.mark(CHANGE, KEY)).toMatchObject({ queuedSomewhere: true });
    // Another change is not covered by it.
    expect(await b?.mark('[7,"acme","web",2]', '[7,"acme","web",2]')).toMatchObject({
      queuedSomewhere: false,
    });
    expect(await queued?.reading()).toMatch(/^\d{16,}$/);
    expect(await b?.mark(CHANGE, KEY)).toMatchObject({ queuedSomewhere: false });
  });

  test('a claiming mark sets the queued mark in the same step when none is there, never over another', async () => {
    const [a, b, c] = await replicas(3);
    const claim = await a?.mark(CHANGE, KEY, { claim: true });
    expect(claim).toMatchObject({
      queuedSomewhere: false,
      claimed: expect.stringMatching(/^[0-9a-f-]{36}$/),
    });
    // Seen by the next event at once, with nothing else sent: it is covered by the evaluation a leads.
    expect(await b?.mark(CHANGE, KEY, { claim: true })).toMatchObject({
      queuedSomewhere: true,
      claimed: null,
    });
    // a's evaluation takes its claimed mark over and takes it down when it begins reading.
    const queued = a?.queue(KEY, { visible: true, claimed: claim?.claimed ?? null });
    expect(await queued?.reading()).toMatch(/^\d{16,}$/);
    expect(await c?.mark(CHANGE, KEY)).toMatchObject({ queuedSomewhere: false, claimed: null });
  });

  test('a claim given back is taken down only while it is still that claim', async () => {
    const [a, b, c] = await replicas(3);
    const claim = (await a?.mark(CHANGE, KEY, { claim: true }))?.claimed as string;
    a?.unclaim(KEY, claim);
    await sent(a);
    expect(await c?.mark(CHANGE, KEY)).toMatchObject({ queuedSomewhere: false });
    // Another replica's queued mark under the key stays when an old claim is given back.
    b?.queue(KEY, { visible: true });
    await sent(b);
    a?.unclaim(KEY, claim);
    await sent(a);
    expect(await c?.mark(CHANGE, KEY)).toMatchObject({ queuedSomewhere: true });
  });

  test('a claiming mark that timed out but ran later takes its claim down: no mark stands for no evaluation', async () => {
    const [c] = await replicas(1);
    const prefix = `dirty${prefixes}:`;
    const slow = createRedisConnection({ url: server.url, log: logLines(), timeoutMs: 50 });
    connections.push(slow);
    await vi.waitFor(() => expect(slow.up()).toBe(true));
    const a = createRedisDirtyChanges({ redis: slow, prefix });
    const admin = createRedisConnection({ url: server.url, log: logLines() });
    connections.push(admin);
    await vi.waitFor(() => expect(admin.up()).toBe(true));
    // Redis holds every write for 300 ms: the mark's answer comes too late, but the script runs then.
    await admin.client.call('CLIENT', 'PAUSE', '300', 'WRITE');
    expect(await a.mark(CHANGE, KEY, { claim: true })).toBeNull();
    await vi.waitFor(async () => expect(await slow.client.ping()).toBe('PONG'));
    expect(await c?.mark(CHANGE, KEY)).toMatchObject({ queuedSomewhere: false });
    // The dirty mark it made stays for an evaluation or the heal round.
    expect(await c?.stale({ olderThanMs: 0, limit: 10 })).toEqual([CHANGE]);
  });

  test('an evaluation whose owner has a condition is not seen (it could skip the evaluation)', async () => {
    const [a, b] = await replicas(2);
    a?.queue(KEY, { visible: false });
    await sent(a);
    expect(await b?.mark(CHANGE, KEY)).toMatchObject({ queuedSomewhere: false });
  });

  test("a replica takes down only its own queued mark: another replica's newer one stays", async () => {
    const [a, b, c] = await replicas(3);
    const first = a?.queue(KEY, { visible: true });
    await sent(a);
    const second = b?.queue(KEY, { visible: true });
    await sent(b);
    await first?.reading();
    expect(await c?.mark(CHANGE, KEY)).toMatchObject({ queuedSomewhere: true });
    await second?.reading();
    expect(await c?.mark(CHANGE, KEY)).toMatchObject({ queuedSomewhere: false });
  });

  test('a queued mark left by a dead replica expires; the dirty mark stays', async () => {
    const [a, b] = await replicas(2, { queuedTtlMs: 50 });
    a?.queue(KEY, { visible: true });
    await sent(a);
    expect(await b?.mark(CHANGE, KEY)).toMatchObject({ queuedSomewhere: true });
    await vi.waitFor(async () =>
      expect(await b?.mark(CHANGE, KEY)).toMatchObject({ queuedSomewhere: false }),
    );
    expect(await b?.stale({ olderThanMs: 0, limit: 10 })).toEqual([CHANGE]);
  });

  test('the compare-and-delete keeps a mark newer than the read, and drops one older', async () => {
    const [a, b] = await replicas(2);
    await b?.mark(CHANGE, KEY);
    const start = (await a?.queue(KEY, { visible: true }).reading()) as string;
    // An event marks the change after the read began: the read may not have seen it.
    await b?.mark(CHANGE, KEY);
    expect(await a?.clear(CHANGE, start)).toBe(false);
    expect(await a?.stale({ olderThanMs: 0, limit: 10 })).toEqual([CHANGE]);
    // An evaluation that began reading after that mark clears it.
    const later = (await a?.queue(KEY, { visible: false }).reading()) as string;
    expect(BigInt(later)).toBeGreaterThan(BigInt(start));
    expect(await a?.clear(CHANGE, later)).toBe(true);
    expect(await a?.stale({ olderThanMs: 0, limit: 10 })).toEqual([]);
  });

  test("an event's own mark is dropped only while it is the change's only mark, unchanged", async () => {
    const [a, b] = await replicas(2);
    const own = await a?.mark(CHANGE, KEY);
    expect(own).toMatchObject({ fresh: true, tick: expect.stringMatching(/^\d{16,}$/) });
    expect(await a?.clearOwn(CHANGE, own?.tick as string)).toBe(true);
    expect(await a?.stale({ olderThanMs: 0, limit: 10 })).toEqual([]);
    // Another event marked the change after it: the mark is not its own any more.
    const first = await a?.mark(CHANGE, KEY);
    const second = await b?.mark(CHANGE, KEY);
    expect(second).toMatchObject({ fresh: false });
    expect(await a?.clearOwn(CHANGE, first?.tick as string)).toBe(false);
    expect(await a?.stale({ olderThanMs: 0, limit: 10 })).toEqual([CHANGE]);
  });

  test('every mark and read start gets its own tick, in the order Redis ran them', async () => {
    const [a, b] = await replicas(2);
    const starts = await Promise.all(
      Array.from({ length: 200 }, (_, index) =>
        (index % 2 === 0 ? a : b)?.queue(KEY, { visible: false }).reading(),
      ),
    );
    expect(new Set(starts).size).toBe(200);
    // A mark between two read starts is newer than the first and older than the second.
    const before = (await a?.queue(KEY, { visible: false }).reading()) as string;
    await b?.mark(CHANGE, KEY);
    const after = (await a?.queue(KEY, { visible: false }).reading()) as string;
    expect(await a?.clear(CHANGE, before)).toBe(false);
    expect(await a?.clear(CHANGE, after)).toBe(true);
  });

  test('stale lists marks older than the age, the oldest first; expire drops those past the maximum age', async () => {
    const [a] = await replicas(1);
    await a?.mark('[7,"acme","web",1]', 'k1');
    await a?.mark('[7,"acme","web",2]', 'k2');
    expect(await a?.stale({ olderThanMs: 60_000, limit: 10 })).toEqual([]);
    await new Promise((resolve) => setTimeout(resolve, 20));
    expect(await a?.stale({ olderThanMs: 10, limit: 10 })).toEqual([
      '[7,"acme","web",1]',
      '[7,"acme","web",2]',
    ]);
    expect(await a?.stale({ olderThanMs: 10, limit: 1 })).toEqual(['[7,"acme","web",1]']);
    const [old] = await replicas(1, { maxAgeMs: 5 });
    await old?.mark(CHANGE, KEY);
    await new Promise((resolve) => setTimeout(resolve, 20));
    // Past the maximum age: expire drops it and names it (the heal round logs and counts each).
    expect(await old?.expire({ limit: 10 })).toEqual([CHANGE]);
    expect(await old?.stale({ olderThanMs: 0, limit: 10 })).toEqual([]);
    expect(await old?.expire({ limit: 10 })).toEqual([]);
  });

  test('while Redis cannot be asked nothing is marked, seen or cleared, and nothing throws on the event path', async () => {
    const dead = createRedisConnection({ url: 'redis://127.0.0.1:1', log: logLines(), timeoutMs: 100 });
    connections.push(dead);
    const dirty = createRedisDirtyChanges({ redis: dead });
    expect(dirty.mark(CHANGE, KEY)).toBeNull();
    expect(await dirty.queue(KEY, { visible: true }).reading()).toBeNull();
    expect(await dirty.clear(CHANGE, '1')).toBe(false);
    expect(await dirty.clearOwn(CHANGE, '1')).toBe(false);
    expect(await dirty.stale({ olderThanMs: 0, limit: 10 })).toEqual([]);
    expect(await dirty.expire({ limit: 10 })).toEqual([]);
    expect(await dirty.retryLater(CHANGE, { firstDelayMs: 1, maxDelayMs: 1 })).toEqual({ outcome: 'kept' });
    expect(await dirty.forget(CHANGE, null)).toBe(false);
  });
});
