import { afterAll, describe, expect, test, vi } from 'vitest';
import { seedPeople, seedRepo } from '../../sandbox/seed-org.ts';
import { parseExposition } from '../support/prometheus-exposition.ts';
import { changeScenario, LOW_PRIORITY_BODY } from './support/change-scenario.ts';
import { createMovedClock } from './support/moved-clock.ts';
import { useE2E } from './support/use-e2e.ts';

const MINUTE = 60_000;

/** The app and the simulator share one moved clock (the sweep's listings are on the app's clock). */
const clock = createMovedClock();

describe('a deploy whose protection-rule event was missed is released by the sweep, not by an approval event', () => {
  afterAll(() => clock.remove());

  const e2e = useE2E({
    simulator: { now: clock.now },
    env: { CHANGE_GATE_CLOCK_FILE: clock.file, CHANGE_GATE_SWEEP_INTERVAL: '1s' },
    seed: (sim) => {
      seedPeople(sim, 'acme');
      seedRepo(sim, { org: 'acme', name: 'missed' });
      sim.createEnvironment({ repo: 'acme/missed', name: 'production', protectionRuleApps: ['change-gate'] });
    },
  });

  test('the approval lists nothing; the sweep lists the waiting runs once per 10 minutes and releases the run', async () => {
    const { sim } = e2e;
    const repo = 'acme/missed';
    const start = sim.mark();
    const change = await changeScenario(e2e, repo).open(LOW_PRIORITY_BODY);
    const listingsSince = (mark: typeof start) =>
      sim.requestsSince(mark).filter((request) => request.template === '/repos/{owner}/{repo}/actions/runs');
    // The sweep's first round over the repository (now that it has an open change) lists its waiting runs.
    await vi.waitFor(() => expect(listingsSince(start)).toHaveLength(1), { timeout: 30_000 });

    // The deploy's deployment_protection_rule event is lost: the app never hears of the waiting run.
    sim.dropWebhooks(true);
    const run = await sim
      .as('dana')
      .startDeploymentWorkflow({ repo, environment: 'production', ref: 'change' });
    sim.dropWebhooks(false);
    expect(sim.droppedDeliveries.length).toBeGreaterThan(0);
    expect(sim.read.workflowRun({ runId: run.runId }).protection[0]?.state).toBe('pending');

    const mark = sim.mark();
    await change.approve('carl');
    expect(change.check()).toMatchObject({ status: 'completed', conclusion: 'success' });
    // Let a few sweeps (one a second) pass: within the listing interval none lists the runs again.
    await new Promise((resolve) => setTimeout(resolve, 3_000));
    await sim.settle();
    const listings = () => listingsSince(mark);
    // The approval event released only the runs known to wait (none): it did not list the repository's.
    expect(listings()).toEqual([]);
    expect(sim.read.workflowRun({ runId: run.runId }).protection[0]?.state).toBe('pending');

    // Past the listing interval, the next sweep lists the waiting runs, reads the gate afresh, and releases it.
    clock.move(11 * MINUTE);
    await vi.waitFor(
      () => expect(sim.read.workflowRun({ runId: run.runId }).protection[0]?.state).toBe('approved'),
      { timeout: 60_000 },
    );
    expect(sim.read.workflowRun({ runId: run.runId }).protection[0]?.comment).toMatch(/CHG-\d{4}-001/);
    expect(listings().length).toBeGreaterThanOrEqual(1);
  }, 120_000);

  test('/metrics: the time of the last sweep round without a failure, which a failing round leaves as it was', async () => {
    const { sim } = e2e;
    const metrics = async () => parseExposition(await (await fetch(`${e2e.appUrl}/metrics`)).text());
    const lastCompleted = async () =>
      (await metrics()).find((sample) => sample.name === 'change_gate_sweep_last_completed_timestamp_seconds')
        ?.value ?? 0;
    // Rounds run every second: the last one completed moments ago (the gauge is real time, not the moved clock).
    await vi.waitFor(async () => expect(Date.now() / 1000 - (await lastCompleted())).toBeLessThan(3), {
      timeout: 15_000,
    });
    const buckets = (await metrics()).filter(
      (sample) => sample.name === 'change_gate_sweep_duration_seconds_bucket',
    );
    expect(buckets.map((bucket) => bucket.labels.le)).toEqual(
      expect.arrayContaining(['900', '1800', '3600']),
    );

    // GitHub refuses the sweep's search: every round ends, each with a failed installation (counted), and the
    // gauge stays where it was.
    const failures = async () =>
      (await metrics()).find((sample) => sample.name === 'change_gate_sweep_failures_total')?.value ?? 0;
    const failuresBefore = await failures();
    const mark = sim.mark();
    const logsAt = e2e.process.logOffset();
    const failedRounds = () => e2e.process.logsSince(logsAt).match(/sweep of acme failed/g)?.length ?? 0;
    sim.faults.add({ route: 'POST /graphql', graphqlOperation: 'OpenChanges', status: 422 });
    try {
      // A round that searched before the fault may still end cleanly: the gauge is read after a failed round.
      await vi.waitFor(() => expect(failedRounds()).toBeGreaterThanOrEqual(1), { timeout: 15_000 });
      const before = await lastCompleted();
      await vi.waitFor(() => expect(failedRounds()).toBeGreaterThanOrEqual(3), { timeout: 15_000 });
      expect(await lastCompleted()).toBe(before);
      expect((await failures()) - failuresBefore).toBeGreaterThanOrEqual(3);
      const searches = sim
        .requestsSince(mark)
        .filter((request) => request.graphqlOperationName === 'OpenChanges');
      expect(searches.every((request) => request.status === 422)).toBe(true);
    } finally {
      sim.faults.clear();
    }
    const failedUntil = Date.now() / 1000;
    await vi.waitFor(async () => expect(await lastCompleted()).toBeGreaterThan(failedUntil), {
      timeout: 15_000,
    });
  }, 60_000);
});
