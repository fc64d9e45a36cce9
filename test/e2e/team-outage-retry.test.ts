import { afterAll, describe, expect, test, vi } from 'vitest';
import { seedPeople, seedRepo } from '../../sandbox/seed-org.ts';
import { readDueMarker } from '../../src/core/decision/due-marker.ts';
import { changeScenario, LOW_PRIORITY_BODY } from './support/change-scenario.ts';
import { createMovedClock } from './support/moved-clock.ts';
import { quiesce } from './support/quiesce.ts';
import { useE2E } from './support/use-e2e.ts';

const clock = createMovedClock();
const REPO = 'acme/teams';

/**
 * GitHub cannot answer team reads for a while: the team counts nobody (fail closed), and the change is due
 * again soon, so the sweep counts the approval once GitHub answers, without another event.
 */
describe('a team GitHub cannot read, then can (real app process, moved clock)', () => {
  afterAll(() => clock.remove());

  const e2e = useE2E({
    simulator: { now: clock.now },
    env: { CHANGE_GATE_CLOCK_FILE: clock.file, CHANGE_GATE_SWEEP_INTERVAL: '1s' },
    seed: (sim) => {
      seedPeople(sim, 'acme');
      seedRepo(sim, { org: 'acme', name: 'teams' });
      // The branch requires the gate, so the check's text does not depend on whether the sweep has read that yet
      // (an unenforcing branch gets a warning once the sweep read it: a legitimate rewrite of the check).
      sim.createRuleset({
        repo: REPO,
        name: 'change gate',
        requiredChecks: [{ context: 'Change Gate', app: 'change-gate' }],
      });
    },
  });

  test('an approval not counted while the team is unreadable is counted by the sweep once it can be read', async () => {
    const { sim } = e2e;
    const change = await changeScenario(e2e, REPO).open(LOW_PRIORITY_BODY);
    /** What GitHub renders of the check: summary and text, Markdown escapes removed. */
    const checkText = () => {
      const output = change.check()?.output;
      return [output?.summary, output?.text].join('\n').replace(/\\(.)/g, '$1');
    };
    expect(change.check()?.output.title).toMatch(/^Pending approval/);

    sim.setTeamOutage(true);
    try {
      await change.approve('carl');
      // Fail closed: carl's team counts nobody, and the check says why and that it will be retried. (GitHub's
      // 5xx are retried first: the evaluation may outlast the webhook's answer.)
      await vi.waitFor(() => expect(checkText()).toContain('could not be read from GitHub'), {
        timeout: 60_000,
      });
      // Other events of the approval (the label's) may have failed for now and wait for a retry: let them land.
      await quiesce(e2e);
      expect(change.check()).toMatchObject({ status: 'in_progress' });
      const shown = checkText();
      expect(shown).toContain('could not be read from GitHub');
      expect(shown).toContain('are not counted yet');
      expect(shown).toContain('at its next sweep');
      const due = readDueMarker(change.check()?.output.summary ?? null)?.due ?? null;
      expect(due).not.toBeNull();
      expect(Date.parse(due as string)).toBeLessThanOrEqual(clock.now() + 60_000);
      expect(change.labels()).toEqual(['change:pending-approval']);

      // Due: the sweep evaluates it again while GitHub still fails; nothing approves and nothing is recorded, and
      // the check, whose decision did not change, is not written again.
      const mark = sim.mark();
      const summary = change.check()?.output.summary;
      const text = change.check()?.output.text;
      clock.move(61_000);
      await vi.waitFor(
        () =>
          expect(
            sim.requestsSince(mark).filter((request) => request.graphqlOperationName === 'ChangeFacts')
              .length,
          ).toBeGreaterThanOrEqual(2),
        { timeout: 60_000 },
      );
      await quiesce(e2e);
      expect(change.check()).toMatchObject({ status: 'in_progress' });
      expect(checkText()).toContain('could not be read from GitHub');
      expect(change.check()?.output.summary).toBe(summary);
      expect(change.check()?.output.text).toBe(text);
      expect(
        sim
          .requestsSince(mark)
          .filter(
            (request) =>
              (request.method !== 'GET' && request.path.includes('/check-runs')) ||
              request.graphqlOperationName === 'CheckThenLabels',
          ),
      ).toEqual([]);
      expect(change.history()).toEqual(['submitted']);
      expect(change.labels()).toEqual(['change:pending-approval']);
    } finally {
      sim.setTeamOutage(false);
    }

    // GitHub answers again: the next sweep approves the change, with no new event on it.
    const deliveries = sim.deliveries.length;
    await vi.waitFor(
      () => {
        expect(change.check()).toMatchObject({ conclusion: 'success' });
        // Labels follow a passing check (its write lands after the check's).
        expect(change.labels()).toEqual(['change:approved']);
      },
      { timeout: 60_000 },
    );
    await sim.settle();
    expect(change.history()).toEqual(['submitted', 'approved']);
    expect(checkText()).not.toContain('could not be read from GitHub');
    // Only the app's own writes caused webhooks since: nobody acted on the change.
    const senders = sim.deliveries
      .slice(deliveries)
      .map((delivery) => (delivery.payload.sender as { login: string }).login);
    expect(senders.every((login) => login === 'change-gate[bot]')).toBe(true);
  }, 180_000);
});
