import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { afterEntriesMutation } from '../../src/github/octokit/after-entries-mutation.ts';
import { checkThenEntriesMutation } from '../../src/github/octokit/check-then-entries-mutation.ts';

import { NAME, OWNER, REPO, type Seeded, startSeededSimulator } from './support/seeded-simulator.ts';

/** The last approval's shape: the passing check, then the labels. */
const CHECK_THEN_LABELS_MUTATION = afterEntriesMutation({ check: true, labels: true, comment: null });

/** The ids the app's facts query reads: the repository's, the PR's, its labels' and the check runs'. */
const IDS = `
query Ids($owner: String!, $repo: String!, $number: Int!) {
  repository(owner: $owner, name: $repo) {
    id
    managedLabels: labels(first: 50, query: "change:") { nodes { id name } }
    all: labels(first: 100) { nodes { id name } }
    pullRequest(number: $number) { id labels(first: 100) { nodes { id name } }
      commits(last: 1) { nodes { commit { checkSuites(first: 10) { nodes {
        checkRuns(first: 10) { nodes { id databaseId name status conclusion summary } } } } } } } }
  }
}`;

// biome-ignore lint/suspicious/noExplicitAny: GraphQL results are asserted structurally
type Any = any;

describe('simulator GraphQL mutations: our check run, then the labels, in one request', () => {
  let s: Seeded;
  let number: number;
  let runId: number;
  let otherToken: string;

  const ids = async () =>
    (await s.appOctokit.graphql<Any>(IDS, { owner: OWNER, repo: NAME, number })).repository;
  const labelId = (repository: Any, name: string): string =>
    repository.all.nodes.find((label: { name: string }) => label.name === name).id;
  const variables = (repository: Any, labelIds: string[], conclusion = 'SUCCESS') => ({
    check: {
      repositoryId: repository.id,
      checkRunId: repository.pullRequest.commits.nodes[0].commit.checkSuites.nodes[0].checkRuns.nodes.find(
        (run: { databaseId: number }) => run.databaseId === runId,
      ).id,
      name: 'Change Gate',
      status: 'COMPLETED',
      conclusion,
      completedAt: '2026-11-30T12:00:00Z',
      output: { title: 'Approved', summary: 'all roles approved', text: '' },
    },
    labels: { pullRequestId: repository.pullRequest.id, labelIds },
  });
  const labelsOnPull = async () =>
    (await s.appOctokit.issues.listLabelsOnIssue({ owner: OWNER, repo: NAME, issue_number: number })).data
      .map((label) => label.name)
      .sort();
  const run = async () =>
    (await s.appOctokit.checks.get({ owner: OWNER, repo: NAME, check_run_id: runId })).data;

  beforeAll(async () => {
    s = await startSeededSimulator();
    const other = s.sim.registerApp({
      slug: 'impostor',
      permissions: { checks: 'write', pull_requests: 'read', metadata: 'read' },
    });
    otherToken = s.sim.createInstallationToken({
      installationId: s.sim.installApp({ app: other.id, account: OWNER }).id,
    });
    ({ number } = await s.sim
      .as('dev')
      .openPullRequest({ repo: REPO, title: 'Batch', head: 'batch', files: { b: '1' } }));
    for (const name of ['change:pending-approval', 'change:approved']) {
      await s.appOctokit.issues.createLabel({ owner: OWNER, repo: NAME, name });
    }
    // A person's label, kept by the app's label set.
    await s.sim
      .as('dev')
      .addLabels({ repo: REPO, number, labels: ['change', 'frontend', 'change:pending-approval'] });
    const pull = await s.appOctokit.pulls.get({ owner: OWNER, repo: NAME, pull_number: number });
    const { data } = await s.appOctokit.checks.create({
      owner: OWNER,
      repo: NAME,
      name: 'Change Gate',
      head_sha: pull.data.head.sha,
      status: 'in_progress',
      output: { title: 'Pending', summary: 'roles missing' },
    });
    runId = data.id;
  });
  afterAll(() => s.stop());
  afterEach(() => s.sim.assertNoViolations());

  it("reads the repository's change: labels by name, with node ids", async () => {
    const repository = await ids();
    expect(repository.managedLabels.nodes.map((label: { name: string }) => label.name).sort()).toEqual([
      'change:approved',
      'change:pending-approval',
    ]);
    expect(repository.id).toEqual(expect.any(String));
  });

  it('refuses a check run of another app, and still runs the next mutation (GitHub runs each in order)', async () => {
    const repository = await ids();
    const wanted = ['change', 'frontend', 'change:pending-approval'].map((name) => labelId(repository, name));
    const answer: Any = await s
      .octokit(otherToken)
      .graphql(CHECK_THEN_LABELS_MUTATION, variables(repository, wanted))
      .catch((error: unknown) => error);
    expect(answer.name).toBe('GraphqlResponseError');
    expect(
      answer.errors.map((error: { type?: string; path?: string[] }) => [error.type, error.path]),
    ).toEqual([
      ['FORBIDDEN', ['updateCheckRun']],
      ['FORBIDDEN', ['updatePullRequest']],
    ]);
    expect(answer.errors[0].message).toMatch(/only be modified by the GitHub App that created it/);
    expect(await run()).toMatchObject({ status: 'in_progress', conclusion: null });
  });

  it('refuses a label id the repository does not have; the check before it is written', async () => {
    const repository = await ids();
    const answer: Any = await s.appOctokit
      .graphql(
        CHECK_THEN_LABELS_MUTATION,
        variables(repository, [labelId(repository, 'change'), 'TEFCRUw6bm9uZQ=='], 'NEUTRAL'),
      )
      .catch((error: unknown) => error);
    expect(answer.name).toBe('GraphqlResponseError');
    expect(answer.errors).toEqual([
      expect.objectContaining({ type: 'NOT_FOUND', path: ['updatePullRequest'] }),
    ]);
    expect(answer.data.updateCheckRun.checkRun.id).toEqual(expect.any(String));
    expect(answer.data.updatePullRequest).toBeNull();
    expect(await run()).toMatchObject({ status: 'completed', conclusion: 'neutral' });
    expect(await labelsOnPull()).toEqual(['change', 'change:pending-approval', 'frontend']);
  });

  it("updates our run, then replaces the labels with the set given (people's labels in it are kept)", async () => {
    const repository = await ids();
    const wanted = ['change', 'frontend', 'change:approved'].map((name) => labelId(repository, name));
    const answer: Any = await s.appOctokit.graphql(CHECK_THEN_LABELS_MUTATION, variables(repository, wanted));
    expect(answer.updateCheckRun.checkRun.id).toEqual(expect.any(String));
    expect(answer.updatePullRequest.pullRequest.id).toBe(repository.pullRequest.id);
    expect(await run()).toMatchObject({
      status: 'completed',
      conclusion: 'success',
      output: expect.objectContaining({ title: 'Approved', summary: 'all roles approved' }),
    });
    expect(await labelsOnPull()).toEqual(['change', 'change:approved', 'frontend']);
    // Sent again (a retry after a lost answer): the same state, nothing added.
    await s.appOctokit.graphql(CHECK_THEN_LABELS_MUTATION, variables(repository, wanted));
    expect(await labelsOnPull()).toEqual(['change', 'change:approved', 'frontend']);
    expect(await run()).toMatchObject({ status: 'completed', conclusion: 'success' });
  });

  const comments = async () =>
    (await s.appOctokit.issues.listComments({ owner: OWNER, repo: NAME, issue_number: number })).data.map(
      (comment) => ({ id: comment.id, body: comment.body, login: comment.user?.login }),
    );

  it('posts a comment (addComment) after the labels, as REST would, with its node id and database id', async () => {
    const repository = await ids();
    const document = afterEntriesMutation({ check: false, labels: true, comment: 'add' });
    const before = await comments();
    const answer: Any = await s.appOctokit.graphql(document, {
      labels: { pullRequestId: repository.pullRequest.id, labelIds: [labelId(repository, 'change')] },
      comment: { subjectId: repository.pullRequest.id, body: '<!-- steps -->\n- [ ] deploy' },
    });
    const node = answer.addComment.commentEdge.node;
    expect(node).toEqual({ id: expect.any(String), databaseId: expect.any(Number) });
    const after = await comments();
    expect(after).toHaveLength(before.length + 1);
    expect(after.at(-1)).toMatchObject({ id: node.databaseId, body: '<!-- steps -->\n- [ ] deploy' });
    expect(after.at(-1)?.login).toMatch(/\[bot\]$/);
    expect(await labelsOnPull()).toEqual(['change']);
  });

  it('edits a comment by its node id (updateIssueComment); refuses an unknown id and an empty body', async () => {
    const posted = await s.appOctokit.issues.createComment({
      owner: OWNER,
      repo: NAME,
      issue_number: number,
      body: 'first',
    });
    const document = afterEntriesMutation({ check: false, labels: true, comment: 'update' });
    const repository = await ids();
    const labels = { pullRequestId: repository.pullRequest.id, labelIds: [labelId(repository, 'frontend')] };
    const answer: Any = await s.appOctokit.graphql(document, {
      labels,
      comment: { id: posted.data.node_id, body: 'second' },
    });
    expect(answer.updateIssueComment.issueComment.id).toBe(posted.data.node_id);
    expect((await comments()).find((comment) => comment.id === posted.data.id)?.body).toBe('second');
    const unknown: Any = await s.appOctokit
      .graphql(document, { labels, comment: { id: 'SUNfbm9uZQ==', body: 'third' } })
      .catch((error: unknown) => error);
    expect(unknown.errors).toEqual([
      expect.objectContaining({ type: 'NOT_FOUND', path: ['updateIssueComment'] }),
    ]);
    const empty: Any = await s.appOctokit
      .graphql(document, { labels, comment: { id: posted.data.node_id, body: ' ' } })
      .catch((error: unknown) => error);
    expect(empty.errors.map((error: { path?: string[] }) => error.path)).toEqual([['updateIssueComment']]);
    expect((await comments()).find((comment) => comment.id === posted.data.id)?.body).toBe('second');
  });

  it('creates a run of the calling app (createCheckRun), then posts the entries after it, in order', async () => {
    const repository = await ids();
    const pull = await s.appOctokit.pulls.get({ owner: OWNER, repo: NAME, pull_number: number });
    const before = await comments();
    const answer: Any = await s.appOctokit.graphql(
      checkThenEntriesMutation({ check: 'create', entries: 2 }),
      {
        check: {
          repositoryId: repository.id,
          headSha: pull.data.head.sha,
          name: 'Change Gate',
          externalId: 'CHG-9',
          status: 'IN_PROGRESS',
          output: { title: 'Pending', summary: 'due now', text: '' },
        },
        entry0: { subjectId: repository.pullRequest.id, body: 'entry one' },
        entry1: { subjectId: repository.pullRequest.id, body: 'entry two' },
      },
    );
    const created = (
      await s.appOctokit.checks.get({
        owner: OWNER,
        repo: NAME,
        check_run_id: answer.createCheckRun.checkRun.databaseId,
      })
    ).data;
    expect(created).toMatchObject({
      node_id: answer.createCheckRun.checkRun.id,
      head_sha: pull.data.head.sha,
      status: 'in_progress',
      conclusion: null,
      external_id: 'CHG-9',
      app: expect.objectContaining({ slug: 'change-gate' }),
      output: expect.objectContaining({ title: 'Pending', summary: 'due now' }),
    });
    const after = await comments();
    expect(after.slice(before.length).map((comment) => [comment.id, comment.body])).toEqual([
      [answer.entry0.commentEdge.node.databaseId, 'entry one'],
      [answer.entry1.commentEdge.node.databaseId, 'entry two'],
    ]);
  });

  it('refuses a run on a commit the repository lacks, and a token without checks: write; the entry after it is posted', async () => {
    const repository = await ids();
    const before = await comments();
    const check = {
      repositoryId: repository.id,
      headSha: 'f'.repeat(40),
      name: 'Change Gate',
      status: 'IN_PROGRESS',
      output: { title: 'Pending', summary: 'due now', text: '' },
    };
    const document = checkThenEntriesMutation({ check: 'create', entries: 1 });
    const unknownCommit: Any = await s.appOctokit
      .graphql(document, {
        check,
        entry0: { subjectId: repository.pullRequest.id, body: 'after a refused check' },
      })
      .catch((error: unknown) => error);
    expect(unknownCommit.errors.map((error: { path?: string[] }) => error.path)).toEqual([
      ['createCheckRun'],
    ]);
    expect(unknownCommit.data.entry0.commentEdge.node.databaseId).toEqual(expect.any(Number));
    expect((await comments()).slice(before.length).map((comment) => comment.body)).toEqual([
      'after a refused check',
    ]);
    const readOnly = s.sim.registerApp({ slug: 'reader', permissions: { checks: 'read', metadata: 'read' } });
    const readerToken = s.sim.createInstallationToken({
      installationId: s.sim.installApp({ app: readOnly.id, account: OWNER }).id,
    });
    const forbidden: Any = await s
      .octokit(readerToken)
      .graphql(checkThenEntriesMutation({ check: 'create', entries: 0 }), { check })
      .catch((error: unknown) => error);
    expect(forbidden.errors.map((error: { type?: string }) => error.type)).toEqual(['FORBIDDEN']);
  });

  it('refuses to comment for an app that may not write issues or pull requests', async () => {
    const repository = await ids();
    const before = await comments();
    const answer: Any = await s
      .octokit(otherToken)
      .graphql(afterEntriesMutation({ check: false, labels: false, comment: 'add' }), {
        comment: { subjectId: repository.pullRequest.id, body: 'impostor' },
      })
      .catch((error: unknown) => error);
    expect(answer.errors.map((error: { type?: string }) => error.type)).toEqual(['FORBIDDEN']);
    expect(await comments()).toEqual(before);
  });
});
