import { describe, expect, test } from 'vitest';
import { decisionWithoutWrites } from '../../../src/core/decision/decision.ts';
import { MAX_ENTRIES_PER_COMMENT } from '../../../src/core/history/parse-history-entries.ts';
import type { GitHubPort } from '../../../src/github/ports/github-port.ts';
import { applyDecision } from '../../../src/use-cases/apply-decision.ts';
import { reconcileChange } from '../../../src/use-cases/reconcile-change.ts';
import { createReconcileHarness, SEED_PR_BODY } from '../../support/reconcile-harness.ts';

const MINUTE = 60_000;
const log = { info: () => {} } as never;

type Fail = 'after check' | 'after labels' | 'before';
/** How the request with the check and the entries fails: before anything, after the check, or the check refused (GitHub runs the entry after it all the same). */
type FailTogether = 'after check' | 'before' | 'check refused';

/**
 * The harness's port with the one-request write after the entries (check, labels, steps comment) that the
 * Octokit port sends as one GraphQL document: recorded in `batches` by what it held, applied as the writes in
 * the same order; `fail` makes it throw part way (GitHub's errors next to data: the later writes not done,
 * as when GitHub refused one of them) or before anything. With it, the request holding a check that does not
 * pass and then the entries (writeCheckThenEntries), which `failTogether` fails likewise.
 */
const batching = (port: GitHubPort, batches: string[], fail?: Fail, failTogether?: FailTogether) => ({
  ...port,
  writeCheckThenEntries: async (
    ...[ref, writes]: Parameters<NonNullable<GitHubPort['writeCheckThenEntries']>>
  ) => {
    batches.push(
      `${writes.check.id === null ? 'check.create' : 'check.update'} + ${writes.entries.length} entry`,
    );
    const repo = { owner: ref.owner, repo: ref.repo };
    if (failTogether === 'before') throw new Error('GitHub answered 502');
    let checkId = writes.check.id;
    if (failTogether !== 'check refused') {
      if (checkId === null) checkId = (await port.createCheckRun(repo, writes.check.run)).id;
      else await port.updateCheckRun(repo, checkId, writes.check.run);
    }
    if (failTogether === 'after check')
      throw new Error('Could not resolve to a node with the global id of PR_1');
    const commentIds: number[] = [];
    for (const body of writes.entries) commentIds.push((await port.createComment(ref, body)).id);
    if (failTogether === 'check refused') throw new Error('Resource not accessible by integration');
    return { checkId: checkId ?? 0, commentIds };
  },
  writeAfterEntries: async (...[ref, writes]: Parameters<NonNullable<GitHubPort['writeAfterEntries']>>) => {
    batches.push(
      [
        writes.check && 'check',
        writes.labels && 'labels',
        writes.comment && ('id' in writes.comment ? 'comment.update' : 'comment.create'),
        writes.create && 'check.create',
      ]
        .filter(Boolean)
        .join(' + '),
    );
    const repo = { owner: ref.owner, repo: ref.repo };
    if (fail === 'before') throw new Error('GitHub answered 502');
    if (writes.check) await port.updateCheckRun(repo, writes.check.id, writes.check.run);
    if (fail === 'after check') throw new Error('Could not resolve to a node with the global id of L_1');
    if (writes.labels) await port.setLabels(ref, writes.labels);
    if (fail === 'after labels') throw new Error('Could not resolve to a node with the global id of S_1');
    if (writes.comment && 'id' in writes.comment)
      await port.updateComment(repo, writes.comment.id, writes.comment.body);
    else if (writes.comment) await port.createComment(ref, writes.comment.body);
    if (writes.create) await port.createCheckRun(repo, writes.create);
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

describe('the writes after the entries in one request: the last approval', () => {
  test("the entry first, then one request holding the passing check and the labels (people's kept)", async () => {
    const { harness, pr } = await almostApproved();
    const writes: string[] = [];
    const before = harness.github.writes.length;
    await lastApproval(harness, pr, batching(harness.github.port, writes));
    expect(writes).toEqual(['check + labels']);
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

  test.each(['after check', 'after labels', 'before'] as const)(
    'a request that fails (%s the check was written) fails the apply; the retry writes what is left once',
    async (fail) => {
      const { harness, pr } = await almostApproved();
      const writes: string[] = [];
      await expect(lastApproval(harness, pr, batching(harness.github.port, writes, fail))).rejects.toThrow();
      // The entry is written (before the request), once.
      expect(harness.history(pr).entries.map(({ entry }) => entry.event)).toEqual(['submitted', 'approved']);
      // Labels written before the failing part may show the approval (labels decide nothing); the check not.
      if (fail !== 'after labels') expect(harness.github.get(pr).labels).not.toContain('change:approved');
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
});

describe('the writes after the entries in one request: the submission', () => {
  const submit = (harness: ReturnType<typeof createReconcileHarness>, pr: number, port: GitHubPort) =>
    reconcileChange({ deps: harness.deps, port, log, ref: harness.github.ref(pr), actor: 'dana' });

  /** A pull request evaluated once without the `change` label (our run: not a change request), then labelled. */
  const labelled = async () => {
    const harness = createReconcileHarness();
    const pr = harness.github.openPullRequest({ author: 'dana', body: SEED_PR_BODY, labels: [] });
    await harness.reconcile(pr);
    harness.github.edit(pr, { labels: ['change'] });
    harness.advance(MINUTE);
    return { harness, pr, before: harness.github.writes.length };
  };

  test('one request with the check (not passing) and then the entry; one more: the check with the chain head, the labels, the steps comment', async () => {
    const { harness, pr, before } = await labelled();
    const batches: string[] = [];
    await submit(harness, pr, batching(harness.github.port, batches));
    expect(harness.github.writes.slice(before)).toEqual([
      'check.create',
      'comment.create',
      'check.update',
      'labels.set',
      'comment.create',
    ]);
    expect(batches).toEqual(['check.create + 1 entry', 'check + labels + comment.create']);
    expect(harness.latestCheck(pr)?.conclusion).not.toBe('success');
    expect(harness.github.get(pr).labels).toEqual(['change', 'change:pending-approval']);
    expect(harness.history(pr).entries.map(({ entry }) => entry.event)).toEqual(['submitted']);
    // Applied again: nothing left to write.
    const settled = harness.github.writes.length;
    await submit(harness, pr, batching(harness.github.port, batches));
    expect(harness.github.writes.length).toBe(settled);
    expect(batches).toHaveLength(2);
  });

  test('no run of ours yet: the entry, the check created, then the labels and the steps comment in one request', async () => {
    const harness = createReconcileHarness();
    const pr = harness.github.openPullRequest({ author: 'dana', body: SEED_PR_BODY, labels: ['change'] });
    const batches: string[] = [];
    await submit(harness, pr, batching(harness.github.port, batches));
    expect(harness.github.writes).toEqual(['comment.create', 'check.create', 'labels.set', 'comment.create']);
    expect(batches).toEqual(['labels + comment.create']);
  });

  test('the entry cannot be written: the labels and the steps comment are not written either, the check is due', async () => {
    const { harness, pr, before } = await labelled();
    const batches: string[] = [];
    const port = batching(harness.github.port, batches);
    const refusing: GitHubPort = {
      ...port,
      createComment: async (ref, body) => {
        if (body.includes('<!-- change-gate:history')) throw new Error('GitHub answered 502');
        return port.createComment(ref, body);
      },
    };
    const { writeCheckThenEntries: _together, ...apart } = refusing;
    await expect(submit(harness, pr, apart)).rejects.toThrow(/502/);
    expect(batches).toEqual([]);
    expect(harness.github.writes.slice(before)).toEqual(['check.create']);
    expect(harness.latestCheck(pr)?.conclusion).not.toBe('success');
    expect(harness.latestCheck(pr)?.outputSummary).toMatch(/change-gate:due/);
    expect(harness.github.get(pr).labels).toEqual(['change']);
  });

  test.each(['after check', 'after labels', 'before'] as const)(
    'the request fails (%s): the apply fails; the retry reads again and writes what is left, the steps comment once',
    async (fail) => {
      const { harness, pr } = await labelled();
      const batches: string[] = [];
      await expect(submit(harness, pr, batching(harness.github.port, batches, fail))).rejects.toThrow();
      await submit(harness, pr, batching(harness.github.port, batches));
      const bot = harness.github
        .get(pr)
        .comments.filter((comment) => comment.authorIsBot)
        .map((comment) => comment.body.split('\n')[0]);
      // One history comment, one steps comment.
      expect(bot).toHaveLength(2);
      expect(harness.history(pr).entries.map(({ entry }) => entry.event)).toEqual(['submitted']);
      expect(harness.github.get(pr).labels).toEqual(['change', 'change:pending-approval']);
      const settled = harness.github.writes.length;
      await submit(harness, pr, batching(harness.github.port, batches));
      expect(harness.github.writes.length).toBe(settled);
    },
  );

  test.each(['after check', 'before', 'check refused'] as const)(
    'the request with the check and the entry fails (%s): the apply fails, nothing after it is sent; the retry ends as the calm submission, each written once',
    async (fail) => {
      const { harness, pr, before } = await labelled();
      const titleBefore = harness.latestCheck(pr)?.outputTitle;
      const batches: string[] = [];
      await expect(
        submit(harness, pr, batching(harness.github.port, batches, undefined, fail)),
      ).rejects.toThrow();
      expect(batches).toEqual(['check.create + 1 entry']);
      // Nothing after the failed request: no labels, no steps comment, no check update.
      expect(harness.github.writes.slice(before)).toEqual(
        { before: [], 'after check': ['check.create'], 'check refused': ['comment.create'] }[fail],
      );
      const entries = () => harness.history(pr).entries.map(({ entry }) => entry.event);
      // Never a passing check for the change: its run says it is due (written), or is the run before it.
      if (fail === 'after check') {
        expect(harness.latestCheck(pr)?.conclusion).not.toBe('success');
        expect(harness.latestCheck(pr)?.outputSummary).toMatch(/change-gate:due/);
      } else expect(harness.latestCheck(pr)?.outputTitle).toBe(titleBefore);
      expect(entries()).toEqual(fail === 'check refused' ? ['submitted'] : []);
      expect(harness.github.get(pr).labels).toEqual(['change']);
      await submit(harness, pr, batching(harness.github.port, batches));
      const calm = await labelled();
      await submit(calm.harness, calm.pr, batching(calm.harness.github.port, []));
      expect(entries()).toEqual(['submitted']);
      expect(harness.github.get(pr).labels).toEqual(calm.harness.github.get(calm.pr).labels);
      expect(harness.latestCheck(pr)?.outputTitle).toBe(calm.harness.latestCheck(calm.pr)?.outputTitle);
      expect(harness.latestCheck(pr)?.status).toBe(calm.harness.latestCheck(calm.pr)?.status);
      const bot = harness.github.get(pr).comments.filter((comment) => comment.authorIsBot);
      expect(bot).toHaveLength(2);
      const settled = harness.github.writes.length;
      await submit(harness, pr, batching(harness.github.port, batches));
      expect(harness.github.writes.length).toBe(settled);
    },
  );

  /**
   * applyDecision on the labelled pull request, with the batching port: a check in progress (`conclusion`
   * null) or completed with `conclusion`, and `count` "submitted" drafts, each its own occurrence.
   */
  const applyDirect = async (options: { conclusion: 'neutral' | null; count: number }) => {
    const { harness, pr, before } = await labelled();
    const batches: string[] = [];
    const ref = harness.github.ref(pr);
    const facts = await harness.github.port.readChange(ref);
    const draft = (index: number) => ({
      event: 'submitted' as const,
      change_id: 'CHG-2026-001',
      actor: 'dana',
      head_sha: facts.headSha,
      block_hash: null,
      occurrence: { index },
    });
    await applyDecision({
      port: batching(harness.github.port, batches),
      ref,
      facts: { ...facts, teamMembers: {} },
      decision: {
        ...decisionWithoutWrites({ changeId: 'CHG-2026-001', status: null, emergency: false, headline: '' }),
        check: {
          name: 'Change Gate',
          headSha: facts.headSha ?? '',
          status: options.conclusion === null ? 'in_progress' : 'completed',
          conclusion: options.conclusion,
          title: 'Pending approval',
          summary: 'roles missing',
          text: '',
          externalId: 'CHG-2026-001',
        },
        history: Array.from({ length: options.count }, (_unused, index) => draft(index)),
      },
      entries: [],
      signer: harness.deps.keys.signer,
      app: harness.github.app,
      now: () => new Date('2026-11-30T12:00:00Z'),
    });
    return { harness, pr, batches, writes: harness.github.writes.slice(before) };
  };

  test('entries that take two comments are never in the request with the check: the check, then each comment alone', async () => {
    const { harness, pr, batches, writes } = await applyDirect({
      conclusion: null,
      count: MAX_ENTRIES_PER_COMMENT + 1,
    });
    // GitHub runs a document's later mutations after one that failed: a failed first comment next to a posted
    // second would leave a gap in the chain. Posted one by one, a failure stops them.
    expect(batches.filter((batch) => batch.includes('entry'))).toEqual([]);
    expect(writes.slice(0, 3)).toEqual(['check.create', 'comment.create', 'comment.create']);
    const historyComments = harness.github
      .get(pr)
      .comments.filter((comment) => comment.body.includes('<!-- change-gate:history'));
    expect(historyComments).toHaveLength(2);
  });

  test('a check branch protection counts as passing (neutral) is never in the request with the entry: it follows it', async () => {
    const { batches, writes } = await applyDirect({ conclusion: 'neutral', count: 1 });
    // The entry alone, then the check (our run updated, after it).
    expect(batches).toEqual(['check']);
    expect(writes).toEqual(['comment.create', 'check.update']);
  });

  test('a port without the batch writes as before: labels before the entry', async () => {
    const harness = createReconcileHarness();
    const pr = harness.github.openPullRequest({ author: 'dana', body: SEED_PR_BODY, labels: ['change'] });
    await submit(harness, pr, harness.github.port);
    expect(harness.github.writes.slice(0, 3)).toEqual(['labels.set', 'comment.create', 'check.create']);
  });
});

describe('the writes after the entries in one request: an issue (no check run, a status comment)', () => {
  test('the entry, then the labels, the status comment and the steps comment in that order; the comments never in the request', async () => {
    const plain = createReconcileHarness();
    const batched = createReconcileHarness();
    const batches: string[] = [];
    for (const [harness, batchingPort] of [
      [plain, false],
      [batched, true],
    ] as const) {
      const issue = harness.github.openIssue({ author: 'dana', body: SEED_PR_BODY, labels: ['change'] });
      await reconcileChange({
        deps: harness.deps,
        port: batchingPort ? batching(harness.github.port, batches) : harness.github.port,
        log,
        ref: harness.github.ref(issue),
        actor: 'dana',
      });
    }
    expect(plain.github.writes[0]).toBe('labels.set');
    expect(plain.github.writes.slice(1)).toEqual(
      batched.github.writes.filter((_write, index) => index !== 1),
    );
    expect(batched.github.writes.slice(0, 2)).toEqual(['comment.create', 'labels.set']);
    expect(batches).toEqual(['labels']);
  });
});
