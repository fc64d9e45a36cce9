import { describe, expect, test } from 'vitest';
import { createReconcileHarness, SEED_PR_BODY } from '../../support/reconcile-harness.ts';

const MINUTE = 60_000;

const events = (harness: ReturnType<typeof createReconcileHarness>, pr: number) =>
  harness.history(pr).entries.map((verified) => verified.entry.event);

const submitted = async () => {
  const harness = createReconcileHarness({
    teams: {
      'security-team': ['sam'],
      'security-team-lead': ['lee'],
      'engineering-manager': ['erin'],
      'change-manager': ['carl', 'cora'],
    },
  });
  const pr = harness.github.openPullRequest({ author: 'dana', body: SEED_PR_BODY, labels: ['change'] });
  await harness.reconcile(pr);
  harness.advance(MINUTE);
  for (const login of ['sam', 'lee', 'erin']) {
    harness.github.review(pr, { author: login, state: 'APPROVED' });
    harness.advance(MINUTE);
  }
  return { harness, pr };
};

describe('a rejection stands in the signed history', () => {
  test('a dismissed CHANGES_REQUESTED review keeps rejecting until the rejecter approves', async () => {
    const { harness, pr } = await submitted();
    harness.github.review(pr, { author: 'carl', state: 'CHANGES_REQUESTED', body: 'no rollback test' });
    await harness.reconcile(pr, 'carl');
    expect(events(harness, pr)).toEqual(['submitted', 'rejected']);
    const rejected = harness.history(pr).entries[1]?.entry;
    expect(rejected?.data.rejections).toEqual([
      expect.objectContaining({ login: 'carl', roles: ['change-manager'], via: 'review' }),
    ]);

    harness.advance(MINUTE);
    const review = harness.github.get(pr).reviews.at(-1)!;
    review.state = 'DISMISSED';
    const decision = await harness.reconcile(pr, 'acme-admin');
    expect(decision.status).toBe('rejected');
    expect(harness.latestCheck(pr)?.conclusion).toBe('failure');
    expect(harness.latestCheck(pr)?.outputSummary).toContain('no rollback test');

    harness.advance(MINUTE);
    harness.github.review(pr, { author: 'carl', state: 'APPROVED' });
    expect((await harness.reconcile(pr, 'carl')).status).toBe('approved');
    expect(events(harness, pr)).toEqual(['submitted', 'rejected', 'approved']);
  });

  test('a deleted /reject keeps rejecting until another holder of the role approves', async () => {
    const { harness, pr } = await submitted();
    const id = harness.github.comment(pr, { author: 'carl', body: '/reject not during the audit' });
    await harness.reconcile(pr, 'carl');
    harness.advance(MINUTE);
    const change = harness.github.get(pr);
    change.comments = change.comments.filter((comment) => comment.id !== id);
    expect((await harness.reconcile(pr, 'carl')).status).toBe('rejected');

    harness.advance(MINUTE);
    harness.github.review(pr, { author: 'cora', state: 'APPROVED' });
    expect((await harness.reconcile(pr, 'cora')).status).toBe('approved');
  });

  test('cancelling the change and submitting it again does not lift a rejection', async () => {
    const { harness, pr } = await submitted();
    const id = harness.github.comment(pr, { author: 'carl', body: '/reject not during the audit' });
    await harness.reconcile(pr, 'carl');
    const change = harness.github.get(pr);
    change.comments = change.comments.filter((comment) => comment.id !== id);
    harness.advance(MINUTE);
    harness.github.edit(pr, { labels: change.labels.filter((label) => label !== 'change') });
    await harness.reconcile(pr, 'dana');
    harness.advance(MINUTE);
    harness.github.edit(pr, { labels: [...harness.github.get(pr).labels, 'change'] });
    expect((await harness.reconcile(pr, 'dana')).status).toBe('rejected');
    expect(events(harness, pr)).toEqual(['submitted', 'rejected', 'cancelled', 'submitted', 'rejected']);
  });

  test('a second person rejecting an already rejected change is recorded too', async () => {
    const { harness, pr } = await submitted();
    harness.github.comment(pr, { author: 'carl', body: '/reject not during the audit' });
    await harness.reconcile(pr, 'carl');
    harness.advance(MINUTE);
    harness.github.comment(pr, { author: 'sam', body: '/reject the MFA fallback is unsafe' });
    await harness.reconcile(pr, 'sam');
    expect(events(harness, pr)).toEqual(['submitted', 'rejected', 'rejected']);

    // carl's rejection is lifted by cora; sam's still stands.
    harness.advance(MINUTE);
    harness.github.review(pr, { author: 'cora', state: 'APPROVED' });
    const decision = await harness.reconcile(pr, 'cora');
    expect(decision.status).toBe('rejected');
    expect(decision.approval?.rejections.map((rejection) => rejection.login)).toEqual(['sam']);
    await harness.reconcile(pr, 'cora');
    expect(events(harness, pr)).toEqual(['submitted', 'rejected', 'rejected']);
  });
});
