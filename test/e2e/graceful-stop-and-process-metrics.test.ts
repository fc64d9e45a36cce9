import { Redis } from 'ioredis';
import { afterAll, afterEach, beforeAll, describe, expect, test, vi } from 'vitest';
import type { AppProcess } from '../../sandbox/harness/app-process.ts';
import { seedPeople, seedRepo } from '../../sandbox/seed-org.ts';
import { parseExposition } from '../support/prometheus-exposition.ts';
import { type RedisServer, startRedisServer } from '../support/redis-server.ts';
import { LOW_PRIORITY_BODY } from './support/change-scenario.ts';
import { startReplica } from './support/start-replica.ts';
import { useE2E } from './support/use-e2e.ts';

const REPO = 'acme/web';

/**
 * What an operator relies on when running replicas: `/metrics` tells whether Redis is connected and how much
 * memory the process holds; `docker stop` (SIGTERM to `node dist/app.js`, as the image runs it) lets the
 * webhook in flight finish before the process exits.
 */
describe('a replica stopped while it answers a webhook, and the metrics of its process', () => {
  let redis: RedisServer;
  const replicas: AppProcess[] = [];
  beforeAll(async () => {
    redis = await startRedisServer();
  });
  afterAll(async () => {
    for (const replica of replicas) await replica.stop();
    await redis?.stop();
  });
  const e2e = useE2E({
    // The replica stopped after its time runs out leaves its delivery unanswered; the test checks that itself.
    allowFailedDeliveries: true,
    env: () => ({ REDIS_URL: redis.url }),
    seed: (sim) => {
      seedPeople(sim, 'acme');
      seedRepo(sim, { org: 'acme', name: 'web' });
    },
  });
  afterEach(() => {
    e2e.sim.setLatency(undefined);
    e2e.sim.spreadWebhooks({ app: e2e.app.id, urls: [e2e.webhookUrl] });
  });

  const metrics = async (url: string) => parseExposition(await (await fetch(`${url}/metrics`)).text());
  const value = (samples: Awaited<ReturnType<typeof metrics>>, name: string) =>
    samples.find((sample) => sample.name === name)?.value;

  test('/metrics follows the Redis connection down and up, and shows the process’s memory', async () => {
    // The harness waits for the server to listen, not for Redis: the connection may still be opening.
    await vi.waitFor(
      async () => expect(value(await metrics(e2e.appUrl), 'change_gate_redis_connected')).toBe(1),
      { timeout: 10_000, interval: 100 },
    );
    const samples = await metrics(e2e.appUrl);
    expect(value(samples, 'process_resident_memory_bytes')).toBeGreaterThan(20 * 2 ** 20);
    expect(value(samples, 'nodejs_heap_size_used_bytes')).toBeGreaterThan(0);
    // The sweep is off in the harness: no round has completed, so the gauge is absent rather than 0 (1970).
    expect(value(samples, 'change_gate_sweep_last_completed_timestamp_seconds')).toBeUndefined();
    await redis.kill();
    await vi.waitFor(
      async () => expect(value(await metrics(e2e.appUrl), 'change_gate_redis_connected')).toBe(0),
      { timeout: 10_000, interval: 100 },
    );
    await redis.restart();
    await vi.waitFor(
      async () => expect(value(await metrics(e2e.appUrl), 'change_gate_redis_connected')).toBe(1),
      { timeout: 10_000, interval: 100 },
    );
    expect(e2e.process.logs()).toMatch(/Redis at \S+ is unreachable/);
  });

  /**
   * A pull request opened (through the harness's app), then a replica that gets every webhook, GitHub answering
   * each of its requests after `latencyMs`: the `change` label's webhook is being handled when this resolves.
   */
  const busyReplica = async (env: Record<string, string>, latencyMs: number) => {
    const head = `fix-${Date.now()}`;
    const pr = await e2e.sim.as('dana').openPullRequest({
      repo: REPO,
      title: 'Fix',
      body: LOW_PRIORITY_BODY,
      head,
      files: { [`src/${head}.ts`]: 'export {};\n' },
    });
    await e2e.sim.settle();
    const { replica, webhookUrl } = await startReplica({
      e2e,
      // The heal round on (not due within the test): an event's dirty mark lets its delivery be answered early.
      env: { REDIS_URL: redis.url, CHANGE_GATE_HEAL_INTERVAL: '10m', ...env },
      command: 'container',
    });
    replicas.push(replica);
    e2e.sim.spreadWebhooks({ app: e2e.app.id, urls: [webhookUrl] });
    e2e.sim.setLatency({ minMs: latencyMs, maxMs: latencyMs });
    const from = e2e.sim.deliveries.length;
    const mark = e2e.sim.mark();
    const labelling = e2e.sim.as('dana').addLabels({ repo: REPO, number: pr.number, labels: ['change'] });
    // The replica is handling the webhook once it has asked GitHub something.
    await vi.waitFor(
      () =>
        expect(e2e.sim.requestsSince(mark, (entry) => entry.auth === 'installation').length).toBeGreaterThan(
          0,
        ),
      { timeout: 15_000, interval: 20 },
    );
    return {
      replica,
      labelling,
      delivery: () => e2e.sim.deliveries[from],
      labels: () => e2e.sim.read.labels({ repo: REPO, number: pr.number }),
    };
  };
  const signalGroup = (replica: AppProcess) => process.kill(-replica.pid, 'SIGTERM');
  const exited = (replica: AppProcess) =>
    vi.waitFor(() => expect(replica.exitCode()).not.toBeNull(), { timeout: 15_000, interval: 50 });

  test('SIGTERM mid-webhook: the webhook is answered, Redis closed, and the process exits 0', async () => {
    const { replica, labelling, delivery, labels } = await busyReplica({}, 400);
    const stoppedAt = Date.now();
    signalGroup(replica);
    await labelling;
    await exited(replica);
    expect(delivery()).toMatchObject({ event: 'pull_request', action: 'labeled', status: 200 });
    // The handler went on after its delivery was answered (its event recorded first, as a dirty mark in Redis),
    // and the process waited for it: the change request is recorded, its status label last of its writes.
    expect(labels()).toContain('change:pending-approval');
    expect(replica.exitCode()).toBe(0);
    expect(Date.now() - stoppedAt).toBeLessThan(20_000);
    const logs = replica.logs();
    expect(logs).toContain(
      'SIGTERM: stopping: no new webhooks; 1 handler or round running and the notifications queued given 20 s to end',
    );
    expect(logs).toMatch(/stopped after \d+ ms/);
  }, 60_000);

  test('SIGTERM with CHANGE_GATE_SHUTDOWN_TIMEOUT=1s and a webhook that takes longer: exits 1 after it', async () => {
    const { replica, labelling } = await busyReplica({ CHANGE_GATE_SHUTDOWN_TIMEOUT: '1s' }, 4_000);
    const stoppedAt = Date.now();
    signalGroup(replica);
    await exited(replica);
    const took = Date.now() - stoppedAt;
    expect(took).toBeGreaterThanOrEqual(900);
    expect(took).toBeLessThan(3_500);
    expect(replica.exitCode()).toBe(1);
    expect(replica.logs()).toContain('stopped after 1 s with 1 handler or round still running');
    await labelling;
  }, 60_000);

  test('CHANGE_GATE_PACING_FACTOR: the harness’s 0.1 is said at start; a value the app cannot read stops it at start', async () => {
    expect(e2e.process.logs()).toContain(
      "CHANGE_GATE_PACING_FACTOR=0.1: GitHub's pacing of writes and searches is multiplied by 0.1",
    );
    await expect(
      startReplica({
        e2e,
        env: { REDIS_URL: redis.url, CHANGE_GATE_PACING_FACTOR: 'fast' },
        command: 'container',
      }),
    ).rejects.toThrow(/CHANGE_GATE_PACING_FACTOR: "fast" is not a number from 0.01 to 1/);
  }, 60_000);

  test('SIGTERM while a sweep round reads GitHub: the round is waited for, and the process exits 0', async () => {
    const { replica } = await startReplica({
      e2e,
      env: { REDIS_URL: redis.url, CHANGE_GATE_SWEEP_INTERVAL: '1s' },
      command: 'container',
    });
    replicas.push(replica);
    e2e.sim.setLatency({ minMs: 400, maxMs: 400 });
    const mark = e2e.sim.mark();
    // The first round starts a second after the start, listing the installations; the simulator logs a request
    // once it has answered it, so the round then still has its search ahead (400 ms).
    await vi.waitFor(
      () =>
        expect(
          e2e.sim.requestsSince(mark, (request) => request.template === '/app/installations').length,
        ).toBeGreaterThan(0),
      { timeout: 15_000, interval: 20 },
    );
    signalGroup(replica);
    await exited(replica);
    expect(replica.exitCode()).toBe(0);
    const logs = replica.logs();
    expect(logs).toContain('SIGTERM: stopping: no new webhooks; 1 handler or round running');
    // The round went on to its search after the signal, and the process waited for it.
    expect(
      e2e.sim.requestsSince(mark, (request) => request.graphqlOperationName === 'OpenChanges').length,
    ).toBeGreaterThan(0);
    expect(Number(/stopped after (\d+) ms/.exec(logs)?.[1])).toBeGreaterThanOrEqual(250);
  }, 60_000);

  test('SIGTERM cutting a sweep round off (CHANGE_GATE_SHUTDOWN_TIMEOUT=1s): its lease is given back, for another replica’s next round', async () => {
    const admin = new Redis(redis.url, { maxRetriesPerRequest: 1 });
    try {
      const { replica } = await startReplica({
        e2e,
        // The first round 5 s after the start; its lease on the installation lasts 4.5 s.
        env: { REDIS_URL: redis.url, CHANGE_GATE_SWEEP_INTERVAL: '5s', CHANGE_GATE_SHUTDOWN_TIMEOUT: '1s' },
        command: 'container',
      });
      replicas.push(replica);
      e2e.sim.setLatency({ minMs: 3_000, maxMs: 3_000 });
      // The round took the installation's lease: its next requests (the token, the search) take 3 s each.
      await vi.waitFor(async () => expect(await admin.keys('change-gate:round:sweep:*')).toHaveLength(1), {
        timeout: 20_000,
        interval: 20,
      });
      signalGroup(replica);
      await exited(replica);
      expect(replica.exitCode()).toBe(1);
      // Gone at once, not 4.5 s after it was taken: the next replica to tick sweeps the installation.
      expect(await admin.keys('change-gate:round:sweep:*')).toEqual([]);
      expect(replica.logs()).toMatch(
        /round lease sweep:\d+ given back: the stop cut its work off, so another replica takes it up at its next round/,
      );
    } finally {
      admin.disconnect();
    }
  }, 60_000);
});
