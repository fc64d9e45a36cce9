import { afterAll, beforeAll, describe, expect, test, vi } from 'vitest';
import { seedPeople, seedRepo } from '../../sandbox/seed-org.ts';
import { type RedisServer, startRedisServer } from '../support/redis-server.ts';
import { changeScenario, LOW_PRIORITY_BODY } from './support/change-scenario.ts';
import { useE2E } from './support/use-e2e.ts';

const REPO = 'acme/redeliver';
const COPIES = 4;

/**
 * Redelivering a webhook from GitHub's UI (the same delivery id) on replicas that share Redis: a delivery that
 * was answered because an evaluation queued for its change covered it ("covered") is handled again when that
 * evaluation failed; a delivery its own evaluation handled stays handled (skipped).
 */
describe('manual redelivery of a covered delivery (real app on Redis)', () => {
  let redis: RedisServer;
  beforeAll(async () => {
    redis = await startRedisServer();
  });
  afterAll(async () => {
    await redis?.stop();
  });

  const e2e = useE2E({
    // A failed event is not retried by the app: only a redelivery can handle it again.
    env: () => ({
      REDIS_URL: redis.url,
      CHANGE_GATE_EVENT_RETRY: 'off',
      LOG_LEVEL: 'debug',
      LOG_FORMAT: 'json',
    }),
    seed: (sim) => {
      seedPeople(sim, 'acme');
      seedRepo(sim, { org: 'acme', name: 'redeliver' });
    },
  });

  interface LogLine {
    level?: number;
    msg?: string;
    /** The delivery id, on the lines of our handlers' logger. */
    delivery?: string;
    /** The delivery id, on Probot's own lines. */
    id?: string;
  }
  /** The app's JSON log lines since `offset`. */
  const logLines = (offset: number): LogLine[] =>
    e2e.process
      .logsSince(offset)
      .split('\n')
      .flatMap((line) => {
        try {
          return [JSON.parse(line) as LogLine];
        } catch {
          return [];
        }
      });

  test('a covered delivery whose covering evaluation failed evaluates again when redelivered; a handled one does not', async () => {
    const { sim } = e2e;
    const change = await changeScenario(e2e, REPO).open(LOW_PRIORITY_BODY);
    const opened = sim.deliveries.find(
      (delivery) => delivery.event === 'pull_request' && delivery.action === 'opened',
    );
    if (!opened) throw new Error('no pull_request.opened delivery was recorded');
    /** Sends the opened webhook again as delivery `id` (GitHub signs the body only); resolves with the status. */
    const deliver = async (id: string): Promise<number> => {
      const response = await fetch(e2e.webhookUrl, {
        method: 'POST',
        headers: { ...opened.headers, 'x-github-delivery': id },
        body: opened.body,
      });
      await response.arrayBuffer();
      return response.status;
    };
    const factsReadsSince = (mark: ReturnType<typeof sim.mark>) =>
      sim.requestsSince(mark).filter((request) => request.graphqlOperationName === 'ChangeFacts').length;

    // GitHub's GraphQL is down: every evaluation fails. Deliveries arriving together on one change: the first
    // evaluates, the next queue one evaluation behind it, and those after join that one ("covered").
    const offset = e2e.process.logOffset();
    sim.faults.add({ route: /^POST \/(api\/)?graphql$/, status: 502 });
    const ids = Array.from({ length: COPIES }, (_, index) => `redeliver-${Date.now()}-${index}`);
    const coveredIn = (lines: LogLine[]) => [
      ...new Set(
        lines
          .filter((line) => line.msg?.startsWith('covered by an evaluation'))
          .map((line) => line.delivery ?? ''),
      ),
    ];
    let covered: string[] = [];
    try {
      await Promise.all(ids.map((id) => deliver(id)));
      // Every evaluation failed for good (GitHub's 502s retried first) before GitHub answers again.
      await vi.waitFor(
        () => {
          const lines = logLines(offset);
          covered = coveredIn(lines);
          // Probot logs a failed delivery as an error naming its id; one answered early (its dirty mark written
          // in Redis) fails after its answer, logged by the app with the delivery's id.
          const failed = lines
            .filter((line) => (line.level ?? 0) >= 50)
            .map((line) => line.id ?? line.delivery);
          expect(ids.filter((id) => !covered.includes(id) && !failed.includes(id))).toEqual([]);
        },
        { timeout: 120_000, interval: 1_000 },
      );
      await sim.settle();
    } finally {
      sim.faults.clear();
    }
    expect(covered.length, 'no delivery was covered: the scenario did not happen').toBeGreaterThan(0);
    expect(ids).toEqual(expect.arrayContaining(covered));
    expect(change.check()?.output.title).toMatch(/^Pending approval/);

    // Redelivered by hand (same id), GitHub answering again: each covered delivery is evaluated, not skipped.
    for (const id of covered) {
      const mark = sim.mark();
      const before = e2e.process.logOffset();
      expect(await deliver(id)).toBeLessThan(300);
      await sim.settle();
      expect(factsReadsSince(mark)).toBeGreaterThanOrEqual(1);
      expect(logLines(before).some((line) => line.msg?.includes('skipped'))).toBe(false);
    }

    // Each was handled by its own evaluation this time: redelivering it again does nothing.
    for (const id of covered) {
      const mark = sim.mark();
      const before = e2e.process.logOffset();
      expect(await deliver(id)).toBeLessThan(300);
      await sim.settle();
      expect(factsReadsSince(mark)).toBe(0);
      await vi.waitFor(() =>
        expect(
          logLines(before).some(
            (line) => line.msg === `delivery ${id} (pull_request) is handled by another replica: skipped`,
          ),
        ).toBe(true),
      );
    }
  }, 180_000);
});
