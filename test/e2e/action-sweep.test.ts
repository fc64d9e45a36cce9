import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import type { GitHubSimulator, SeededApp } from '../../sandbox/github-sim/index.ts';
import { createMovedClock } from './support/moved-clock.ts';
import { type SweepWorkflow, startSweepWorkflow } from './support/sweep-workflow.ts';

const DAY = 24 * 3_600_000;

/**
 * A team without a long-running app process: webhooks reach nobody, and a scheduled workflow runs the
 * bundled action's `command: sweep` with the app's installation token and key.
 */
describe('the sweep from a scheduled workflow (the bundled action, no app process)', () => {
  const clock = createMovedClock();
  let workflow: SweepWorkflow;
  let sim: GitHubSimulator;
  let app: SeededApp;

  beforeAll(async () => {
    workflow = await startSweepWorkflow({ clock });
    ({ sim, app } = workflow);
  });
  afterAll(async () => {
    await sim?.stop();
    clock.remove();
  });

  const runSweep = () => workflow.runSweep();
  const comments = (number: number) => workflow.comments(number);

  test('evaluates a change nobody was told about, escalates it once per period, and costs one search when nothing is due', async () => {
    const pr = await workflow.openChange();
    expect(sim.read.checkRuns({ repo: 'acme/web', ref: pr.headSha })).toEqual([]);

    const first = await runSweep();
    expect(first.code, first.stdout).toBe(0);
    expect(first.outputs.reconciled).toBe('1');
    const run = sim.read.checkRuns({ repo: 'acme/web', ref: pr.headSha }).at(-1);
    expect(run?.app?.id).toBe(app.id);
    expect(run?.output.title).toMatch(/^Pending approval/);
    expect(sim.read.labels({ repo: 'acme/web', number: pr.number })).toContain('change:pending-approval');
    // The submitted entry (and the task-list comment), written by the app's bot.
    expect(comments(pr.number).every((comment) => comment.user?.login === 'change-gate[bot]')).toBe(true);
    expect(comments(pr.number).filter((comment) => comment.body?.includes(' submitted by '))).toHaveLength(1);

    const mark = sim.mark();
    const idle = await runSweep();
    expect(idle.outputs.reconciled).toBe('0');
    expect(
      sim.requestsSince(mark).map((entry) => entry.graphqlOperationName ?? `${entry.method} ${entry.path}`),
    ).toEqual(['OpenChanges']);

    clock.move(DAY + 60_000);
    expect((await runSweep()).outputs.reconciled).toBe('1');
    expect((await runSweep()).outputs.reconciled).toBe('0');
    const escalated = comments(pr.number).filter((comment) => comment.body?.includes('escalated (period 1)'));
    expect(escalated).toHaveLength(1);
    expect(escalated[0]?.body).toContain('to @acme/change-manager');
    expect(sim.read.labels({ repo: 'acme/web', number: pr.number })).toContain('change:overdue');
    sim.assertNoViolations();
  }, 120_000);
});
