import { afterAll, beforeAll, describe, expect, test, vi } from 'vitest';
import type { AppProcess } from '../../sandbox/harness/app-process.ts';
import { seedPeople } from '../../sandbox/seed-org.ts';
import { startHttpReceiver } from '../support/loopback-receivers.ts';
import { type RedisServer, startRedisServer } from '../support/redis-server.ts';
import { LOW_PRIORITY_BODY } from './support/change-scenario.ts';
import { printReplicaLogsOnFailure, startReplica } from './support/start-replica.ts';
import { useE2E } from './support/use-e2e.ts';
import { WEBHOOK_NOTIFICATIONS_CONFIG, webhookNotificationsEnv } from './support/webhook-notifications.ts';

const REPO = 'acme/web';

/**
 * A replica stopped while a notification waits to be tried again (its webhook answering 503): the stop runs out
 * of time, hands the notification's claim back in Redis and keeps the delivery there before it exits, and
 * another replica's next round sends it, with no event on the change. Before, the claim stood in Redis for 7
 * days and the notification was never sent; then, only an evaluation of the change within 10 minutes sent it.
 */
describe('a stop out of time hands back the notifications waiting to be tried again (real processes, Redis)', () => {
  let redis: RedisServer;
  let hook: Awaited<ReturnType<typeof startHttpReceiver>>;
  const replicas: AppProcess[] = [];
  beforeAll(async () => {
    redis = await startRedisServer();
    // The first two attempts fail (503): the notification then waits 2 s before its third.
    hook = await startHttpReceiver({ statuses: [503, 503] });
  });
  afterAll(async () => {
    for (const replica of replicas) await replica.stop();
    await hook?.close();
    await redis?.stop();
  });
  const env = () => ({
    REDIS_URL: redis.url,
    // The round that sends what stopped replicas handed back runs every heal interval.
    CHANGE_GATE_HEAL_INTERVAL: '1s',
    ...webhookNotificationsEnv(hook.url),
  });
  const e2e = useE2E({
    env,
    seed: (sim) => {
      seedPeople(sim, 'acme');
      sim.createRepo({
        owner: 'acme',
        name: 'web',
        files: {
          '.github/change-management.yml': WEBHOOK_NOTIFICATIONS_CONFIG,
          'src/app.ts': 'export {};\n',
        },
      });
    },
  });
  const submitted = () =>
    hook.received.filter(
      (request) => (JSON.parse(request.body) as { data: { event: string } }).data.event === 'submitted',
    );

  test('the stopping replica gives the claim back and keeps the delivery; another replica sends it, once', async (context) => {
    const { sim } = e2e;
    const { replica, webhookUrl } = await startReplica({
      e2e,
      env: { ...env(), CHANGE_GATE_SHUTDOWN_TIMEOUT: '2s' },
      command: 'container',
    });
    replicas.push(replica);
    printReplicaLogsOnFailure(context, replicas);
    // The change is submitted on the replica alone.
    sim.spreadWebhooks({ app: e2e.app.id, urls: [webhookUrl] });
    const pr = await sim.as('dana').openPullRequest({
      repo: REPO,
      title: 'Fix',
      body: LOW_PRIORITY_BODY,
      head: 'fix',
      files: { 'src/fix.ts': 'export {};\n' },
    });
    await sim.as('dana').addLabels({ repo: REPO, number: pr.number, labels: ['change'] });
    await sim.settle();
    // Its notification failed once and waits a second before its next attempt: the replica is stopped then. The
    // queue is not idle (the second attempt fails too, then waits 2 s), so the stop runs out of time.
    await vi.waitFor(() => expect(submitted()).toHaveLength(1), { timeout: 15_000, interval: 20 });
    process.kill(-replica.pid, 'SIGTERM');
    await vi.waitFor(() => expect(replica.exitCode()).not.toBeNull(), { timeout: 15_000, interval: 50 });
    expect(replica.exitCode()).toBe(1);
    const logs = replica.logs();
    expect(logs).toMatch(
      /notification handed back by a stop: CHG-\d{4}-\d{3} submitted by webhook \(kept in Redis: another replica sends it\)/,
    );
    expect(logs).toContain('1 notification delivery waiting to be tried again handed back');
    // Its claim is gone from Redis and the delivery kept there: the harness's app, the other replica, sends it
    // at its next round (within a second: it may have already), with no event on the change.
    await vi.waitFor(() => expect(submitted()).toHaveLength(3), { timeout: 15_000, interval: 50 });
    expect(e2e.process.logs()).toMatch(
      /notification taken from a stopped process's hand-back, to send here \(its claim first\): CHG-\d{4}-\d{3} submitted by webhook/,
    );
    // Once: an evaluation of the change within 10 minutes of its entry finds it claimed.
    sim.spreadWebhooks({ app: e2e.app.id, urls: [e2e.webhookUrl] });
    await sim.as('erin').review({ repo: REPO, number: pr.number, event: 'APPROVE' });
    await sim.settle();
    await new Promise((resolve) => setTimeout(resolve, 500));
    expect(submitted()).toHaveLength(3);
  }, 60_000);
});
