import { Redis } from 'ioredis';
import { afterAll, beforeAll, describe, expect, test, vi } from 'vitest';
import { seedPeople, seedRepo } from '../../sandbox/seed-org.ts';
import { type RedisServer, startRedisServer } from '../support/redis-server.ts';
import { changeScenario, LOW_PRIORITY_BODY } from './support/change-scenario.ts';
import { useE2E } from './support/use-e2e.ts';

const REPO = 'acme/locks';
const WAIT = { timeout: 60_000, interval: 200 };
/** The heal round every second, for marks older than 2 s (production: 15 s and 30 s). */
const HEAL = { CHANGE_GATE_HEAL_INTERVAL: '1s', CHANGE_GATE_HEAL_GRACE: '2s' };
const USER = 'nolock';
const PASSWORD = 'a-test-password';
/**
 * Every key the app uses but the replicas' locks (`change-gate:lock:…`): its marks, claims and caches
 * (`change-gate:` then any other letter) and nothing else of ours.
 */
const WITHOUT_LOCKS = '~change-gate:[^l]*';

/**
 * A replica that reaches Redis but cannot take the change's lock there (Redis refuses the lock's `SET` to its
 * user: an ACL here; in production a `SET` that failed here, timed out or refused with `OOM`, while another
 * replica may hold the lease): it
 * evaluates under its own lock, so another replica may still write from an older read after it. The event's
 * dirty mark then stays (reconcile-from-event's `onUnsettled`), the heal round evaluates the change again and,
 * still without the lock, keeps the mark (heal-schedule's retry); once the lock can be taken, a heal round
 * evaluates behind it and the mark goes. Played with the real app and a real redis-server.
 */
describe('a replica that reaches Redis but not the replicas’ lock', () => {
  let redis: RedisServer;
  let admin: Redis;
  beforeAll(async () => {
    redis = await startRedisServer();
    admin = new Redis(redis.url, { maxRetriesPerRequest: 1 });
    await admin.call('ACL', 'SETUSER', USER, 'on', `>${PASSWORD}`, 'resetkeys', WITHOUT_LOCKS, '&*', '+@all');
  });
  afterAll(async () => {
    admin?.disconnect();
    await redis?.stop();
  });
  const asUser = () => redis.url.replace('redis://', `redis://${USER}:${PASSWORD}@`);

  const e2e = useE2E({
    env: () => ({ REDIS_URL: asUser(), ...HEAL }),
    seed: (sim) => {
      seedPeople(sim, 'acme');
      seedRepo(sim, { org: 'acme', name: 'locks' });
    },
  });

  test('its changes stay marked dirty until a heal round evaluates them behind the lock', async () => {
    const change = await changeScenario(e2e, REPO).open(LOW_PRIORITY_BODY);
    const marked = async () => {
      const members = await admin.zrange('change-gate:dirty', 0, -1);
      return members.filter((member) => member.endsWith(`"acme","locks",${change.number}]`));
    };
    // The change is evaluated without the lock (the app answers the delivery first, then evaluates): its mark
    // stays, so the heal round takes it up below (were it cleared, no heal round would ever see it).
    await vi.waitFor(
      () =>
        expect(e2e.sim.read.labels({ repo: REPO, number: change.number })).toContain(
          'change:pending-approval',
        ),
      WAIT,
    );
    expect(await marked()).toHaveLength(1);
    // Heal rounds take it up and, still without the lock, leave the mark for a later round.
    await vi.waitFor(
      () =>
        expect(e2e.process.logs()).toMatch(/evaluated without the replicas' shared lock: tried again later/),
      WAIT,
    );
    expect(await marked()).toHaveLength(1);
    expect(e2e.process.logs()).toMatch(/lock change-gate:lock:acme\/locks: not taken \(NOPERM/);
    // The lock can be taken again: the next round settles the change and its mark goes.
    await admin.call('ACL', 'SETUSER', USER, '~change-gate:lock:*');
    await vi.waitFor(async () => expect(await marked()).toEqual([]), WAIT);
    expect(e2e.process.logs()).toMatch(/lock change-gate:lock:acme\/locks: taken again/);
    expect(e2e.sim.read.labels({ repo: REPO, number: change.number })).toContain('change:pending-approval');
  }, 120_000);
});
