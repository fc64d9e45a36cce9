import { describe, expect, test } from 'vitest';
import type { GitHubPort } from '../../../src/github/ports/github-port.ts';
import { reconcileChange } from '../../../src/use-cases/reconcile-change.ts';
import { createReconcileHarness, SEED_PR_BODY } from '../../support/reconcile-harness.ts';

const MINUTE = 60_000;
const log = { info: () => {} } as never;

/**
 * The harness's port with the one-request write (check, then labels) that the Octokit port sends as one GraphQL
 * document: recorded as `batch`, applied as the two writes in the same order; `fail` makes it throw after the
 * check (GitHub's errors next to data: the labels not written) or before anything.
 */
const batching = (port: GitHubPort, writes: string[], fail?: 'after check' | 'before') => ({
  ...port,
  updateCheckRunThenLabels: async (
    ...[ref, id, run, labels]: Parameters<NonNullable<GitHubPort['updateCheckRunThenLabels']>>
  ) => {
    writes.push('batch');
    if (fail === 'before') throw new Error('GitHub answered 502');
    await port.updateCheckRun({ owner: ref.owner, repo: ref.repo }, id, run);
    if (fail === 'after check') throw new Error('Could not resolve to a node with the global id of L_1');
    await port.setLabels(ref, labels);
    return 'one request' as const;
  },
});

/** A submitted change with three of its four approvals: the fourth is the last approval. */
const almostApproved = async () => {
  const harness = createReconcileHarness();
  const pr = harness.github.openPullRequest({ author: 'dana', body: SEED_PR_BODY, labels: ['change', 'ui'] });
  await harness.reconcile(pr);
  for (const login of ['sam', 'erin', 'carl']) {
    harness.advance(MINUTE);
    harness.github.review(pr, { author: login, state: 'APPROVED' });
    await harness.reconcile(pr, login);
  }
  harness.github.review(pr, { author: 'lee', state: 'APPROVED' });
  harness.advance(MINUTE);
  return { harness, pr };
};

const lastApproval = (harness: ReturnType<typeof createReconcileHarness>, pr: number, port: GitHubPort) =>
  reconcileChange({ deps: harness.deps, port, log, ref: harness.github.ref(pr), actor: 'lee' });

describe('the last approval: the passing check and the labels in one request, after the entries', () => {
  test("the entry first, then one request holding the passing check and the labels (people's kept)", async () => {
    const { harness, pr } = await almostApproved();
    const writes: string[] = [];
    const before = harness.github.writes.length;
    await lastApproval(harness, pr, batching(harness.github.port, writes));
    expect(writes).toEqual(['batch']);
    expect(harness.github.writes.slice(before)).toEqual(['comment.create', 'check.update', 'labels.set']);
    expect(harness.latestCheck(pr)?.conclusion).toBe('success');
    expect(harness.github.get(pr).labels).toEqual(['change', 'ui', 'change:approved']);
    expect(harness.history(pr).entries.map(({ entry }) => entry.event)).toEqual(['submitted', 'approved']);
  });

  test('the entry cannot be written: no request with the passing check is sent', async () => {
    const { harness, pr } = await almostApproved();
    const writes: string[] = [];
    const port = batching(harness.github.port, writes);
    const refusing: GitHubPort = {
      ...port,
      createComment: async (ref, body) => {
        if (body.includes('<!-- change-gate:history')) throw new Error('GitHub answered 502');
        return port.createComment(ref, body);
      },
    };
    await expect(lastApproval(harness, pr, refusing)).rejects.toThrow(/502/);
    expect(writes).toEqual([]);
    expect(harness.latestCheck(pr)?.conclusion).not.toBe('success');
  });

  test.each(['after check', 'before'] as const)(
    'a request that fails (%s the check was written) fails the apply; the retry writes what is left once',
    async (fail) => {
      const { harness, pr } = await almostApproved();
      const writes: string[] = [];
      await expect(lastApproval(harness, pr, batching(harness.github.port, writes, fail))).rejects.toThrow();
      // The entry is written (before the request), once.
      expect(harness.history(pr).entries.map(({ entry }) => entry.event)).toEqual(['submitted', 'approved']);
      expect(harness.github.get(pr).labels).not.toContain('change:approved');
      await lastApproval(harness, pr, batching(harness.github.port, writes));
      expect(harness.history(pr).entries.map(({ entry }) => entry.event)).toEqual(['submitted', 'approved']);
      expect(harness.latestCheck(pr)?.conclusion).toBe('success');
      expect(harness.github.get(pr).labels).toEqual(['change', 'ui', 'change:approved']);
      // Nothing is written a third time.
      const settled = harness.github.writes.length;
      await lastApproval(harness, pr, batching(harness.github.port, writes));
      expect(harness.github.writes.length).toBe(settled);
    },
  );

  test('a check that does not pass is never sent with the labels (labels first, as before)', async () => {
    const harness = createReconcileHarness();
    const pr = harness.github.openPullRequest({ author: 'dana', body: SEED_PR_BODY, labels: ['change'] });
    const writes: string[] = [];
    await reconcileChange({
      deps: harness.deps,
      port: batching(harness.github.port, writes),
      log,
      ref: harness.github.ref(pr),
      actor: 'dana',
    });
    expect(writes).toEqual([]);
    expect(harness.github.writes.slice(0, 2)).toEqual(['labels.set', 'comment.create']);
  });
});
