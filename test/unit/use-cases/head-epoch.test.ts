import { describe, expect, test } from 'vitest';
import { LOW_PRIORITY_BLOCK } from '../../support/change-bodies.ts';
import { createReconcileHarness } from '../../support/reconcile-harness.ts';

const MINUTE = 60_000;

const LOW = LOW_PRIORITY_BLOCK;

const opened = async () => {
  const harness = createReconcileHarness();
  const pr = harness.github.openPullRequest({ author: 'dana', body: LOW, labels: ['change'] });
  await harness.reconcile(pr);
  harness.advance(MINUTE);
  return { harness, pr };
};

describe('a /approve approves the head that was current when it was written', () => {
  test('comments given while a force-push had put another commit there do not count after a force-push back', async () => {
    const { harness, pr } = await opened();
    const first = harness.github.get(pr).headSha!;
    const second = harness.github.push(pr);
    await harness.reconcile(pr);
    harness.advance(MINUTE);

    harness.github.forcePush(pr, first);
    await harness.reconcile(pr);
    harness.advance(MINUTE);
    harness.github.comment(pr, { author: 'carl', body: '/approve' });
    harness.advance(MINUTE);
    expect((await harness.reconcile(pr, 'carl')).status).toBe('approved');

    harness.advance(MINUTE);
    harness.github.forcePush(pr, second);
    const back = await harness.reconcile(pr);
    expect(back.status).toBe('pending_approval');
    expect(back.approval?.ignored).toEqual([
      expect.objectContaining({
        login: 'carl',
        reason: 'stale_sha',
        detail: expect.stringContaining('became the head'),
      }),
    ]);

    harness.advance(MINUTE);
    harness.github.comment(pr, { author: 'carl', body: '/approve' });
    expect((await harness.reconcile(pr, 'carl')).status).toBe('approved');
  });

  test('a review of the head given before a force-push back to it does not count', async () => {
    const { harness, pr } = await opened();
    const first = harness.github.get(pr).headSha!;
    harness.github.review(pr, { author: 'carl', state: 'APPROVED' });
    harness.advance(MINUTE);
    expect((await harness.reconcile(pr, 'carl')).status).toBe('approved');
    harness.github.push(pr);
    await harness.reconcile(pr);
    harness.advance(MINUTE);
    harness.github.forcePush(pr, first);
    expect((await harness.reconcile(pr)).status).toBe('pending_approval');
  });

  test('a comment posted before the app first saw the head does not count; the check keeps when it saw it', async () => {
    const harness = createReconcileHarness();
    const pr = harness.github.openPullRequest({ author: 'dana', body: LOW, labels: ['change'] });
    harness.github.comment(pr, { author: 'carl', body: '/approve' });
    harness.advance(MINUTE);
    expect((await harness.reconcile(pr)).status).toBe('pending_approval');
    const summary = harness.latestCheck(pr)?.outputSummary ?? '';
    expect(summary).toMatch(new RegExp(`<!-- change-gate:heads #${pr}@\\d+@- -->`));

    harness.advance(MINUTE);
    harness.github.comment(pr, { author: 'carl', body: '/approve' });
    expect((await harness.reconcile(pr, 'carl')).status).toBe('approved');
    // The record is kept, not renewed, by later evaluations.
    expect(harness.latestCheck(pr)?.outputSummary).toContain(
      /<!-- change-gate:heads [^>]*-->/.exec(summary)?.[0],
    );
  });
});
