import { describe, expect, test } from 'vitest';
import { actionsToken } from '../../sandbox/harness/actions-token.ts';
import { runAction } from '../../sandbox/harness/run-action.ts';
import { SEED_CONFIG_YAML, seedPeople, seedRepo } from '../../sandbox/seed-org.ts';
import { LOW_PRIORITY_BLOCK } from '../support/change-bodies.ts';
import { changeScenario } from './support/change-scenario.ts';
import { useE2E } from './support/use-e2e.ts';

const HOUR = 3_600_000;
const DAY = 24 * HOUR;

/** A local date-time in UTC, as a config window writes it. */
const local = (instant: number) => new Date(instant).toISOString().slice(0, 16);

/** One-off maintenance windows, relative to the real clock (the app and the action read it). */
const configWith = (windows: Array<{ name: string; start: number; end: number }>) =>
  `${SEED_CONFIG_YAML}\n  maintenance_windows:\n${windows
    .map(
      (window) =>
        `    - name: ${window.name}\n      timezone: UTC\n      start: "${local(window.start)}"\n      end: "${local(window.end)}"\n`,
    )
    .join('')}`;

/** The low-priority change block, asking for a maintenance window (with a `scheduled_time` when given). */
const windowChange = (scheduledTime?: string) =>
  `A fix for a quiet hour.\n\n${LOW_PRIORITY_BLOCK.replace(
    '\n```',
    `\n  maintenance_window: true${scheduledTime ? `\n  scheduled_time: "${scheduledTime}"` : ''}\n\`\`\``,
  )}`;

describe('maintenance windows: the gating action against the simulator, on the real clock', () => {
  let token = '';
  let nextWeek = 0;
  const e2e = useE2E({
    seed: (sim) => {
      const now = Date.now();
      // Minutes are what a config window can say: start on the minute, a week ahead.
      nextWeek = Math.floor((now + 7 * DAY) / 60_000) * 60_000;
      seedPeople(sim, 'acme');
      seedRepo(sim, {
        org: 'acme',
        name: 'later',
        config: configWith([{ name: 'next week', start: nextWeek, end: nextWeek + HOUR }]),
      });
      seedRepo(sim, {
        org: 'acme',
        name: 'now',
        config: configWith([
          { name: 'right now', start: now - HOUR, end: now + HOUR },
          { name: 'next week', start: nextWeek, end: nextWeek + HOUR },
        ]),
      });
      seedRepo(sim, {
        org: 'acme',
        name: 'slot',
        config: configWith([{ name: 'next week', start: nextWeek, end: nextWeek + HOUR }]),
      });
      token = actionsToken(sim, 'acme');
    },
  });
  const gate = (repo: string, sha: string, environment = 'production') =>
    runAction({ apiUrl: e2e.sim.apiUrl, token, repository: repo, sha, inputs: { environment } });

  test('outside every window: refused with outside_window and the next window; staging is not held', async () => {
    const repo = 'acme/later';
    const change = await changeScenario(e2e, repo).open(windowChange());
    await change.approve('carl');
    expect(change.check()?.conclusion).toBe('success');
    expect(change.summary()).toContain('Deploys to production only in a maintenance window');

    const refused = await gate(repo, change.headSha);
    expect(refused.code).toBe(1);
    expect(refused.outputs.status).toBe('outside_window');
    expect(refused.stdout).toContain(
      `the next is maintenance window "next week" from ${new Date(nextWeek).toISOString()}`,
    );
    expect(e2e.sim.read.deployments({ repo, environment: 'production' })).toEqual([]);

    const staging = await gate(repo, change.headSha, 'staging');
    expect(staging.outputs.status).toBe('approved');
    expect(staging.code).toBe(0);
  });

  test('inside a configured window: allowed', async () => {
    const repo = 'acme/now';
    const change = await changeScenario(e2e, repo).open(windowChange());
    await change.approve('carl');
    const allowed = await gate(repo, change.headSha);
    expect(allowed.stdout).toContain('deploys inside maintenance window "right now"');
    expect(allowed.outputs.status).toBe('approved');
    expect(allowed.code).toBe(0);
    expect(e2e.sim.read.deployments({ repo, environment: 'production' })).toHaveLength(1);
  });

  test('inside its own scheduled slot: allowed', async () => {
    const repo = 'acme/slot';
    const slotStart = new Date(Date.now() - HOUR / 2).toISOString();
    const change = await changeScenario(e2e, repo).open(windowChange(slotStart));
    await change.approve('carl');
    const allowed = await gate(repo, change.headSha);
    expect(allowed.stdout).toContain('deploys inside its scheduled slot');
    expect(allowed.outputs.status).toBe('approved');
    expect(allowed.code).toBe(0);
  });
});
