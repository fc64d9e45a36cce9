import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import type { GitHubSimulator } from '../../sandbox/github-sim/index.ts';
import { buildAction } from '../../scripts/build-action.ts';
import { createMovedClock } from './support/moved-clock.ts';
import { type SweepWorkflow, startSweepWorkflow } from './support/sweep-workflow.ts';

const DAY = 24 * 3_600_000;
const COMMENTS = 'POST /repos/{owner}/{repo}/issues/{issue_number}/comments';
const CHECK_RUNS = 'POST /repos/{owner}/{repo}/check-runs';

/**
 * The action's sweep (a bundle built from the sources) while GitHub answers 502 after it wrote: the client does
 * not send a creating POST again, the sweep reads the change again and writes only what is missing.
 */
describe("the action's sweep when GitHub fails after it wrote", () => {
  const clock = createMovedClock();
  let dir = '';
  let workflow: SweepWorkflow;
  let sim: GitHubSimulator;

  beforeAll(async () => {
    dir = mkdtempSync(join(tmpdir(), 'change-gate-sweep-dist-'));
    await buildAction({ outdir: dir, minify: false });
    workflow = await startSweepWorkflow({ clock, entry: join(dir, 'index.js') });
    ({ sim } = workflow);
  }, 120_000);
  afterAll(async () => {
    await sim?.stop();
    clock.remove();
    if (dir) rmSync(dir, { recursive: true, force: true });
  });

  const runSweep = () => workflow.runSweep();
  const comments = (number: number) => workflow.comments(number);
  const containing = (number: number, text: string) =>
    comments(number).filter((comment) => comment.body?.includes(text));
  const faultedSince = (mark: ReturnType<GitHubSimulator['mark']>) =>
    sim.requestsSince(mark).filter((entry) => entry.fault === 'error 502 after write');

  test('every entry, escalation and check run exists once; the outputs say all were reconciled', async () => {
    const pr = await workflow.openChange();

    // The first comment (the submitted entry) and the first check run are written, then answered 502. The
    // change has no check of ours yet, so its entry comes first and the check once, after it.
    let mark = sim.mark();
    sim.faults.add({ route: COMMENTS, kind: 'error-after-write', status: 502, times: 1 });
    sim.faults.add({ route: CHECK_RUNS, kind: 'error-after-write', status: 502, times: 1 });
    const first = await runSweep();
    sim.faults.clear();
    expect(faultedSince(mark).map((entry) => `${entry.method} ${entry.template}`)).toEqual([
      COMMENTS,
      CHECK_RUNS,
    ]);
    expect(first.code, first.stdout).toBe(0);
    expect(first.outputs).toMatchObject({ reconciled: '1', failed: '0' });
    expect(first.stdout).toMatch(/read and reconciled again in 1 s/);
    expect(containing(pr.number, ' submitted by ')).toHaveLength(1);
    const runs = sim.read.checkRuns({ repo: 'acme/web', ref: pr.headSha });
    expect(runs).toHaveLength(1);
    expect(runs[0]?.output.title).toMatch(/^Pending approval/);
    expect(sim.read.labels({ repo: 'acme/web', number: pr.number })).toContain('change:pending-approval');

    // A day later the escalation's comment is written, then answered 502.
    clock.move(DAY + 60_000);
    mark = sim.mark();
    sim.faults.add({ route: COMMENTS, kind: 'error-after-write', status: 502, times: 1 });
    const escalating = await runSweep();
    sim.faults.clear();
    expect(faultedSince(mark)).toHaveLength(1);
    expect(escalating.code, escalating.stdout).toBe(0);
    expect(escalating.outputs).toMatchObject({ reconciled: '1', failed: '0' });
    expect(containing(pr.number, 'escalated (period 1)')).toHaveLength(1);
    expect(containing(pr.number, ' submitted by ')).toHaveLength(1);
    expect(sim.read.labels({ repo: 'acme/web', number: pr.number })).toContain('change:overdue');

    // Nothing is left to heal: the next sweep finds nothing due.
    expect((await runSweep()).outputs).toMatchObject({ reconciled: '0', failed: '0' });
    sim.assertNoViolations();
  }, 180_000);

  test('a change GitHub keeps failing is retried, then reported failed (output, summary, failed step)', async () => {
    const pr = await workflow.openChange({ title: 'Rotate the signing keys', head: 'keys' });

    // Every check run's creation fails before GitHub writes it: the change's last write (it has no check of
    // ours, so the check is written once, after its entry).
    const mark = sim.mark();
    sim.faults.add({ route: CHECK_RUNS, kind: 'error', status: 502 });
    const failing = await runSweep();
    sim.faults.clear();
    // Sent once per reconcile: the first try and the action's three retries (delays 1, 3 and 9 s).
    expect(
      sim.requestsSince(mark).filter((entry) => `${entry.method} ${entry.template}` === CHECK_RUNS),
    ).toHaveLength(4);
    expect(failing.code).toBe(1);
    expect(failing.outputs).toMatchObject({ reconciled: '0', failed: '1' });
    expect(failing.summary).toContain(`acme/web#${pr.number}: **failed**`);
    expect(failing.stdout).toMatch(/could not be reconciled/);
    // The entry was written once (each retry read it back); no check at all, so nothing passes.
    expect(containing(pr.number, ' submitted by ')).toHaveLength(1);
    expect(sim.read.checkRuns({ repo: 'acme/web', ref: pr.headSha })).toEqual([]);

    // GitHub is back: the next sweep heals it, once.
    const healed = await runSweep();
    expect(healed.outputs).toMatchObject({ reconciled: '1', failed: '0' });
    expect(containing(pr.number, ' submitted by ')).toHaveLength(1);
    expect(sim.read.checkRuns({ repo: 'acme/web', ref: pr.headSha })).toHaveLength(1);
  }, 180_000);

  test('an entry GitHub keeps refusing: no check of ours passes (there is none), so the next sweep heals it', async () => {
    const pr = await workflow.openChange({ title: 'Upgrade the database', head: 'database' });

    // Every comment (the submitted entry first) fails. The change has no check of ours: the check is written
    // after the entry, so none is written, and the sweep reads a change without our check.
    sim.faults.add({ route: COMMENTS, kind: 'error', status: 502 });
    const failing = await runSweep();
    sim.faults.clear();
    expect(failing.outputs).toMatchObject({ reconciled: '0', failed: '1' });
    expect(containing(pr.number, ' submitted by ')).toEqual([]);
    expect(sim.read.checkRuns({ repo: 'acme/web', ref: pr.headSha })).toEqual([]);

    // GitHub is back: no check, so the next sweep picks the change and writes the entry, once; the check
    // then says when the change is really due (its first escalation, not now).
    const healed = await runSweep();
    expect(healed.outputs).toMatchObject({ reconciled: '1', failed: '0' });
    expect(containing(pr.number, ' submitted by ')).toHaveLength(1);
    const runs = sim.read.checkRuns({ repo: 'acme/web', ref: pr.headSha });
    expect(runs).toHaveLength(1);
    const next = /<!-- change-gate:due (\S+) -->/.exec(runs[0]?.output.summary ?? '')?.[1];
    expect(Date.parse(next ?? '')).toBeGreaterThan(clock.now());
    expect((await runSweep()).outputs).toMatchObject({ reconciled: '0', failed: '0' });
    sim.assertNoViolations();
  }, 180_000);
});
