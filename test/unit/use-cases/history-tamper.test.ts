import { describe, expect, test } from 'vitest';
import { createReconcileHarness, SEED_PR_BODY } from '../../support/reconcile-harness.ts';

const MINUTE = 60_000;
const BOT = 'change-gate[bot]';
/** Low priority bugfix: change-manager, plus the form's security-team-lead and engineering-manager. */
const BODY = SEED_PR_BODY.replace('priority: "high"', 'priority: "low"').replace(
  'change_type: "security_enhancement"',
  'change_type: "bugfix"',
);
const APPROVERS = ['carl', 'lee', 'erin'];

const plain = (markdown: string | null | undefined): string => (markdown ?? '').replace(/\\(.)/g, '$1');

const approvedChange = async () => {
  const harness = createReconcileHarness();
  const pr = harness.github.openPullRequest({ author: 'dana', body: BODY, labels: ['change'] });
  await harness.reconcile(pr);
  for (const login of APPROVERS) {
    harness.advance(MINUTE);
    harness.github.review(pr, { author: login, state: 'APPROVED' });
    await harness.reconcile(pr, login);
  }
  expect(harness.latestCheck(pr)).toMatchObject({ status: 'completed', conclusion: 'success' });
  return { harness, pr };
};

const events = (harness: ReturnType<typeof createReconcileHarness>, number: number) =>
  harness.history(number).entries.map(({ entry }) => [entry.event, entry.actor]);

describe('a tampered history fails closed until the required roles approve again', () => {
  test('our check run records the newest entry of the chain, after the entries are written', async () => {
    const { harness, pr } = await approvedChange();
    const newest = harness.history(pr).entries.at(-1)!;
    expect(harness.latestCheck(pr)?.outputSummary).toContain(
      `<!-- change-gate:chain-head acme/payments#${pr} ${newest.hash} 2 -->`,
    );
  });

  test('deleting the newest entry: detected, recorded once in the app name, old approvals void; re-approval passes', async () => {
    const { harness, pr } = await approvedChange();
    const approved = harness.github.get(pr).comments.at(-1)!;
    await harness.github.port.deleteComment({ owner: 'acme', repo: 'payments' }, approved.id);
    harness.advance(MINUTE);
    const detected = await harness.reconcile(pr, 'mallory');

    expect(detected.status).toBe('pending_approval');
    expect(detected.check).toMatchObject({ status: 'completed', conclusion: 'failure' });
    expect(detected.check?.title).toBe('History tampered — CHG-2026-001');
    expect(plain(detected.check?.summary)).toMatch(
      /history tampered: the newest entry \(sha256:[0-9a-f]{12}…, entry 2 of 2\) is missing/,
    );
    expect(detected.approval?.ignored.map((ignored) => ignored.reason)).toEqual([
      'history_tampered',
      'history_tampered',
      'history_tampered',
    ]);
    expect(events(harness, pr)).toEqual([
      ['submitted', 'dana'],
      ['history_tampered', BOT],
    ]);
    expect(harness.history(pr).entries.at(-1)?.entry.data.triggered_by).toBe('mallory');

    // Evaluating again records nothing more and still fails.
    harness.advance(MINUTE);
    const again = await harness.reconcile(pr, 'dana');
    expect(again.history).toEqual([]);
    expect(again.check?.conclusion).toBe('failure');

    for (const login of APPROVERS) {
      harness.advance(MINUTE);
      harness.github.review(pr, { author: login, state: 'APPROVED' });
      await harness.reconcile(pr, login);
    }
    const check = harness.latestCheck(pr);
    expect(check).toMatchObject({ status: 'completed', conclusion: 'success' });
    expect(plain(check?.outputSummary)).toContain('### History was tampered with');
    expect(events(harness, pr).at(-1)).toEqual(['approved', 'erin']);

    // Re-approved: a later push makes it pending again, not "tampered".
    harness.github.push(pr);
    harness.advance(MINUTE);
    const pushed = await harness.reconcile(pr, 'dana');
    expect(pushed.check).toMatchObject({ status: 'in_progress', conclusion: null });
  });

  test('an issue: deleting the status comment that records the head is detected', async () => {
    const harness = createReconcileHarness();
    const issue = harness.github.openIssue({ author: 'dana', body: BODY, labels: ['change'] });
    await harness.reconcile(issue);
    const status = harness.github
      .get(issue)
      .comments.find((comment) => comment.body.startsWith('<!-- change-gate:status -->'))!;
    expect(status.body).toMatch(/<!-- change-gate:chain-head acme\/payments#\d+ sha256:[0-9a-f]{64} 1 -->$/);

    await harness.github.port.deleteComment({ owner: 'acme', repo: 'payments' }, status.id);
    harness.advance(MINUTE);
    const decision = await harness.reconcile(issue, 'mallory');

    expect(decision.history.map((entry) => entry.event)).toEqual(['history_tampered']);
    expect(plain(decision.statusComment)).toContain(
      "history tampered: the app's record of the newest entry (its status comment) was deleted or rewritten",
    );
    harness.advance(MINUTE);
    expect((await harness.reconcile(issue, 'dana')).history).toEqual([]);
  });

  test('an issue whose status comment predates head records is not taken for tampered', async () => {
    const harness = createReconcileHarness();
    const issue = harness.github.openIssue({ author: 'dana', body: BODY, labels: ['change'] });
    await harness.reconcile(issue);
    const status = harness.github
      .get(issue)
      .comments.find((comment) => comment.body.startsWith('<!-- change-gate:status -->'))!;
    // As an older version of the app wrote it: no chain-head line.
    harness.github.editComment(
      status.id,
      status.body.replace(/\n\n<!-- change-gate:chain-head [^\n]*-->$/, ''),
    );
    harness.advance(MINUTE);
    const decision = await harness.reconcile(issue, 'dana');
    expect(decision.history).toEqual([]);
    expect(decision.statusComment).not.toContain('History tampered');
    expect(harness.github.get(issue).comments.find((comment) => comment.id === status.id)?.body).toMatch(
      /<!-- change-gate:chain-head acme\/payments#\d+ sha256:[0-9a-f]{64} 1 -->$/,
    );
  });

  test('a rejection re-created after its entry was deleted names the person who rejected', async () => {
    const harness = createReconcileHarness();
    const pr = harness.github.openPullRequest({ author: 'dana', body: BODY, labels: ['change'] });
    await harness.reconcile(pr);
    harness.advance(MINUTE);
    harness.github.review(pr, { author: 'carl', state: 'CHANGES_REQUESTED', body: 'No rollback test.' });
    await harness.reconcile(pr, 'carl');
    const rejected = harness.github.get(pr).comments.at(-1)!;
    await harness.github.port.deleteComment({ owner: 'acme', repo: 'payments' }, rejected.id);
    harness.advance(MINUTE);
    await harness.reconcile(pr, 'mallory');
    expect(events(harness, pr)).toEqual([
      ['submitted', 'dana'],
      ['history_tampered', BOT],
      ['rejected', 'carl'],
    ]);
  });
});
