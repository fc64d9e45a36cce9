import { afterAll, beforeAll, describe, expect, test, vi } from 'vitest';
import { createReplicaSharing } from '../../../src/app/replica-sharing.ts';
import { sharedRedis } from '../../../src/app/shared-redis.ts';
import { GitHubError } from '../../../src/github/ports/github-error.ts';
import { createRedisConnection, type RedisConnection } from '../../../src/redis/redis-connection.ts';
import { createRedisDirtyChanges } from '../../../src/redis/redis-dirty-changes.ts';
import { createRedisRoundLease } from '../../../src/redis/redis-round-lease.ts';
import { noDirtyChanges } from '../../../src/use-cases/dirty-changes.ts';
import { ChangeGoneError, healDirtyChanges } from '../../../src/use-cases/heal-dirty-changes.ts';
import { logLines, type RedisServer, startRedisServer } from '../../support/redis-server.ts';

const member = (repo: string, number: number) => JSON.stringify([7, 'acme', repo, number]);
const HEALTHY = member('web', 1);
const BACKOFF = { firstDelayMs: 60_000, maxDelayMs: 3_600_000 };
const pause = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

const log = () => {
  const lines: string[] = [];
  return {
    lines,
    info: (line: unknown) => lines.push(String(line)),
    warn: (line: string) => lines.push(line),
  };
};

describe('the heal round on a real redis-server: changes that cannot be evaluated', () => {
  let server: RedisServer;
  const connections: RedisConnection[] = [];
  let prefixes = 0;
  const replica = async (options: { maxAgeMs?: number } = {}, prefix = `heal${++prefixes}:`) => {
    const redis = createRedisConnection({ url: server.url, log: logLines() });
    connections.push(redis);
    await vi.waitFor(() => expect(redis.up()).toBe(true));
    return { redis, prefix, dirty: createRedisDirtyChanges({ redis, prefix, ...options }) };
  };

  beforeAll(async () => {
    server = await startRedisServer();
  });
  afterAll(async () => {
    for (const connection of connections) await connection.close();
    await server.stop();
  });

  test('60 failing marks older than a healthy one: the healthy change is healed in the second round, the failing ones pushed back', async () => {
    const { redis, prefix, dirty } = await replica();
    for (let number = 1; number <= 60; number++) await dirty.mark(member('broken', number), `k${number}`);
    await dirty.mark(HEALTHY, 'kh');
    const evaluated: string[][] = [];
    const round = async () => {
      await pause(5);
      const here: string[] = [];
      evaluated.push(here);
      return healDirtyChanges({
        dirty,
        graceMs: 1,
        limit: 50,
        backoff: BACKOFF,
        log: log(),
        evaluate: async ({ ref }, onReading) => {
          await onReading();
          here.push(`${ref.repo}#${ref.number}`);
          if (ref.repo === 'broken')
            throw new GitHubError({ message: 'Bad Gateway', status: 502, request: 'POST /graphql' });
        },
      });
    };
    const first = await round();
    expect(first.failed).toHaveLength(50);
    expect(first.healed).toEqual([]);
    const second = await round();
    // The 50 that failed wait a minute (plus the grace); the 10 others and the healthy change come up.
    expect(second.failed).toHaveLength(10);
    expect(second.healed).toEqual([HEALTHY]);
    expect(evaluated[1]).not.toContain('broken#1');
    const third = await round();
    expect(third).toEqual({ healed: [], failed: [], dropped: [], skipped: [] });
    // Every failing mark is still there (a 502 may pass), pushed back; the healthy one is gone.
    expect(await redis.client.zcard(`${prefix}dirty`)).toBe(60);
    expect(await redis.client.zscore(`${prefix}dirty`, HEALTHY)).toBeNull();
    expect(await redis.client.hget(`${prefix}dirty-retries`, member('broken', 1))).toMatch(/^1:\d+:\d+$/);
  });

  test('a change found gone has its mark dropped, with a warning; a transient failure keeps it', async () => {
    const { redis, prefix, dirty } = await replica();
    await dirty.mark(member('deleted', 1), 'k1');
    await dirty.mark(member('flaky', 2), 'k2');
    await pause(5);
    const lines = log();
    const report = await healDirtyChanges({
      dirty,
      graceMs: 1,
      limit: 50,
      backoff: BACKOFF,
      log: lines,
      evaluate: async ({ ref }, onReading) => {
        await onReading();
        if (ref.repo === 'deleted') throw new ChangeGoneError('acme/deleted#1 was not found');
        throw new GitHubError({
          message: 'timeout',
          status: null,
          request: 'POST /graphql',
          code: 'ETIMEDOUT',
        });
      },
    });
    expect(report.dropped).toEqual([{ member: member('deleted', 1), reason: 'gone' }]);
    expect(report.failed).toEqual([member('deleted', 1), member('flaky', 2)]);
    expect(await redis.client.zrange(`${prefix}dirty`, 0, -1)).toEqual([member('flaky', 2)]);
    expect(lines.lines.some((line) => /acme\/deleted#1 is gone .*dropped/.test(line))).toBe(true);
    expect(
      lines.lines.some((line) =>
        /acme\/flaky#2 could not be evaluated \(try 1; tried again in 60 s\)/.test(line),
      ),
    ).toBe(true);
  });

  test('the wait doubles with each failure in a row; an evaluation that read after a new event still clears the mark', async () => {
    const { redis, prefix, dirty } = await replica();
    const change = member('web', 3);
    await dirty.mark(change, 'k');
    const options = { firstDelayMs: 1_000, maxDelayMs: 3_000 };
    expect(await dirty.retryLater(change, options)).toEqual({
      outcome: 'later',
      failures: 1,
      delayMs: 1_000,
    });
    expect(await dirty.retryLater(change, options)).toEqual({
      outcome: 'later',
      failures: 2,
      delayMs: 2_000,
    });
    expect(await dirty.retryLater(change, options)).toEqual({
      outcome: 'later',
      failures: 3,
      delayMs: 3_000,
    });
    // Pushed into the future: an evaluation reading now cannot clear it (the compare only got stricter)…
    const now = (await dirty.queue('k', { visible: false }).reading()) as string;
    expect(await dirty.clear(change, now)).toBe(false);
    expect(await dirty.stale({ olderThanMs: 0, limit: 10 })).toEqual([]);
    // …until an event marks it again: an evaluation that began reading after that event clears it, and its failures.
    await dirty.mark(change, 'k');
    const after = (await dirty.queue('k', { visible: false }).reading()) as string;
    expect(await dirty.clear(change, after)).toBe(true);
    expect(await redis.client.hexists(`${prefix}dirty-retries`, change)).toBe(0);
    expect(await dirty.retryLater(change, options)).toEqual({ outcome: 'cleared' });
  });

  test('a mark that keeps failing past the maximum age is dropped, logged as expired; one never tried expires too', async () => {
    const { dirty } = await replica({ maxAgeMs: 30 });
    const failing = member('web', 4);
    const idle = member('web', 5);
    await dirty.mark(failing, 'k4');
    expect(await dirty.retryLater(failing, { firstDelayMs: 1, maxDelayMs: 1 })).toMatchObject({
      outcome: 'later',
    });
    await pause(40);
    expect(await dirty.retryLater(failing, { firstDelayMs: 1, maxDelayMs: 1 })).toEqual({
      outcome: 'expired',
      failures: 2,
    });
    await dirty.mark(idle, 'k5');
    await pause(40);
    const lines = log();
    const report = await healDirtyChanges({
      dirty,
      graceMs: 1,
      limit: 50,
      backoff: BACKOFF,
      log: lines,
      evaluate: async () => {
        throw new Error('not reached');
      },
    });
    expect(report.dropped).toEqual([{ member: idle, reason: 'expired' }]);
    expect(
      lines.lines.filter((line) => line.includes('acme/web#5') && line.includes('maximum age')),
    ).toHaveLength(1);
    expect(await dirty.stale({ olderThanMs: 0, limit: 10 })).toEqual([]);
  });

  test('a gone change keeps its mark when an event marked it after the read began', async () => {
    const { dirty } = await replica();
    const change = member('web', 6);
    await dirty.mark(change, 'k');
    const start = (await dirty.queue('k', { visible: false }).reading()) as string;
    await dirty.mark(change, 'k');
    expect(await dirty.forget(change, start)).toBe(false);
    // Pushed back by a failed round and not marked since: its read start is older than the pushed score, still dropped.
    await dirty.retryLater(change, BACKOFF);
    const later = (await dirty.queue('k', { visible: false }).reading()) as string;
    expect(await dirty.forget(change, later)).toBe(true);
    // Failed before reading (no token for the installation): dropped.
    await dirty.mark(change, 'k');
    expect(await dirty.forget(change, null)).toBe(true);
    expect(await dirty.stale({ olderThanMs: 0, limit: 10 })).toEqual([]);
  });

  test("two replicas' overlapping rounds never evaluate the same change (each member is claimed)", async () => {
    const a = await replica();
    const b = await replica({}, a.prefix);
    const changes = [1, 2, 3, 4].map((number) => member('web', 10 + number));
    for (const change of changes) await a.dirty.mark(change, change);
    await pause(5);
    const evaluations: string[] = [];
    let claimedByB!: () => void;
    const bClaimed = new Promise<void>((resolve) => {
      claimedByB = resolve;
    });
    let aClaimed!: () => void;
    const aStarted = new Promise<void>((resolve) => {
      aClaimed = resolve;
    });
    const round = (side: 'a' | 'b', leases: ReturnType<typeof createRedisRoundLease>) =>
      healDirtyChanges({
        dirty: (side === 'a' ? a : b).dirty,
        graceMs: 1,
        limit: 50,
        backoff: BACKOFF,
        log: log(),
        claim: async (change) => {
          const taken = await leases.take(`heal-change:${change}`, 60_000);
          if (side === 'a') aClaimed();
          else claimedByB();
          return taken;
        },
        evaluate: async ({ ref }, onReading) => {
          await onReading();
          evaluations.push(`${side} ${ref.number}`);
          // A's first evaluation lasts until B's round has listed the same marks and claimed one.
          if (side === 'a') await bClaimed;
        },
      });
    const roundA = round('a', createRedisRoundLease({ redis: a.redis, prefix: `${a.prefix}round:` }));
    await aStarted;
    const roundB = round('b', createRedisRoundLease({ redis: b.redis, prefix: `${a.prefix}round:` }));
    const [reportA, reportB] = await Promise.all([roundA, roundB]);
    const numbers = evaluations.map((line) => line.split(' ')[1]);
    expect(new Set(numbers).size).toBe(numbers.length);
    expect([...reportA.healed, ...reportB.healed].sort()).toEqual([...changes].sort());
    expect(reportB.skipped.length).toBeGreaterThan(0);
  });

  test('a round that listed a change before another round settled it leaves it alone for the grace period', async () => {
    const a = await replica();
    const b = await replica({}, a.prefix);
    const change = member('web', 31);
    await a.dirty.mark(change, change);
    await pause(5);
    // B lists the change (its round is busy with others meanwhile), then A heals it and gives its claim back.
    const listedByB = await b.dirty.stale({ olderThanMs: 1, limit: 50 });
    expect(listedByB).toEqual([change]);
    const leases = (side: typeof a) =>
      createRedisRoundLease({ redis: side.redis, prefix: `${a.prefix}round:` });
    const evaluations: string[] = [];
    const round = (
      side: 'a' | 'b',
      dirty: typeof a.dirty,
      rounds: ReturnType<typeof createRedisRoundLease>,
    ) =>
      healDirtyChanges({
        dirty,
        graceMs: 60_000,
        limit: 50,
        backoff: BACKOFF,
        log: log(),
        claim: (each) => rounds.take(`heal-change:${each}`, 120_000),
        giveBack: async (each, inMs) => {
          await rounds.giveBack?.(`heal-change:${each}`, inMs);
        },
        evaluate: async ({ ref }, onReading) => {
          await onReading();
          evaluations.push(`${side} ${ref.number}`);
        },
      });
    const reportA = await round('a', { ...a.dirty, stale: async () => [change] }, leases(a));
    expect(reportA.healed).toEqual([change]);
    // B's round goes on with what it listed: the change is claimed still (for the grace), so not evaluated twice.
    const reportB = await round('b', { ...b.dirty, stale: async () => listedByB }, leases(b));
    expect(reportB.skipped).toEqual([change]);
    expect(evaluations).toEqual(['a 31']);
  });

  test('a round starts no evaluation past its time; the rest is left to the next round', async () => {
    const { dirty } = await replica();
    for (const number of [1, 2, 3]) await dirty.mark(member('web', 20 + number), `k${number}`);
    await pause(5);
    let evaluations = 0;
    const report = await healDirtyChanges({
      dirty,
      graceMs: 1,
      limit: 50,
      backoff: BACKOFF,
      log: log(),
      inTime: () => evaluations < 1,
      evaluate: async (_change, onReading) => {
        await onReading();
        evaluations++;
      },
    });
    expect(report.healed).toEqual([member('web', 21)]);
    expect(report.skipped).toEqual([member('web', 22), member('web', 23)]);
    expect(await dirty.stale({ olderThanMs: 0, limit: 10 })).toEqual([member('web', 22), member('web', 23)]);
  });
});

describe('CHANGE_GATE_HEAL_INTERVAL=off with Redis', () => {
  let server: RedisServer;
  beforeAll(async () => {
    server = await startRedisServer();
  });
  afterAll(async () => {
    await server.stop();
  });

  test('turns covering across replicas off (no dirty marks, no queued marks seen): each replica covers only its own', async () => {
    const sharing = (env: Record<string, string | undefined>) => {
      const redis = sharedRedis(env);
      const lines = log();
      return { lines, redis, made: createReplicaSharing({ env, log: lines, redis }) };
    };
    const off = sharing({ REDIS_URL: server.url, CHANGE_GATE_HEAL_INTERVAL: 'off' });
    const on = sharing({ REDIS_URL: server.url });
    expect(off.made.dirty).toBe(noDirtyChanges);
    expect(off.lines.lines.some((line) => line.includes('CHANGE_GATE_HEAL_INTERVAL=off'))).toBe(true);
    expect(on.made.dirty).not.toBe(noDirtyChanges);
    for (const { redis, lines } of [off, on]) await redis.connect(lines)?.close();
  });
});
