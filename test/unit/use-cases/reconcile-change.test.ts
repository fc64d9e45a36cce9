import { describe, expect, test } from 'vitest';
import { createReconcileHarness, SEED_PR_BODY } from '../../support/reconcile-harness.ts';

const MINUTE = 60_000;

/** Check output as GitHub renders it: Markdown escapes removed. */
const plain = (markdown: string | null | undefined): string => (markdown ?? '').replace(/\\(.)/g, '$1');

const events = (harness: ReturnType<typeof createReconcileHarness>, number: number) =>
  harness.history(number).entries.map((verified) => verified.entry.event);

describe('intake of a change request on a pull request', () => {
  test('the seed change on a labeled PR gets its ID, label, history entry and a non-success check', async () => {
    const harness = createReconcileHarness();
    const pr = harness.github.openPullRequest({ author: 'dana', body: SEED_PR_BODY, labels: ['change'] });

    const decision = await harness.reconcile(pr);

    expect(decision.changeId).toBe('CHG-2026-001');
    expect(decision.status).toBe('pending_approval');
    const check = harness.latestCheck(pr);
    expect(check?.name).toBe('Change Gate');
    expect(check?.status).toBe('in_progress');
    expect(check?.conclusion).toBeNull();
    expect(check?.outputTitle).toBe('Pending approval — CHG-2026-001: 0 of 4 roles approved');
    expect(check?.outputSummary).toContain('Implement MFA for Admin Access');
    // The form adds security-team-lead to the high level's three roles; it cannot remove any.
    for (const role of ['security-team', 'engineering-manager', 'change-manager', 'security-team-lead']) {
      expect(plain(check?.outputSummary)).toContain(role);
    }
    expect(harness.github.get(pr).labels).toEqual(['change', 'change:pending-approval']);
    const history = harness.history(pr);
    expect(history.problems).toEqual([]);
    expect(history.entries.map((verified) => verified.entry.event)).toEqual(['submitted']);
    expect(history.entries[0]?.entry.data.level).toBe('high');
    expect(history.entries[0]?.entry.actor).toBe('dana');
  });

  test('evaluating again changes nothing (webhook redelivery)', async () => {
    const harness = createReconcileHarness();
    const pr = harness.github.openPullRequest({ author: 'dana', body: SEED_PR_BODY, labels: ['change'] });
    await harness.reconcile(pr);
    const writes = harness.github.writes.length;
    const comments = harness.github.get(pr).comments.length;

    harness.advance(MINUTE);
    await harness.reconcile(pr);
    await harness.reconcile(pr);

    expect(harness.github.writes.length).toBe(writes);
    expect(harness.github.get(pr).comments.length).toBe(comments);
    expect(harness.github.get(pr).checkRuns).toHaveLength(1);
  });

  test('two evaluations racing on one change write one entry and one check run', async () => {
    const harness = createReconcileHarness();
    const pr = harness.github.openPullRequest({ author: 'dana', body: SEED_PR_BODY, labels: ['change'] });

    await Promise.all([harness.reconcile(pr), harness.reconcile(pr), harness.reconcile(pr)]);

    expect(events(harness, pr)).toEqual(['submitted']);
    expect(harness.github.get(pr).checkRuns).toHaveLength(1);
  });

  test("a change's evaluation spends no call on a status label's colour (given once per repository at install)", async () => {
    const harness = createReconcileHarness();
    const pr = harness.github.openPullRequest({ author: 'dana', body: SEED_PR_BODY, labels: ['change'] });
    await harness.reconcile(pr);
    expect(harness.github.get(pr).labels).toContain('change:pending-approval');
    // GitHub created it grey; the label means the same whatever its colour.
    expect(harness.github.repoLabels.get('change:pending-approval')?.color).toBe('ededed');
    expect(harness.github.writes.filter((write) => write.startsWith('label.'))).toEqual([]);
  });

  test('an invalid block fails the check with body line numbers, and is labeled invalid', async () => {
    const harness = createReconcileHarness();
    const body = SEED_PR_BODY.replace('priority: "high"', 'priority: "urgent"');
    const pr = harness.github.openPullRequest({ author: 'dana', body, labels: ['change'] });

    const decision = await harness.reconcile(pr);

    expect(decision.status).toBe('invalid');
    const check = harness.latestCheck(pr);
    expect(check?.status).toBe('completed');
    expect(check?.conclusion).toBe('failure');
    const bodyLine = body.split('\n').findIndex((line) => line.includes('priority: "urgent"')) + 1;
    expect(check?.outputSummary).toContain(`line ${bodyLine} (block line`);
    expect(check?.outputSummary).toContain('urgent');
    expect(harness.github.get(pr).labels).toEqual(['change', 'change:invalid']);
    expect(events(harness, pr)).toEqual([]);
  });

  test('a body of several megabytes fails the check with a clear message and no crash', async () => {
    const harness = createReconcileHarness();
    const body = `${'x'.repeat(5 * 2 ** 20)}\n${SEED_PR_BODY}`;
    const pr = harness.github.openPullRequest({ author: 'dana', body, labels: ['change'] });
    const decision = await harness.reconcile(pr);
    expect(decision.status).toBe('invalid');
    expect(plain(harness.latestCheck(pr)?.outputSummary)).toMatch(/body is 5,24\d,\d{3} characters; at most/);
    expect(events(harness, pr)).toEqual([]);
  });

  test('a labeled PR without a block says how to add one', async () => {
    const harness = createReconcileHarness();
    const pr = harness.github.openPullRequest({ author: 'dana', body: 'Just a fix.', labels: ['change'] });
    await harness.reconcile(pr);
    expect(harness.latestCheck(pr)?.conclusion).toBe('failure');
    expect(harness.latestCheck(pr)?.outputSummary).toContain('has no change block');
  });

  test('an incomplete change (no rollback plan) is not submitted', async () => {
    const harness = createReconcileHarness();
    const body = SEED_PR_BODY.replace(/ {2}rollback_plan: .*\n/, '');
    const pr = harness.github.openPullRequest({ author: 'dana', body, labels: ['change'] });
    const decision = await harness.reconcile(pr);
    expect(decision.status).toBe('invalid');
    expect(plain(harness.latestCheck(pr)?.outputSummary)).toContain('rollback_plan: missing');
    expect(events(harness, pr)).toEqual([]);
  });

  test('editing the block after submission is recorded as invalidated, then fixed again', async () => {
    const harness = createReconcileHarness();
    const pr = harness.github.openPullRequest({ author: 'dana', body: SEED_PR_BODY, labels: ['change'] });
    await harness.reconcile(pr);

    harness.advance(MINUTE);
    harness.github.edit(pr, { body: SEED_PR_BODY.replace('priority: "high"', 'priority: "nope"') });
    await harness.reconcile(pr);
    expect(harness.github.get(pr).labels).toContain('change:invalid');

    harness.advance(MINUTE);
    harness.github.edit(pr, { body: SEED_PR_BODY.replace('priority: "high"', 'priority: "low"') });
    const decision = await harness.reconcile(pr);

    expect(decision.status).toBe('pending_approval');
    expect(decision.level?.name).toBe('low');
    const history = harness.history(pr);
    expect(history.entries.map((verified) => [verified.entry.event, verified.entry.data.valid])).toEqual([
      ['submitted', undefined],
      ['invalidated', false],
      ['invalidated', true],
    ]);
    expect(history.chainIntact).toBe(true);
  });

  test('user-written approval_status: approved changes nothing', async () => {
    const harness = createReconcileHarness();
    const body = SEED_PR_BODY.replace('approval_status: "pending"', 'approval_status: "approved"');
    const pr = harness.github.openPullRequest({ author: 'dana', body, labels: ['change'] });
    const decision = await harness.reconcile(pr);
    expect(decision.status).toBe('pending_approval');
    expect(harness.latestCheck(pr)?.conclusion).toBeNull();
  });

  test('closing the PR unmerged cancels the change', async () => {
    const harness = createReconcileHarness();
    const pr = harness.github.openPullRequest({ author: 'dana', body: SEED_PR_BODY, labels: ['change'] });
    await harness.reconcile(pr);
    harness.github.edit(pr, { state: 'closed' });
    const decision = await harness.reconcile(pr, 'dana');
    expect(decision.status).toBe('cancelled');
    expect(events(harness, pr)).toEqual(['submitted', 'cancelled']);
    expect(harness.github.get(pr).labels).toEqual(['change', 'change:cancelled']);
    await harness.reconcile(pr);
    expect(events(harness, pr)).toEqual(['submitted', 'cancelled']);
  });

  test('reopening a cancelled change submits it again', async () => {
    const harness = createReconcileHarness();
    const pr = harness.github.openPullRequest({ author: 'dana', body: SEED_PR_BODY, labels: ['change'] });
    await harness.reconcile(pr);
    harness.github.edit(pr, { state: 'closed' });
    await harness.reconcile(pr);
    harness.github.edit(pr, { state: 'open' });
    const decision = await harness.reconcile(pr);
    expect(decision.status).toBe('pending_approval');
    expect(events(harness, pr)).toEqual(['submitted', 'cancelled', 'submitted']);
  });

  test('removing the change label cancels a submitted change', async () => {
    const harness = createReconcileHarness();
    const pr = harness.github.openPullRequest({ author: 'dana', body: SEED_PR_BODY, labels: ['change'] });
    await harness.reconcile(pr);
    harness.github.edit(pr, { labels: ['change:pending-approval'] });
    const decision = await harness.reconcile(pr);
    expect(decision.status).toBe('cancelled');
    expect(harness.latestCheck(pr)?.outputTitle).toBe('Not a change request');
    expect(events(harness, pr)).toEqual(['submitted', 'cancelled']);
  });
});

describe('pull requests that are not change requests', () => {
  test('pass with "Not a change request" and get no labels or history', async () => {
    const harness = createReconcileHarness();
    const pr = harness.github.openPullRequest({ author: 'dana', body: 'Fix a typo.' });
    const decision = await harness.reconcile(pr);
    expect(decision.status).toBeNull();
    expect(harness.latestCheck(pr)?.conclusion).toBe('success');
    expect(harness.latestCheck(pr)?.outputTitle).toBe('Not a change request');
    expect(harness.github.get(pr).labels).toEqual([]);
    expect(harness.github.get(pr).comments).toEqual([]);
  });

  test('fail when the scope requires a change, and say how to fix it', async () => {
    const harness = createReconcileHarness({
      config: { change_management: { scope: { branches: ['main'], paths: ['infra/**'] } } },
    });
    const inScope = harness.github.openPullRequest({ author: 'dana', body: 'x', files: ['infra/main.tf'] });
    const outOfScope = harness.github.openPullRequest({ author: 'dana', body: 'x', files: ['docs/a.md'] });
    await harness.reconcile(inScope);
    await harness.reconcile(outOfScope);
    expect(harness.latestCheck(inScope)?.conclusion).toBe('failure');
    expect(plain(harness.latestCheck(inScope)?.outputSummary)).toContain('infra/main.tf');
    expect(harness.latestCheck(inScope)?.outputSummary).toContain('add the `change` label');
    expect(harness.latestCheck(outOfScope)?.conclusion).toBe('success');
  });

  test('an invalid configuration fails closed with the problem and its path', async () => {
    const harness = createReconcileHarness({ config: { change_management: { approval_workflow: 'nope' } } });
    const pr = harness.github.openPullRequest({ author: 'dana', body: SEED_PR_BODY, labels: ['change'] });
    await harness.reconcile(pr);
    const check = harness.latestCheck(pr);
    expect(check?.conclusion).toBe('failure');
    expect(check?.outputTitle).toBe('Change Gate configuration is invalid');
    expect(plain(check?.outputSummary)).toContain('approval_workflow: expected a mapping');
  });
});

describe('history trust', () => {
  test('a user comment imitating a history entry is ignored and reported', async () => {
    const harness = createReconcileHarness();
    const pr = harness.github.openPullRequest({ author: 'dana', body: SEED_PR_BODY, labels: ['change'] });
    await harness.reconcile(pr);
    const real = harness.github.get(pr).comments[0]!;
    harness.github.comment(pr, { author: 'mallory', body: real.body.replace('submitted', 'approved') });

    await harness.reconcile(pr);

    const history = harness.history(pr);
    expect(history.entries).toHaveLength(1);
    expect(history.problems.map((problem) => problem.kind)).toEqual(['forged']);
    expect(harness.latestCheck(pr)?.outputTitle).toContain('Pending approval');
  });

  test('an edited bot comment is reported as tampered in the check', async () => {
    const harness = createReconcileHarness();
    const pr = harness.github.openPullRequest({ author: 'dana', body: SEED_PR_BODY, labels: ['change'] });
    await harness.reconcile(pr);
    const entry = harness.github.get(pr).comments[0]!;
    const marker = /change-gate:history v1 (\S+)/.exec(entry.body)![1]!;
    const payload = JSON.parse(Buffer.from(marker, 'base64url').toString('utf8'));
    payload.entry.actor = 'mallory';
    const forged = Buffer.from(JSON.stringify(payload)).toString('base64url');
    harness.github.editComment(entry.id, entry.body.replace(marker, forged));

    harness.advance(MINUTE);
    await harness.reconcile(pr);

    // Fail closed: the entry no longer verifies, so the history is tampered until the roles approve again.
    const check = harness.latestCheck(pr);
    expect(check).toMatchObject({ status: 'completed', conclusion: 'failure' });
    expect(check?.outputTitle).toMatch(/^History tampered — CHG-2026-\d+/);
    expect(check?.outputSummary?.replace(/\\(.)/g, '$1')).toContain(
      `history tampered: comment ${entry.id} no longer matches its signature`,
    );
    const history = harness.history(pr);
    expect(history.problems.map((problem) => problem.kind)).toContain('tampered');
    expect(history.entries.map(({ entry }) => entry.event)).toContain('history_tampered');
  });
});

describe('history chain', () => {
  test('a deleted history entry fails the check as tampered, naming the gap; the remaining entries still count', async () => {
    const harness = createReconcileHarness();
    const pr = harness.github.openPullRequest({ author: 'dana', body: SEED_PR_BODY, labels: ['change'] });
    await harness.reconcile(pr);
    harness.advance(MINUTE);
    harness.github.edit(pr, { body: SEED_PR_BODY.replace('priority: "high"', 'priority: "medium"') });
    await harness.reconcile(pr);
    harness.advance(MINUTE);
    harness.github.edit(pr, { body: SEED_PR_BODY.replace('priority: "high"', 'priority: "low"') });
    await harness.reconcile(pr);
    // An admin deletes the middle entry.
    const entries = harness.github
      .get(pr)
      .comments.filter((comment) => comment.body.includes('change-gate:history'));
    const middle = entries[1]!;
    await harness.github.port.deleteComment({ owner: 'acme', repo: 'payments' }, middle.id);

    harness.advance(MINUTE);
    harness.github.comment(pr, { author: 'carl', body: '/approve' });
    const decision = await harness.reconcile(pr, 'carl');

    const history = harness.history(pr);
    expect(history.chainIntact).toBe(false);
    expect(history.problems.map((problem) => problem.kind)).toContain('broken_chain');
    expect(decision.check?.text).toContain('broken_chain');
    // The entries that remain are still trusted: the latest block (priority low) is the one approved against.
    expect(decision.level?.name).toBe('low');
    expect(decision.check).toMatchObject({ status: 'completed', conclusion: 'failure' });
    expect(decision.check?.title).toMatch(/^History tampered — /);
    expect(decision.check?.summary.replace(/\\(.)/g, '$1')).toContain(
      `history tampered: an entry is missing between comment ${entries[0]!.id} (submitted)`,
    );
    // carl's /approve came with the detection, not before it: it counts.
    expect(decision.approval?.roles.flatMap((role) => role.approvedBy.map((by) => by.login))).toEqual([
      'carl',
    ]);
    // Recorded once, in the app's name (carl only caused the evaluation that noticed it).
    expect(decision.history.map((entry) => [entry.event, entry.actor])).toEqual([
      ['history_tampered', 'change-gate[bot]'],
    ]);
  });
});

describe('issue-based changes', () => {
  test('get one status comment, edited in place, and no check run', async () => {
    const harness = createReconcileHarness();
    const issue = harness.github.openIssue({ author: 'dana', body: SEED_PR_BODY, labels: ['change'] });
    await harness.reconcile(issue);
    const statusComments = () =>
      harness.github
        .get(issue)
        .comments.filter((comment) => comment.body.startsWith('<!-- change-gate:status -->'));
    expect(statusComments()).toHaveLength(1);
    expect(statusComments()[0]?.body).toContain('Pending approval — CHG-2026-001');
    expect(harness.github.get(issue).checkRuns).toEqual([]);

    harness.github.edit(issue, { body: SEED_PR_BODY.replace('priority: "high"', 'priority: "medium"') });
    await harness.reconcile(issue);
    expect(statusComments()).toHaveLength(1);
    expect(statusComments()[0]?.body).toContain('medium');
  });

  test('closing the issue cancels it', async () => {
    const harness = createReconcileHarness();
    const issue = harness.github.openIssue({ author: 'dana', body: SEED_PR_BODY, labels: ['change'] });
    await harness.reconcile(issue);
    harness.github.edit(issue, { state: 'closed' });
    await harness.reconcile(issue);
    expect(events(harness, issue)).toEqual(['submitted', 'cancelled']);
  });
});
