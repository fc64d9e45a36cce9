import { Redis } from 'ioredis';
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, test, vi } from 'vitest';
import type { Delivery } from '../../sandbox/github-sim/index.ts';
import type { AppProcess } from '../../sandbox/harness/app-process.ts';
import { seedPeople, seedRepo } from '../../sandbox/seed-org.ts';
import { changeIdOf } from '../../src/core/decision/change-id.ts';
import { createSigner } from '../../src/core/history/create-signer.ts';
import { readHistory } from '../../src/core/history/read-history.ts';
import { LOW_PRIORITY_BLOCK } from '../support/change-bodies.ts';
import { type RedisServer, startRedisServer } from '../support/redis-server.ts';
import { printReplicaLogsOnFailure, startReplicas } from './support/start-replica.ts';
import { useE2E } from './support/use-e2e.ts';

const REPO = 'acme/web';
// A killed replica's lock on the repository expires after its 30 s lease before anyone else evaluates.
const WAIT = { timeout: 90_000, interval: 250 };
/** The heal round every second, for marks older than 2 s (production: 15 s and 30 s). */
const HEAL = { CHANGE_GATE_HEAL_INTERVAL: '1s', CHANGE_GATE_HEAL_GRACE: '2s' };

/**
 * Durable covering across replicas (a real redis-server, the harness's replica and two more): an event answered
 * at once because another replica had an evaluation of its change queued, or an event in flight, is not lost
 * when that replica is killed (SIGKILL): the heal round of a surviving replica evaluates the change.
 *
 * Webhooks are kept from the apps (dropped) and posted by the test to the replica it chooses; the repository's
 * lock in Redis, held by the test, keeps an evaluation queued (not reading) for as long as the test needs.
 */
describe('replicas on Redis: events lost to a killed replica are healed', () => {
  let redis: RedisServer;
  let client: Redis;
  /** The replicas started, to stop them (in the order they listened). */
  const replicas: AppProcess[] = [];
  /** Replicas b and c, each beside its own webhook URL. */
  let started: { replica: AppProcess; webhookUrl: string }[] = [];
  beforeAll(async () => {
    redis = await startRedisServer();
    client = new Redis(redis.url, { maxRetriesPerRequest: 1 });
  });
  afterAll(async () => {
    for (const replica of replicas) await replica.stop();
    client?.disconnect();
    await redis?.stop();
  });

  const env = () => ({ REDIS_URL: redis.url, ...HEAL });
  const e2e = useE2E({
    env,
    seed: (sim) => {
      seedPeople(sim, 'acme');
      seedRepo(sim, { org: 'acme', name: 'web' });
    },
  });

  // biome-ignore lint/suspicious/noDuplicateTestHooks: the replicas start once useE2E's hook started the simulator
  beforeAll(async () => {
    started = await startReplicas(2, { e2e, env: env(), onStarted: (replica) => replicas.push(replica) });
    // Numbered in the order asked for when their logs are printed.
    replicas.splice(0, replicas.length, ...started.map(({ replica }) => replica));
  }, 60_000);

  beforeEach((context) => printReplicaLogsOnFailure(context, replicas));

  /** Opens PR `number`'s change request (opened, then labeled `change`), its webhooks kept from the apps. */
  const openChangeUnseen = async (
    title: string,
  ): Promise<{ opened: Delivery; labeled: Delivery; number: number }> => {
    const { sim } = e2e;
    const from = sim.droppedDeliveries.length;
    sim.dropWebhooks(true);
    try {
      const pr = await sim.as('dana').openPullRequest({
        repo: REPO,
        title,
        body: `A small fix.\n\n${LOW_PRIORITY_BLOCK}`,
        head: title.toLowerCase().replace(/\W+/g, '-'),
        files: { [`src/${title.length}.ts`]: 'export {};\n' },
      });
      await sim.as('dana').addLabels({ repo: REPO, number: pr.number, labels: ['change'] });
      await sim.settle();
      const dropped = sim.droppedDeliveries.slice(from);
      const find = (action: string) => {
        const delivery = dropped.find((each) => each.event === 'pull_request' && each.action === action);
        if (!delivery) throw new Error(`no pull_request.${action} webhook was recorded`);
        return delivery;
      };
      return { opened: find('opened'), labeled: find('labeled'), number: pr.number };
    } finally {
      sim.dropWebhooks(false);
    }
  };

  /** Posts a recorded webhook (signed as GitHub signed it) to one replica; resolves with its status. */
  const post = async (url: string, delivery: Delivery): Promise<number> => {
    const response = await fetch(url, { method: 'POST', headers: delivery.headers, body: delivery.body });
    await response.text();
    return response.status;
  };

  const joinKey = (delivery: Delivery, number: number): string => {
    const installation = (JSON.parse(delivery.body) as { installation: { id: number } }).installation.id;
    return JSON.stringify([installation, 'acme', 'web', number]);
  };
  const LOCK = `change-gate:lock:${REPO}`;
  // A test that failed while holding the repository's lock must not hold up the next one.
  afterEach(async () => {
    if ((await client.get(LOCK)) === 'held by the test') await client.del(LOCK);
  });

  /** Takes the repository's lock as a replica would (once the replicas' own evaluations left it). */
  const holdLock = () =>
    vi.waitFor(
      async () => expect(await client.set(LOCK, 'held by the test', 'PX', 120_000, 'NX')).toBe('OK'),
      WAIT,
    );
  const queued = async (key: string) => (await client.exists(`change-gate:queued:${key}`)) === 1;
  const sigkill = (replica: AppProcess) => process.kill(-replica.pid, 'SIGKILL');

  /** The change request as the app left it: one intact "submitted" entry, its label and the gate's check. */
  const expectSubmitted = (number: number) => {
    const { sim } = e2e;
    const pull = sim.read.pullRequest({ repo: REPO, number });
    const history = readHistory({
      comments: sim.read.comments({ repo: REPO, number }).map((comment) => ({
        id: comment.id,
        author: comment.user?.login ?? '',
        authorIsBot: comment.user?.type === 'Bot',
        body: comment.body ?? '',
        createdAt: comment.created_at,
        updatedAt: comment.updated_at,
        edited: comment.updated_at !== comment.created_at,
      })),
      botLogin: 'change-gate[bot]',
      verifiers: [createSigner(e2e.app.privateKeyPem)],
      changeId: changeIdOf({ createdAt: pull.created_at, number }),
      repository: REPO,
      number,
    });
    expect(history.entries.map(({ entry }) => entry.event)).toEqual(['submitted']);
    expect(history.problems).toEqual([]);
    const check = sim.read
      .checkRuns({ repo: REPO, ref: pull.head.sha })
      .filter((run) => run.name === 'Change Gate')
      .at(-1);
    expect(check?.output.summary).toBeTruthy();
    expect(sim.read.labels({ repo: REPO, number })).toContain('change:pending-approval');
  };
  const allLogs = () => [e2e.process.logs(), ...replicas.map((replica) => replica.logs())].join('\n');

  test("an event covered by another replica's queued evaluation is evaluated after that replica is killed", async () => {
    const { opened, labeled, number } = await openChangeUnseen('Fix the timeout');
    const key = joinKey(opened, number);
    const { replica: doomed, webhookUrl: url } = started[0] as (typeof started)[number];
    await holdLock();
    // Replica b queues an evaluation of the change (it waits for the lock, so it has not begun reading), and
    // answers the delivery at once: its dirty mark is in Redis, and the heal round answers for it.
    expect(await post(url, opened)).toBe(200);
    await vi.waitFor(async () => expect(await queued(key)).toBe(true), WAIT);
    // Replica a is covered by it: it answers while the lock is still held, so without evaluating.
    expect(await post(e2e.webhookUrl, labeled)).toBe(200);
    expect(await client.get(LOCK)).toBe('held by the test');
    expect(await client.zscore('change-gate:dirty', key)).not.toBeNull();
    sigkill(doomed);
    await client.del(LOCK);
    // Nothing else delivers this change's events: the heal round of a surviving replica evaluates it.
    await vi.waitFor(() => expectSubmitted(number), WAIT);
    await vi.waitFor(async () => expect(await client.zscore('change-gate:dirty', key)).toBeNull(), WAIT);
    // Its log line may reach the pipe a moment after its writes.
    await vi.waitFor(
      () => expect(allLogs()).toMatch(/heal: acme\/web#\d+ had events no evaluation took into account/),
      WAIT,
    );
  }, 180_000);

  test('an event whose replica is killed while it reads GitHub is evaluated by the heal round', async () => {
    const { opened, labeled, number } = await openChangeUnseen('Fix the retry');
    const key = joinKey(opened, number);
    const { replica: doomed, webhookUrl: url } = started[1] as (typeof started)[number];
    // Replica c queues the event's evaluation behind the held lock, then reads slowly; it answered the event at
    // once (its dirty mark is in Redis).
    await holdLock();
    expect(await post(url, labeled)).toBe(200);
    await vi.waitFor(async () => expect(await queued(key)).toBe(true), WAIT);
    e2e.sim.setLatency({ fixedMs: 10_000 });
    try {
      await client.del(LOCK);
      // Its queued mark is taken down just before it reads: it is reading now, each request 10 s long.
      await vi.waitFor(async () => expect(await queued(key)).toBe(false), WAIT);
      await new Promise((resolve) => setTimeout(resolve, 300));
      sigkill(doomed);
    } finally {
      e2e.sim.setLatency(undefined);
    }
    expect(await client.zscore('change-gate:dirty', key)).not.toBeNull();
    await vi.waitFor(() => expectSubmitted(number), WAIT);
    await vi.waitFor(async () => expect(await client.zscore('change-gate:dirty', key)).toBeNull(), WAIT);
  }, 180_000);

  test('marks of a change, a repository or an installation that is gone are dropped by the heal round; a live one is healed', async () => {
    const { opened, number } = await openChangeUnseen('Fix the cache');
    const installation = (JSON.parse(opened.body) as { installation: { id: number } }).installation.id;
    const live = JSON.stringify([installation, 'acme', 'web', number]);
    const gone = [
      JSON.stringify([installation, 'acme', 'web', 9_999]),
      JSON.stringify([installation, 'acme', 'no-such-repo', 1]),
      JSON.stringify([987_654, 'acme', 'web', number]),
    ];
    // Marked a few seconds ago on Redis's clock (past the grace), the gone ones first (the oldest places).
    const [seconds] = (await client.time()) as [number, number];
    const at = (secondsAgo: number) => String((Number(seconds) - secondsAgo) * 1_000_000);
    for (const [index, member] of gone.entries())
      await client.zadd('change-gate:dirty', at(10 - index), member);
    await client.zadd('change-gate:dirty', at(5), live);
    await vi.waitFor(() => expectSubmitted(number), WAIT);
    await vi.waitFor(async () => {
      for (const member of [...gone, live])
        expect(await client.zscore('change-gate:dirty', member)).toBeNull();
    }, WAIT);
    expect(allLogs()).toMatch(/heal: acme\/web#9999 is gone \(.*\): its dirty mark was dropped/);
    expect(allLogs()).toMatch(/heal: acme\/no-such-repo#1 is gone/);
    // The installation's token is the first request its read makes: GitHub's 404 for it says it is gone.
    expect(allLogs()).toMatch(
      new RegExp(
        `heal: acme/web#${number} is gone \\(.*app/installations/987654/access_tokens: GitHub answered HTTP 404`,
      ),
    );
  }, 180_000);
});
