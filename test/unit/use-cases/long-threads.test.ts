import { describe, expect, test } from 'vitest';
import type { ChangeFacts } from '../../../src/core/decision/change-facts.ts';
import { createReconcileHarness, SEED_PR_BODY } from '../../support/reconcile-harness.ts';

const MINUTE = 60_000;
const BODY = SEED_PR_BODY.replace('priority: "high"', 'priority: "low"').replace(
  'change_type: "security_enhancement"',
  'change_type: "bugfix"',
);

/** The port reports that GitHub held more of `lists` than it read. */
const truncating = (
  harness: ReturnType<typeof createReconcileHarness>,
  lists: NonNullable<ChangeFacts['truncated']>,
) => {
  const read = harness.github.port.readChange;
  harness.github.port.readChange = async (ref) => ({ ...(await read(ref)), truncated: lists });
};

describe('a thread longer than the port reads fails closed', () => {
  test('an approved change is no longer approved: the check says why, and no history is written', async () => {
    const harness = createReconcileHarness();
    const pr = harness.github.openPullRequest({ author: 'dana', body: BODY, labels: ['change'] });
    await harness.reconcile(pr);
    for (const login of ['carl', 'lee', 'erin']) {
      harness.advance(MINUTE);
      harness.github.review(pr, { author: login, state: 'APPROVED' });
      await harness.reconcile(pr, login);
    }
    expect(harness.latestCheck(pr)?.conclusion).toBe('success');
    const entries = harness.history(pr).entries.length;

    truncating(harness, ['comments', 'reviews']);
    harness.advance(MINUTE);
    const decision = await harness.reconcile(pr, 'mallory');

    expect(decision.status).toBe('pending_approval');
    expect(decision.check).toMatchObject({ status: 'completed', conclusion: 'failure' });
    expect(decision.check?.title).toBe(
      'Too many comments to evaluate safely; too many reviews to evaluate safely — CHG-2026-001',
    );
    expect(decision.check?.summary).toContain(
      'more comments and reviews than Change Gate reads (3000 of each)',
    );
    expect(harness.github.get(pr).labels).toEqual(['change', 'change:pending-approval']);
    expect(harness.history(pr).entries).toHaveLength(entries);
  });

  test('without the change label only the files matter', async () => {
    const harness = createReconcileHarness();
    const pr = harness.github.openPullRequest({ author: 'dana', body: 'A typo.', labels: [] });
    truncating(harness, ['comments']);
    expect((await harness.reconcile(pr)).check?.title).toBe('Not a change request');

    truncating(harness, ['files']);
    const decision = await harness.reconcile(pr);
    expect(decision.check).toMatchObject({ conclusion: 'failure' });
    expect(decision.check?.title).toMatch(/^Too many files to evaluate safely/);
  });
});
