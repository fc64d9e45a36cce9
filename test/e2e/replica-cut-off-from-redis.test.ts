import { afterAll, beforeAll, beforeEach, describe, expect, test, vi } from 'vitest';
import type { AppProcess } from '../../sandbox/harness/app-process.ts';
import { freePort } from '../../sandbox/harness/free-port.ts';
import { nextGitHubSecond } from '../../sandbox/harness/next-github-second.ts';
import { SEED_CONFIG_YAML, SEED_PEOPLE, SEED_ROLES } from '../../sandbox/seed-org.ts';
import { LOW_PRIORITY_BLOCK } from '../support/change-bodies.ts';
import { type RedisServer, startRedisServer } from '../support/redis-server.ts';
import { changeScenario } from './support/change-scenario.ts';
import { redeliverElsewhere } from './support/redeliver-elsewhere.ts';
import { printReplicaLogsOnFailure, startReplica } from './support/start-replica.ts';
import { useE2E } from './support/use-e2e.ts';

/** One change per organisation (its own installation), each approved and at once rejected by carl. */
const ORGS = Array.from({ length: 6 }, (_, index) => `cut${index + 1}`);
const CONFIG = SEED_CONFIG_YAML.replace(
  /\n {2}notifications:\n(?: {4}.*\n)+/,
  '\n  notifications:\n    enabled: false\n',
);
const BODY = `A small fix.\n\n${LOW_PRIORITY_BLOCK}`;

/**
 * Three replicas behind the simulator's round-robin: the harness's app and a second share a real redis-server;
 * the third's REDIS_URL names a port nothing listens on, so it evaluates under its own lock while the others
 * hold the shared one (a replica cut off from Redis). Every webhook is also redelivered at once to the next
 * replica, and GitHub answers each request after 20–600 ms. A replica that read before the rejection may write
 * the approval after it: the gate must still end refusing, on every change (DESIGN: a rejection stands;
 * reconcileChange reads again, the heal round evaluates behind the lock what the cut-off replica could not
 * settle). This plays the end state with real processes; the interleaving itself is played step by step, and
 * shown to need those repairs, in test/unit/use-cases/reconcile-without-shared-lock.test.ts.
 */
describe('a replica cut off from Redis while the others share it', () => {
  let redis: RedisServer;
  const replicas: AppProcess[] = [];
  let urls: string[] = [];
  beforeAll(async () => {
    redis = await startRedisServer();
  });
  afterAll(async () => {
    for (const replica of replicas) await replica.stop();
    await redis?.stop();
  });
  // A quick heal round, so that what the cut-off replica left unsettled is evaluated within the test.
  const heal = { CHANGE_GATE_HEAL_INTERVAL: '1s', CHANGE_GATE_HEAL_GRACE: '2s' };
  const e2e = useE2E({
    simulator: { deliveryMode: 'concurrent', maxDeliveriesPerSettle: 5_000 },
    env: () => ({ REDIS_URL: redis.url, ...heal }),
    seed: (sim) => {
      for (const login of Object.values(SEED_PEOPLE)) sim.createUser({ login });
      for (const org of ORGS) {
        sim.createOrg({ login: org });
        for (const role of SEED_ROLES) sim.createTeam({ org, slug: role, members: [SEED_PEOPLE[role]] });
        sim.createRepo({
          owner: org,
          name: 'a',
          files: { '.github/change-management.yml': CONFIG, 'src/auth.ts': 'export {};\n' },
        });
        sim.installApp({ app: 'change-gate', account: org });
      }
    },
  });

  // biome-ignore lint/suspicious/noDuplicateTestHooks: the replicas start once useE2E's hook started the simulator
  beforeAll(async () => {
    const nowhere = `redis://127.0.0.1:${await freePort()}`;
    const started = await Promise.all(
      [redis.url, nowhere].map(async (url) => {
        const one = await startReplica({ e2e, env: { REDIS_URL: url, ...heal } });
        replicas.push(one.replica);
        return one;
      }),
    );
    replicas.splice(0, replicas.length, ...started.map(({ replica }) => replica));
    urls = [e2e.webhookUrl, ...started.map(({ webhookUrl }) => webhookUrl)];
    e2e.sim.spreadWebhooks({ app: e2e.app.id, urls });
  }, 60_000);

  beforeEach((context) => printReplicaLogsOnFailure(context, replicas));

  test('approved and at once rejected, each webhook twice: every change ends refused, its history whole', async () => {
    const { sim } = e2e;
    const changes = await Promise.all(ORGS.map((org) => changeScenario(e2e, `${org}/a`).open(BODY)));
    await nextGitHubSecond();
    // Requests take 20–600 ms each, in any order: a read may be answered long before the writes that follow it.
    sim.setLatency({ minMs: 20, maxMs: 600 });
    const from = sim.deliveries.length;
    await Promise.all(
      changes.map(async (change, index) => {
        const repo = `${ORGS[index]}/a`;
        await sim.as('carl').review({ repo, number: change.number, event: 'APPROVE', body: 'Approved.' });
        await sim
          .as('carl')
          .review({ repo, number: change.number, event: 'REQUEST_CHANGES', body: 'Not before the freeze.' });
      }),
    );
    await Promise.all(redeliverElsewhere(e2e.sim, urls, from));
    await vi.waitFor(
      () => {
        for (const change of changes) {
          expect(change.check()).toMatchObject({ status: 'completed', conclusion: 'failure' });
          expect(change.labels()).toEqual(['change:rejected']);
          expect(change.history().at(-1)).toBe('rejected');
        }
      },
      { timeout: 60_000, interval: 500 },
    );
    sim.setLatency(undefined);
    await sim.settle();
    // Once all is quiet (the heal rounds included), still refused: no late write turned a change green.
    await new Promise((resolve) => setTimeout(resolve, 4_000));
    for (const change of changes) {
      expect(change.check()?.conclusion).toBe('failure');
      expect(change.labels()).toEqual(['change:rejected']);
    }
    // The cut-off replica said so once and went on under its own lock.
    expect(replicas[1]?.logs().match(/Redis at \S+ is unreachable/g)).toHaveLength(1);
    expect(e2e.process.logs()).not.toMatch(/is unreachable/);
  }, 120_000);
});
