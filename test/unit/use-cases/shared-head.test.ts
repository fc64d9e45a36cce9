import { describe, expect, test } from 'vitest';
import { readCoveredPulls } from '../../../src/core/decision/covered-pulls-marker.ts';
import { LOW_PRIORITY_BLOCK } from '../../support/change-bodies.ts';
import { createReconcileHarness } from '../../support/reconcile-harness.ts';

const MINUTE = 60_000;

const LOW = LOW_PRIORITY_BLOCK;

describe('one commit, several pull requests', () => {
  test('a second PR on the same head cannot turn the check green; the change’s approval can', async () => {
    const harness = createReconcileHarness();
    const change = harness.github.openPullRequest({ author: 'dana', body: LOW, labels: ['change'] });
    await harness.reconcile(change);
    const other = harness.github.openPullRequest({ author: 'mallory', body: 'same commit' });
    harness.github.get(other).headSha = harness.github.get(change).headSha;

    const decision = await harness.reconcile(other, 'mallory');
    expect(decision.status).toBeNull();
    const shared = harness.latestCheck(change);
    expect(shared).toMatchObject({ status: 'in_progress', conclusion: null });
    expect(readCoveredPulls(shared?.outputSummary ?? null)).toEqual([change, other]);
    // The other PR's own evaluation writes nothing on the change: its labels and history are its own.
    expect(harness.github.get(change).labels).toEqual(['change', 'change:pending-approval']);

    harness.advance(MINUTE);
    harness.github.review(change, { author: 'carl', state: 'APPROVED' });
    await harness.reconcile(change, 'carl');
    expect(harness.latestCheck(change)).toMatchObject({ status: 'completed', conclusion: 'success' });
    expect(readCoveredPulls(harness.latestCheck(change)?.outputSummary ?? null)).toEqual([change, other]);
  });

  test('a pull request whose head moved away is no longer covered', async () => {
    const harness = createReconcileHarness();
    const change = harness.github.openPullRequest({ author: 'dana', body: LOW, labels: ['change'] });
    const other = harness.github.openPullRequest({ author: 'mallory', body: 'same commit' });
    harness.github.get(other).headSha = harness.github.get(change).headSha;
    await harness.reconcile(change);
    expect(readCoveredPulls(harness.latestCheck(change)?.outputSummary ?? null)).toEqual([change, other]);
    harness.github.push(other);
    await harness.reconcile(change);
    expect(readCoveredPulls(harness.latestCheck(change)?.outputSummary ?? null)).toEqual([change]);
  });
});
