import { describe, expect, test } from 'vitest';
import { createReconcileHarness, SEED_PR_BODY } from '../../support/reconcile-harness.ts';

const MINUTE = 60_000;

const events = (harness: ReturnType<typeof createReconcileHarness>, pr: number) =>
  harness.history(pr).entries.map((verified) => verified.entry.event);

/** The seed change, merged while still pending (no branch protection, or an admin merge). */
const mergedPending = async () => {
  const harness = createReconcileHarness();
  const pr = harness.github.openPullRequest({ author: 'dana', body: SEED_PR_BODY, labels: ['change'] });
  await harness.reconcile(pr);
  harness.advance(MINUTE);
  harness.github.edit(pr, { state: 'closed', merged: true });
  await harness.reconcile(pr, 'dana');
  harness.advance(MINUTE);
  return { harness, pr };
};

const approveAll = async (
  harness: ReturnType<typeof createReconcileHarness>,
  pr: number,
  logins: string[],
) => {
  for (const login of logins) {
    harness.github.review(pr, { author: login, state: 'APPROVED' });
    harness.advance(MINUTE);
  }
  return harness.reconcile(pr, logins.at(-1));
};

describe('merged before approval is pending, not frozen', () => {
  test('approvals after the merge approve it: check on the merged head, labels and history', async () => {
    const { harness, pr } = await mergedPending();
    expect(harness.latestCheck(pr)?.conclusion).toBeNull();

    const decision = await approveAll(harness, pr, ['sam', 'lee', 'erin', 'carl']);

    expect(decision.status).toBe('approved');
    expect(harness.latestCheck(pr)).toMatchObject({ status: 'completed', conclusion: 'success' });
    expect(harness.github.get(pr).labels).toEqual(['change', 'change:approved']);
    expect(events(harness, pr)).toEqual(['submitted', 'approved']);
    // Settled: nothing more is decided for it.
    const writes = harness.github.writes.length;
    await harness.reconcile(pr);
    expect(harness.github.writes.length).toBe(writes);
  });

  test('an edit after the merge is not used to re-decide: the roles recorded then still count', async () => {
    const { harness, pr } = await mergedPending();
    harness.github.edit(pr, {
      body: SEED_PR_BODY.replace('priority: "high"', 'priority: "low"').replace(
        'urgency: "high"',
        'urgency: "low"',
      ),
    });

    const partial = await approveAll(harness, pr, ['carl', 'lee']);
    expect(partial.status).toBe('pending_approval');
    expect(events(harness, pr)).toEqual(['submitted']);
    expect(harness.latestCheck(pr)?.outputSummary).toContain('edited after the merge');

    expect((await approveAll(harness, pr, ['sam', 'erin'])).status).toBe('approved');
  });

  test('a change approved before its merge stays as it was: no check, nothing recorded', async () => {
    const harness = createReconcileHarness();
    const pr = harness.github.openPullRequest({ author: 'dana', body: SEED_PR_BODY, labels: ['change'] });
    await harness.reconcile(pr);
    harness.advance(MINUTE);
    await approveAll(harness, pr, ['sam', 'lee', 'erin', 'carl']);
    harness.github.edit(pr, { state: 'closed', merged: true });
    harness.github.comment(pr, { author: 'sam', body: '/reject too late' });
    const decision = await harness.reconcile(pr, 'sam');
    expect(decision.status).toBe('approved');
    expect(decision.check).toBeNull();
    expect(events(harness, pr)).toEqual(['submitted', 'approved']);
  });
});
