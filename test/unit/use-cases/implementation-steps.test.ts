import { describe, expect, test } from 'vitest';
import { readStepsOwed } from '../../../src/core/deploy/steps-owed-marker.ts';
import { reconcileChange } from '../../../src/use-cases/reconcile-change.ts';
import { createReconcileHarness, SEED_PR_BODY } from '../../support/reconcile-harness.ts';

const HIGH_RISK = SEED_PR_BODY.replace('risk_level: "medium"', 'risk_level: "high"');
const MINUTE = 60_000;

type Harness = ReturnType<typeof createReconcileHarness>;

const stepsCommentOf = (harness: Harness, pr: number) =>
  harness.github.get(pr).comments.find((comment) => comment.body.startsWith('<!-- change-gate:steps CHG-'))!;

/** `login` edits the comment `commentId` as GitHub's task list does, and the webhook reaches the app. */
const edit = async (
  harness: Harness,
  options: { pr: number; login: string; commentId: number; change: (body: string) => string },
) => {
  const comment = harness.github
    .get(options.pr)
    .comments.find((candidate) => candidate.id === options.commentId)!;
  const before = comment.body;
  const after = options.change(before);
  harness.github.editComment(options.commentId, after);
  harness.advance(MINUTE);
  return reconcileChange({
    deps: harness.deps,
    port: harness.github.port,
    log: { info: () => {} },
    ref: harness.github.ref(options.pr),
    actor: options.login,
    commentEdit: { commentId: options.commentId, before, after },
  });
};

const tick = (name: string) => (body: string) => body.replace(`- [ ] ${name}`, `- [x] ${name}`);
const stepEntries = (harness: Harness, pr: number) =>
  harness
    .history(pr)
    .entries.filter(({ entry }) => entry.event === 'step_completed')
    .map(({ entry }) => [entry.data.step, entry.actor]);

describe('implementation steps ticked in the app’s comment', () => {
  test('a tick is recorded with the edit’s sender; evidence steps, unticks and renames are undone', async () => {
    const harness = createReconcileHarness();
    const pr = harness.github.openPullRequest({ author: 'dana', body: HIGH_RISK, labels: ['change'] });
    const first = await harness.reconcile(pr);
    expect(first.stepsOwed).toEqual([{ id: 'backup_current_state', name: 'Backup current system state' }]);
    expect(harness.latestCheck(pr)?.outputSummary).toContain('### Implementation steps owed');
    const comment = stepsCommentOf(harness, pr);
    expect(comment.author).toBe(harness.github.app.botLogin);

    // erin ticks the backup in the app's comment (the comment's author is the app; erin is the sender).
    await edit(harness, {
      pr,
      login: 'erin',
      commentId: comment.id,
      change: tick('Backup current system state'),
    });
    expect(stepEntries(harness, pr)).toEqual([['backup_current_state', 'erin']]);
    const rendered = stepsCommentOf(harness, pr).body;
    expect(rendered).toMatch(/- \[x\] Backup current system state — @erin, 2026-03-02 10:01 UTC/);
    expect(readStepsOwed(harness.latestCheck(pr)?.outputSummary ?? null, pr)).toEqual({
      ok: true,
      steps: [],
    });

    // mallory unticks it, ticks an evidence step and renames a line: nothing is recorded, the list is restored.
    const writes = harness.github.writes.length;
    await edit(harness, {
      pr,
      login: 'mallory',
      commentId: comment.id,
      change: (body) =>
        tick('Deploy to production')(body)
          .replace('- [x] Backup current system state', '- [ ] Backup current system state')
          .replace('Notify stakeholders', 'Skip everything'),
    });
    expect(stepEntries(harness, pr)).toEqual([['backup_current_state', 'erin']]);
    expect(stepsCommentOf(harness, pr).body).toBe(rendered);
    expect(harness.github.writes.length).toBe(writes + 1);

    // Evaluating again writes nothing.
    const settled = harness.github.writes.length;
    await harness.reconcile(pr);
    expect(harness.github.writes.length).toBe(settled);
  });

  test('a tick in any other comment does nothing, even one carrying the marker', async () => {
    const harness = createReconcileHarness();
    const pr = harness.github.openPullRequest({ author: 'dana', body: HIGH_RISK, labels: ['change'] });
    await harness.reconcile(pr);
    const copy = harness.github.comment(pr, { author: 'mallory', body: stepsCommentOf(harness, pr).body });
    const decision = await edit(harness, {
      pr,
      login: 'mallory',
      commentId: copy,
      change: tick('Backup current system state'),
    });
    expect(stepEntries(harness, pr)).toEqual([]);
    expect(decision.stepsOwed?.map((step) => step.id)).toEqual(['backup_current_state']);
  });

  test('after the merge, a tick updates the check on the merged head, which the deploy gate reads', async () => {
    const harness = createReconcileHarness();
    // A bugfix needs no testing: the approvals alone approve it.
    // It asks for a maintenance window too: that marker must survive the update.
    const body = HIGH_RISK.replace(/change_type: "?security_enhancement"?/, 'change_type: "bugfix"')
      .replace('testing_required: true', 'testing_required: false')
      .replace(
        'risk_level: "high"',
        'risk_level: "high"\n  maintenance_window: true\n  scheduled_time: "2026-03-05T02:00:00Z"',
      );
    const pr = harness.github.openPullRequest({ author: 'dana', body, labels: ['change'] });
    await harness.reconcile(pr);
    for (const login of ['sam', 'lee', 'erin', 'carl']) {
      harness.advance(MINUTE);
      harness.github.review(pr, { author: login, state: 'APPROVED' });
      await harness.reconcile(pr, login);
    }
    expect(harness.latestCheck(pr)).toMatchObject({ status: 'completed', conclusion: 'success' });
    harness.github.edit(pr, { state: 'closed', merged: true });
    await harness.reconcile(pr);
    const before = harness.latestCheck(pr)!;
    expect(readStepsOwed(before.outputSummary, pr)).toMatchObject({
      ok: true,
      steps: [{ id: 'backup_current_state' }],
    });

    // Lowering the risk in the description after the merge lowers nothing: the recorded block's risk counts.
    harness.github.edit(pr, { body: body.replace('risk_level: "high"', 'risk_level: "low"') });
    const edited = await harness.reconcile(pr, 'dana');
    expect(edited.stepsOwed?.map((step) => step.id)).toEqual(['backup_current_state']);
    harness.github.edit(pr, { body });

    await edit(harness, {
      pr,
      login: 'lee',
      commentId: stepsCommentOf(harness, pr).id,
      change: tick('Backup current system state'),
    });

    const after = harness.latestCheck(pr)!;
    expect(after.id).toBe(before.id);
    expect(after).toMatchObject({
      status: 'completed',
      conclusion: 'success',
      outputTitle: before.outputTitle,
    });
    expect(readStepsOwed(after.outputSummary, pr)).toEqual({ ok: true, steps: [] });
    expect(after.outputSummary).not.toContain('### Implementation steps owed');
    // The markers the gate and the tamper check rely on are all still there.
    expect(after.outputSummary).toContain(`<!-- change-gate:covers #${pr} -->`);
    expect(before.outputSummary).toMatch(new RegExp(`<!-- change-gate:maintenance #${pr}@2026-03-05T02:00`));
    expect(after.outputSummary?.match(/<!-- change-gate:maintenance [^\n]*-->/g)).toEqual(
      before.outputSummary?.match(/<!-- change-gate:maintenance [^\n]*-->/g),
    );
    expect(after.outputSummary?.match(/<!-- change-gate:(covers|heads|chain-head|digest)\b/g)).toHaveLength(
      4,
    );
    expect(after.outputSummary).toMatch(/<!-- change-gate:chain-head [^\n]* -->/);
    expect(harness.history(pr).problems).toEqual([]);
    expect(stepEntries(harness, pr)).toEqual([['backup_current_state', 'lee']]);
  });
});
