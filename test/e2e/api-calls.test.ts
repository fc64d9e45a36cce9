import { describe, expect, test } from 'vitest';
import {
  CALL_TARGETS,
  type EventFigures,
  measureEvent,
  measureLifecycle,
} from '../../sandbox/harness/measure-event-calls.ts';
import { seedPeople, seedRepo } from '../../sandbox/seed-org.ts';
import { useE2E } from './support/use-e2e.ts';

const show = (rows: EventFigures[]) =>
  rows.map(
    (row) =>
      `${row.event}: ${row.calls} calls, ${row.roundTrips} round trips\n  ${row.requests.join('\n  ')}`,
  );

describe('GitHub API calls per event (issue #16: ≤ 1 when nothing changes, ≤ 4 otherwise, ≤ 25 per lifecycle)', () => {
  const e2e = useE2E({
    seed: (sim) => {
      seedPeople(sim, 'acme');
      seedRepo(sim, { org: 'acme', name: 'lifecycle' });
      sim.createEnvironment({
        repo: 'acme/lifecycle',
        name: 'production',
        protectionRuleApps: ['change-gate'],
      });
    },
  });

  test('a whole lifecycle, and events that change nothing cost one read each', async () => {
    const { sim } = e2e;
    const repo = 'acme/lifecycle';
    const lifecycle = await measureLifecycle({ sim, repo });
    const quiet = [
      await measureEvent({
        sim,
        event: 'issue_comment.created, no command',
        target: CALL_TARGETS.noOp,
        act: () => sim.as('erin').comment({ repo, number: 1, body: 'Looks good' }),
      }),
      await measureEvent({
        sim,
        event: 'pull_request.edited, block unchanged',
        target: CALL_TARGETS.noOp,
        act: () => sim.as('dana').editPullRequest({ repo, number: 1, title: 'MFA for admins' }),
      }),
    ];
    console.log(show([...lifecycle.events, ...quiet]).join('\n'));
    const calls = Object.fromEntries([...lifecycle.events, ...quiet].map((row) => [row.event, row.calls]));

    // Targets met: an event that changes nothing reads once (one GraphQL query: facts, config, teams) or not at all.
    expect(calls['issue_comment.created, no command']).toBe(0);
    expect(calls['pull_request.edited, block unchanged']).toBe(1);
    // An approval that does not complete the change: the read, then the check brought up to date.
    expect(calls['pull_request_review.submitted (sam)']).toBe(2);
    expect(calls['pull_request_review.submitted (erin)']).toBe(2);
    for (const row of lifecycle.events.filter((event) => event.calls <= CALL_TARGETS.stateChanging)) {
      expect(row.roundTrips, row.event).toBeLessThanOrEqual(row.calls);
    }

    // Above the targets, the floor reached (nothing here may grow; see README "GitHub API calls per event").
    for (const [event, floor] of Object.entries(FLOORS)) {
      expect(calls[event], event).toBeLessThanOrEqual(floor);
    }
    expect(lifecycle.calls).toBeLessThanOrEqual(LIFECYCLE_FLOOR);
  }, 180_000);
});

/** What each event costs at most today, and what each call is for. */
const FLOORS: Record<string, number> = {
  // app JWT + installation token (once an hour), the read, the check run
  'pull_request.opened (not yet a change)': 4,
  // the read; the teams (first change in the organization); ruleset + branch protection of the base (cached
  // per branch); check (not passing: first, so that it shows at once), labels, label colour (first use in the
  // repository), the signed "submitted" entry, the implementation-steps comment, the check with the chain head
  'pull_request.labeled → submitted': 10,
  // the read, the "approved" entry, the passing check (after the entry), labels, label colour (first use),
  // the repository's waiting runs (a deploy may wait for this approval)
  'pull_request_review.submitted (carl) → approved': 6,
  // the read, the waiting runs
  'pull_request.closed (merged)': 2,
  // the gate's reads (config, repository, compare, deployments and their statuses, the merged PRs, their
  // checks), its answer; the deployment record's reads (same, again), then the change: read, labels, label
  // colour, "implementing" entry, steps comment, steps comment edited
  'deployment_protection_rule.requested → gate approves': 21,
  // the deployment record's reads, the change: read, labels, colour, "completed" entry, steps comment, its
  // edit; the environment's "deployed" check run (read, create)
  'deployment_status success → implementing, completed': 15,
};

/** The lifecycle above, in total (99 before the facts query read the config and the teams); the target is 25. */
const LIFECYCLE_FLOOR = 62;
