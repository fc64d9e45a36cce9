import { describe, expect, test } from 'vitest';
import { createReconcileHarness, SEED_PR_BODY } from '../../support/reconcile-harness.ts';

const MINUTE = 60_000;

const events = (harness: ReturnType<typeof createReconcileHarness>, number: number) =>
  harness.history(number).entries.map((verified) => verified.entry.event);

describe('status labels are outputs, never inputs', () => {
  test('a status label added by hand to a PR that is not a change is removed', async () => {
    const harness = createReconcileHarness();
    const pr = harness.github.openPullRequest({ author: 'dana', body: 'Docs', labels: ['docs'] });
    harness.github.edit(pr, { labels: ['docs', 'change:approved', 'CHANGE:EMERGENCY'] });

    const decision = await harness.reconcile(pr, 'mallory');

    expect(decision.status).toBeNull();
    expect(harness.github.get(pr).labels).toEqual(['docs']);
    expect(harness.latestCheck(pr)?.outputTitle).toBe('Not a change request');
  });

  test('a hand-added change:emergency on a merged change is removed: the history says it is not one', async () => {
    const harness = createReconcileHarness();
    const pr = harness.github.openPullRequest({ author: 'dana', body: SEED_PR_BODY, labels: ['change'] });
    await harness.reconcile(pr);
    harness.github.edit(pr, { state: 'closed', merged: true });
    await harness.reconcile(pr);
    harness.github.edit(pr, { labels: [...harness.github.get(pr).labels, 'change:emergency'] });

    await harness.reconcile(pr, 'mallory');

    expect(harness.github.get(pr).labels).not.toContain('change:emergency');
    expect(harness.github.get(pr).labels).toContain('change:pending-approval');
  });

  test('removing the change label from a merged change records no cancellation', async () => {
    const harness = createReconcileHarness();
    const pr = harness.github.openPullRequest({ author: 'dana', body: SEED_PR_BODY, labels: ['change'] });
    await harness.reconcile(pr);
    harness.github.edit(pr, { state: 'closed', merged: true });
    harness.advance(MINUTE);
    harness.github.edit(pr, { labels: ['change:pending-approval'] });

    const decision = await harness.reconcile(pr, 'dana');

    expect(events(harness, pr)).toEqual(['submitted']);
    expect(decision.status).toBe('pending_approval');
    expect(harness.github.get(pr).labels).toEqual(['change:pending-approval']);
  });

  test('removing the change label from an open change still cancels it', async () => {
    const harness = createReconcileHarness();
    const pr = harness.github.openPullRequest({ author: 'dana', body: SEED_PR_BODY, labels: ['change'] });
    await harness.reconcile(pr);
    harness.github.edit(pr, { labels: ['change:pending-approval'] });
    await harness.reconcile(pr);
    expect(events(harness, pr)).toEqual(['submitted', 'cancelled']);
  });
});
