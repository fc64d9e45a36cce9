import { afterAll, describe, expect, test, vi } from 'vitest';
import { SEED_PR_BODY, seedPeople, seedRepo } from '../../sandbox/seed-org.ts';
import { createMovedClock } from './support/moved-clock.ts';
import { useE2E } from './support/use-e2e.ts';

const HOUR = 3_600_000;
const DAY = 24 * HOUR;

/** The app and the simulator share one moved clock: the app through CHANGE_GATE_CLOCK_FILE, the simulator through `now`. */
const clock = createMovedClock();

describe('escalation and the sweep, end to end (real app process, moved clock)', () => {
  afterAll(() => clock.remove());

  const e2e = useE2E({
    simulator: { now: clock.now },
    env: { CHANGE_GATE_CLOCK_FILE: clock.file, CHANGE_GATE_SWEEP_INTERVAL: '1s' },
    seed: (sim) => {
      seedPeople(sim, 'acme');
      seedRepo(sim, { org: 'acme', name: 'web' });
    },
  });

  const openChange = async (head: string) => {
    const pr = await e2e.sim.as('dana').openPullRequest({
      repo: 'acme/web',
      title: 'Implement MFA for Admin Access',
      body: SEED_PR_BODY,
      head,
      files: { [`src/${head}.ts`]: 'export const mfa = true;\n' },
    });
    await e2e.sim.as('dana').addLabels({ repo: 'acme/web', number: pr.number, labels: ['change'] });
    return pr;
  };
  const escalations = (number: number) =>
    e2e.sim.read
      .comments({ repo: 'acme/web', number })
      .filter((comment) => comment.body?.includes('escalated (period'));
  const gateCheck = (sha: string) =>
    e2e.sim.read
      .checkRuns({ repo: 'acme/web', ref: sha })
      .filter((run) => run.name === 'Change Gate')
      .at(-1);
  const originals = (from: number) =>
    e2e.sim.deliveries.slice(from).filter((delivery) => !delivery.redelivery);
  /** Lets a few sweeps (one a second) run, so that a duplicate would have had its chance to appear. */
  const letSweepsRun = async () => {
    await e2e.sim.settle();
    await new Promise((resolve) => setTimeout(resolve, 3_000));
    await e2e.sim.settle();
  };

  test('past the timeout: exactly one escalation per period, also with every webhook redelivered', async () => {
    const { sim } = e2e;
    const from = sim.deliveries.length;
    const pr = await openChange('mfa');
    await sim.settle();
    expect(gateCheck(pr.headSha)?.output.title).toMatch(/^Pending approval/);
    expect(sim.read.labels({ repo: 'acme/web', number: pr.number })).not.toContain('change:overdue');

    clock.move(DAY + 60_000);
    await vi.waitFor(() => expect(escalations(pr.number)).toHaveLength(1), { timeout: 60_000 });
    for (const delivery of originals(from)) await sim.redeliver(delivery.id);
    await letSweepsRun();
    expect(escalations(pr.number)).toHaveLength(1);
    const [first] = escalations(pr.number);
    expect(first?.body).toContain('escalated (period 1) — to @acme/change-manager');
    expect(sim.read.labels({ repo: 'acme/web', number: pr.number })).toContain('change:overdue');
    expect(gateCheck(pr.headSha)?.output.summary).toContain('**Overdue:**');

    clock.move(DAY);
    await vi.waitFor(() => expect(escalations(pr.number)).toHaveLength(2), { timeout: 60_000 });
    for (const delivery of originals(from)) await sim.redeliver(delivery.id);
    await letSweepsRun();
    expect(escalations(pr.number).map((comment) => /period (\d+)/.exec(comment.body ?? '')?.[1])).toEqual([
      '1',
      '2',
    ]);
  }, 300_000);

  test('a change whose webhooks were all dropped is healed by the next sweep', async () => {
    const { sim } = e2e;
    sim.dropWebhooks(true);
    const pr = await openChange('dropped');
    sim.dropWebhooks(false);
    expect(sim.droppedDeliveries.length).toBeGreaterThan(0);
    expect(gateCheck(pr.headSha)).toBeUndefined();

    await vi.waitFor(
      () => {
        expect(gateCheck(pr.headSha)?.output.title).toMatch(/^Pending approval/);
        expect(sim.read.labels({ repo: 'acme/web', number: pr.number })).toContain('change:pending-approval');
      },
      { timeout: 60_000 },
    );
    await letSweepsRun();
  }, 120_000);

  test('a sweep when nothing is due costs one API call (per 100 open changes) besides the app listing its installations', async () => {
    const { sim } = e2e;
    await letSweepsRun();
    const searches = () =>
      sim.requestLog.filter(
        (entry) => entry.api === 'graphql' && entry.graphqlOperationName === 'OpenChanges',
      );
    const mark = sim.mark();
    await vi.waitFor(
      () => expect(searches().filter((entry) => entry.seq > mark.seq).length).toBeGreaterThanOrEqual(3),
      { timeout: 60_000 },
    );
    const [a, , c] = searches().filter((entry) => entry.seq > mark.seq);
    const between = sim.requestLog.filter(
      (entry) => entry.seq >= (a?.seq ?? 0) && entry.seq < (c?.seq ?? 0) && entry.auth === 'installation',
    );
    // Two sweeps, two requests with the installation's token: the searches themselves.
    expect(between.map((entry) => entry.graphqlOperationName ?? `${entry.method} ${entry.path}`)).toEqual([
      'OpenChanges',
      'OpenChanges',
    ]);
  }, 120_000);
});
