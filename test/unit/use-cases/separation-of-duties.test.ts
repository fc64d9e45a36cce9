import { describe, expect, test } from 'vitest';
import { LOW_PRIORITY_BLOCK } from '../../support/change-bodies.ts';
import { createReconcileHarness, SEED_CONFIG } from '../../support/reconcile-harness.ts';

const MINUTE = 60_000;

const LOW = LOW_PRIORITY_BLOCK;

const reviewedBy = async (options: { config?: unknown; commitAuthors: string[] | null }) => {
  const harness = createReconcileHarness(options.config === undefined ? {} : { config: options.config });
  const pr = harness.github.openPullRequest({ author: 'dana', body: LOW, labels: ['change'] });
  harness.github.get(pr).commitAuthors = options.commitAuthors;
  await harness.reconcile(pr);
  harness.advance(MINUTE);
  harness.github.review(pr, { author: 'carl', state: 'APPROVED' });
  return harness.reconcile(pr, 'carl');
};

describe('separation of duties covers the code, not only the opener', () => {
  test('a role holder who authored or committed a commit of the PR cannot approve it', async () => {
    const decision = await reviewedBy({ commitAuthors: ['dana', 'CARL'] });
    expect(decision.status).toBe('pending_approval');
    expect(decision.approval?.ignored).toEqual([
      expect.objectContaining({
        login: 'carl',
        reason: 'excluded',
        detail: expect.stringContaining('authored or committed commits in this pull request'),
      }),
    ]);
  });

  test('when the commits could not all be read, no approval counts', async () => {
    const decision = await reviewedBy({ commitAuthors: null });
    expect(decision.status).toBe('pending_approval');
    expect(decision.approval?.ignored[0]?.detail).toContain('not every commit');
  });

  test('others approve as before', async () => {
    expect((await reviewedBy({ commitAuthors: ['dana'] })).status).toBe('approved');
  });

  test('separation_of_duties.exclude_commit_authors: false relaxes it', async () => {
    const config = structuredClone(SEED_CONFIG) as { change_management: Record<string, unknown> };
    config.change_management.separation_of_duties = { exclude_commit_authors: false };
    expect((await reviewedBy({ config, commitAuthors: ['carl'] })).status).toBe('approved');
  });
});
