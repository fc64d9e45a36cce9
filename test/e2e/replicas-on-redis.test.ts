import { afterAll, beforeAll, beforeEach, describe, expect, test, vi } from 'vitest';
import type { AppProcess } from '../../sandbox/harness/app-process.ts';
import { nextGitHubSecond } from '../../sandbox/harness/next-github-second.ts';
import { SEED_PEOPLE, SEED_ROLES } from '../../sandbox/seed-org.ts';
import { DEFAULT_HEAL_INTERVAL } from '../../src/app/heal-timing.ts';
import { changeIdOf } from '../../src/core/decision/change-id.ts';
import { createSigner } from '../../src/core/history/create-signer.ts';
import { readHistory } from '../../src/core/history/read-history.ts';
import { LOW_PRIORITY_BLOCK } from '../support/change-bodies.ts';
import { startHttpReceiver } from '../support/loopback-receivers.ts';
import { type RedisServer, startRedisServer } from '../support/redis-server.ts';
import { redeliverElsewhere } from './support/redeliver-elsewhere.ts';
import { printReplicaLogsOnFailure, startReplicas } from './support/start-replica.ts';
import { useE2E } from './support/use-e2e.ts';
import { WEBHOOK_NOTIFICATIONS_CONFIG, webhookNotificationsEnv } from './support/webhook-notifications.ts';

/**
 * One change per organisation (its own installation): the issue's 200 events over 20 changes by default.
 * Each installation's writes are spaced on their own (not one limiter for all; ten times GitHub's pace in the
 * harness), so the three tests take about a minute on a busy 2-core box; REPLICA_BURST_CHANGES=4 runs a
 * smaller burst.
 */
const ORGS = Array.from(
  { length: Number(process.env.REPLICA_BURST_CHANGES ?? 20) },
  (_, index) => `org${index + 1}`,
);

const WAIT = { timeout: 90_000, interval: 500 };
/** The key prefix of the delivery claims (`createRedisDeliveryClaims`'s default). */
const CLAIMS = 'change-gate:delivery:';
const BODY = `A small fix.\n\n${LOW_PRIORITY_BLOCK}`;

/**
 * Three replicas of the app (the harness's and two more) behind the simulator's round-robin, sharing one
 * real redis-server: every webhook is delivered to one replica and redelivered to the next at once.
 */
describe('replicas on Redis', () => {
  let redis: RedisServer;
  let hook: Awaited<ReturnType<typeof startHttpReceiver>>;
  const replicas: AppProcess[] = [];
  let urls: string[] = [];
  beforeAll(async () => {
    redis = await startRedisServer();
    hook = await startHttpReceiver();
  });
  afterAll(async () => {
    for (const replica of replicas) await replica.stop();
    await hook?.close();
    await redis?.stop();
  });

  const env = () => ({
    REDIS_URL: redis.url,
    // As production runs replicas (appProcessEnv turns it off): events are marked dirty, covered across
    // replicas, and an owner is answered once its mark is written.
    CHANGE_GATE_HEAL_INTERVAL: DEFAULT_HEAL_INTERVAL,
    ...webhookNotificationsEnv(hook.url),
  });
  const e2e = useE2E({
    simulator: { deliveryMode: 'concurrent', maxDeliveriesPerSettle: 5_000 },
    env,
    seed: (sim) => {
      for (const login of Object.values(SEED_PEOPLE)) sim.createUser({ login });
      sim.createUser({ login: 'mallory' });
      for (const org of ORGS) {
        if (org !== 'acme') sim.createOrg({ login: org });
        for (const role of SEED_ROLES) sim.createTeam({ org, slug: role, members: [SEED_PEOPLE[role]] });
        for (const name of ['a', 'b', 'c']) {
          sim.createRepo({
            owner: org,
            name,
            files: {
              '.github/change-management.yml': WEBHOOK_NOTIFICATIONS_CONFIG,
              'src/app.ts': 'export {};\n',
            },
          });
        }
        sim.installApp({ app: 'change-gate', account: org });
      }
    },
  });

  // biome-ignore lint/suspicious/noDuplicateTestHooks: the replicas start once useE2E's hook started the simulator
  beforeAll(async () => {
    const started = await startReplicas(2, {
      e2e,
      env: env(),
      onStarted: (replica) => replicas.push(replica),
    });
    // Numbered in the order asked for when their logs are printed.
    replicas.splice(0, replicas.length, ...started.map(({ replica }) => replica));
    urls = [e2e.webhookUrl, ...started.map(({ webhookUrl }) => webhookUrl)];
    e2e.sim.spreadWebhooks({ app: e2e.app.id, urls });
  }, 60_000);

  beforeEach((context) => printReplicaLogsOnFailure(context, replicas));

  /** Resolves once the simulator served no request for 2 s (the replicas are done), at most a minute. */
  const quiet = async () => {
    const until = Date.now() + 60_000;
    let seen = -1;
    while (Date.now() < until && seen !== e2e.sim.requestLog.length) {
      seen = e2e.sim.requestLog.length;
      await new Promise((resolve) => setTimeout(resolve, 2_000));
    }
    await e2e.sim.settle();
  };

  const allLogs = () => [e2e.process.logs(), ...replicas.map((replica) => replica.logs())];

  const historyOf = (repo: string) => {
    const comments = e2e.sim.read.comments({ repo, number: 1 }).map((comment) => ({
      id: comment.id,
      author: comment.user?.login ?? '',
      authorIsBot: comment.user?.type === 'Bot',
      body: comment.body ?? '',
      createdAt: comment.created_at,
      updatedAt: comment.updated_at,
      edited: comment.updated_at !== comment.created_at,
    }));
    const pull = e2e.sim.read.pullRequest({ repo, number: 1 });
    return readHistory({
      comments,
      botLogin: 'change-gate[bot]',
      verifiers: [createSigner(e2e.app.privateKeyPem)],
      changeId: changeIdOf({ createdAt: pull.created_at, number: 1 }),
      repository: repo,
      number: 1,
    });
  };

  /**
   * Ten events on PR #1 of each repository, in two waves of simultaneous events. First: opened, labeled
   * `change`, four comments, a review by someone who holds no role, an unrelated label. Then, once the change
   * request is recorded (an approval given before it would not count): the change manager's approval and a
   * comment. Each change owes exactly two history entries (submitted, approved), each notified once.
   */
  const firstWave = (repos: string[]) => {
    const { sim } = e2e;
    return repos.flatMap((repo) => [
      sim.as('dana').openPullRequest({
        repo,
        title: `Fix the session timeout in ${repo}`,
        body: BODY,
        head: 'fix',
        files: { 'src/app.ts': 'export const timeout = 30;\n' },
      }),
      sim.as('dana').addLabels({ repo, number: 1, labels: ['change'] }),
      ...['Ready for review.', 'CI is green.', 'Anyone?', 'Ping.'].map((body) =>
        sim.as('dana').comment({ repo, number: 1, body }),
      ),
      sim.as('mallory').review({ repo, number: 1, event: 'APPROVE', body: 'LGTM' }),
      sim.as('dana').addLabels({ repo, number: 1, labels: ['backend'] }),
    ]);
  };
  const secondWave = (repos: string[]) => {
    const { sim } = e2e;
    return repos.flatMap((repo) => [
      sim.as('carl').review({ repo, number: 1, event: 'APPROVE', body: 'Approved.' }),
      sim.as('dana').comment({ repo, number: 1, body: 'Thanks!' }),
    ]);
  };
  const submitted = (repos: string[]) => {
    for (const repo of repos) {
      expect({ repo, events: historyOf(repo).entries.map(({ entry }) => entry.event) }).toEqual({
        repo,
        events: ['submitted'],
      });
    }
  };

  /** Both waves, each delivery also redelivered at once to the next replica; `during` runs in the first. */
  const burst = async (repos: string[], during?: () => Promise<void>) => {
    const from = e2e.sim.deliveries.length;
    const first = firstWave(repos);
    const firstAgain = redeliverElsewhere(e2e.sim, urls, from);
    const work: Array<Promise<unknown>> = [...first, ...firstAgain, during?.() ?? Promise.resolve()];
    await vi.waitFor(() => submitted(repos), WAIT);
    // GitHub stamps the approval with a whole second: in the second the change was recorded it would not count.
    await nextGitHubSecond();
    const middle = e2e.sim.deliveries.length;
    const second = secondWave(repos);
    const secondAgain = redeliverElsewhere(e2e.sim, urls, middle);
    work.push(...second, ...secondAgain);
    await Promise.all(work);
    const again = await Promise.all([...firstAgain, ...secondAgain]);
    return { events: first.length + second.length, again };
  };

  const expectSettledChanges = (repos: string[], options: { duplicatesAllowed: boolean }) => {
    for (const repo of repos) {
      const history = historyOf(repo);
      expect({ repo, events: history.entries.map(({ entry }) => entry.event) }).toEqual({
        repo,
        events: ['submitted', 'approved'],
      });
      expect(history.chainIntact).toBe(true);
      const problems = history.problems.filter(
        (problem) => !(options.duplicatesAllowed && problem.kind === 'duplicate'),
      );
      expect({ repo, problems }).toEqual({ repo, problems: [] });
      const pull = e2e.sim.read.pullRequest({ repo, number: 1 });
      const check = e2e.sim.read
        .checkRuns({ repo, ref: pull.head.sha })
        .filter((run) => run.name === 'Change Gate')
        .at(-1);
      expect({ repo, conclusion: check?.conclusion, summary: check?.output.summary }).toMatchObject({
        repo,
        conclusion: 'success',
      });
      expect(e2e.sim.read.labels({ repo, number: 1 })).toContain('change:approved');
    }
  };

  /** The notification webhook's calls for `repos`, as `repo event` lines, sorted. */
  const notified = (repos: string[]) =>
    hook.received
      .map((request) => JSON.parse(request.body) as { data: { repository: string; event: string } })
      .filter(({ data }) => repos.includes(data.repository))
      .map(({ data }) => `${data.repository} ${data.event}`)
      .sort();

  test('a burst of 10 events per change, each webhook also redelivered to another replica: nothing twice, nothing lost', async () => {
    const repos = ORGS.map((org) => `${org}/a`);
    const { events, again } = await burst(repos);
    expect(events).toBe(repos.length * 10);
    // Handlers that outlast GitHub's 10 s are answered 202 and go on: wait for the changes, then for quiet.
    await vi.waitFor(() => expectSettledChanges(repos, { duplicatesAllowed: false }), WAIT);
    await quiet();
    expectSettledChanges(repos, { duplicatesAllowed: false });
    // One notification per entry (submitted, approved), none twice, whichever replica sent it.
    await vi.waitFor(() => expect(notified(repos)).toHaveLength(repos.length * 2), { timeout: 15_000 });
    expect(notified(repos)).toEqual(
      repos.flatMap((repo) => [`${repo} approved`, `${repo} submitted`]).sort(),
    );
    const ids = hook.received.map((request) => String(request.headers['webhook-id']));
    expect(new Set(ids).size).toBe(ids.length);
    // Of each delivery the app acted on (its claim is in Redis), one copy was skipped by claim, whichever
    // replica got it first. The others asked nothing of the app (people's comments, the app's own check runs
    // and labels): no replica claimed them, and neither copy did anything.
    const claimed = new Set(
      (await redisKeys(redis.port))
        .filter((key) => key.startsWith(CLAIMS))
        .map((key) => key.slice(CLAIMS.length).replace(/#\d+$/, '')),
    );
    const skipped = new Set(
      [
        ...allLogs()
          .join('\n')
          .matchAll(/delivery (\S+) \(\S+\) is handled by another replica: skipped/g),
      ].map((match) => match[1]),
    );
    const acted = again.filter((delivery) => claimed.has(delivery.id));
    // At least the opening, the change label and the second approval of each change.
    expect(acted.length).toBeGreaterThanOrEqual(repos.length * 3);
    expect(acted.filter((delivery) => !skipped.has(delivery.id)).map((delivery) => delivery.id)).toEqual([]);
    const unclaimed = new Set(
      again
        .filter((delivery) => !claimed.has(delivery.id))
        .map((delivery) => `${delivery.event}.${delivery.action}`),
    );
    // The burst's own events (the app's answers came later): only the comments without a command.
    expect([...unclaimed]).toEqual(['issue_comment.created']);
    // Probot's throttle shares Redis too (Bottleneck's keys), with the locally installed ioredis: no npx.
    for (const logs of allLogs()) expect(logs).not.toMatch(/NPXI|not available locally/);
  }, 120_000);

  test('the same burst with GitHub failing 20% of the time (5xx, secondary rate limits, 502 after the write): nothing twice, nothing lost', async () => {
    const { sim } = e2e;
    const repos = ORGS.map((org) => `${org}/c`);
    const faultsFrom = sim.requestLog.length;
    sim.faults.add({ probability: 0.1, status: 502 });
    sim.faults.add({ route: /^(POST|PATCH|PUT|DELETE) /, kind: 'error-after-write', probability: 0.05 });
    sim.faults.add({ probability: 0.05, kind: 'secondary-rate-limit', retryAfterSeconds: 1 });
    try {
      await burst(repos);
      await vi.waitFor(() => expectSettledChanges(repos, { duplicatesAllowed: false }), WAIT);
    } finally {
      sim.faults.clear();
    }
    await quiet();
    expectSettledChanges(repos, { duplicatesAllowed: false });
    await vi.waitFor(() => expect(notified(repos)).toHaveLength(repos.length * 2), { timeout: 15_000 });
    expect(notified(repos)).toEqual(
      repos.flatMap((repo) => [`${repo} approved`, `${repo} submitted`]).sort(),
    );
    const faulted = sim.requestLog.slice(faultsFrom).filter((entry) => entry.fault);
    expect(new Set(faulted.map((entry) => entry.fault))).toEqual(
      new Set(['error 502', 'error 502 after write', 'secondary-rate-limit']),
    );
  }, 180_000);

  test('Redis killed mid-burst: replicas fall back, answer every webhook, lose nothing, and use Redis again once it is back', async () => {
    const { sim } = e2e;
    const repos = ORGS.map((org) => `${org}/b`);
    const from = sim.deliveries.length;
    await burst(repos, async () => {
      // Mid-burst: some 40 of the 200 deliveries answered (Vitest's default of 1 s is too short on a busy box).
      await vi.waitFor(
        () => expect(sim.deliveries.slice(from).filter((d) => d.done).length).toBeGreaterThan(40),
        { timeout: 30_000, interval: 20 },
      );
      await redis.kill();
    });
    await vi.waitFor(() => expectSettledChanges(repos, { duplicatesAllowed: true }), WAIT);
    await quiet();
    // Nothing lost; a copy written by two replicas while Redis was gone is a duplicate the readers ignore.
    expectSettledChanges(repos, { duplicatesAllowed: true });
    await vi.waitFor(
      () =>
        expect([...new Set(notified(repos))]).toEqual(
          repos.flatMap((repo) => [`${repo} approved`, `${repo} submitted`]).sort(),
        ),
      { timeout: 15_000 },
    );
    for (const logs of allLogs()) {
      expect(logs.match(/Redis at \S+ is unreachable/g)).toHaveLength(1);
    }
    // Replicas that wrote under their own locks read the change again (another may have written from an
    // older read after them): how the newest check run ends right (reconcileChange).
    expect(allLogs().join('\n')).toMatch(
      /written without the replicas' shared lock held throughout .*: read again/,
    );

    await redis.restart();
    await vi.waitFor(
      () => {
        for (const logs of allLogs()) expect(logs.match(/Redis at \S+ is reachable/g)).toHaveLength(2);
      },
      { timeout: 15_000 },
    );
    // Back on Redis: a new delivery the app acts on is claimed there again.
    const mark = sim.deliveries.length;
    await sim.as('dana').editPullRequest({ repo: 'org1/b', number: 1, title: 'Fix the timeout (edited)' });
    const edited = sim.deliveries.slice(mark).find((delivery) => delivery.event === 'pull_request');
    const keys = await redisKeys(redis.port);
    expect(keys.filter((key) => key.startsWith(`${CLAIMS}${edited?.id}#`))).toHaveLength(1);
  }, 120_000);
});

/** `KEYS *` over a bare socket (no client library in the test's way). */
const redisKeys = async (port: number): Promise<string[]> => {
  const { Redis } = await import('ioredis');
  const client = new Redis(port, '127.0.0.1', { lazyConnect: true });
  try {
    await client.connect();
    return await client.keys('*');
  } finally {
    client.disconnect();
  }
};
