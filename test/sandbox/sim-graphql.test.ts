import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { NAME, OWNER, REPO, type Seeded, startSeededSimulator } from './support/seeded-simulator.ts';

/** The app's one-read query (see the issue), with `state` aliased per type: GitHub's schema requires it. */
const CHANGE_FACTS = `
query ChangeFacts($owner: String!, $repo: String!, $number: Int!, $commentsAfter: String, $reviewsAfter: String) {
  repository(owner: $owner, name: $repo) {
    owner { __typename login }
    issueOrPullRequest(number: $number) {
      __typename
      ... on Issue { number title body issueState: state createdAt author { __typename login }
        labels(first: 100) { nodes { name } }
        comments(first: 100, after: $commentsAfter) { pageInfo { hasNextPage endCursor }
          nodes { databaseId body createdAt updatedAt lastEditedAt author { __typename login } } } }
      ... on PullRequest { number title body pullState: state merged isDraft createdAt headRefOid baseRefName
        author { __typename login }
        labels(first: 100) { nodes { name } }
        files(first: 100) { totalCount pageInfo { hasNextPage endCursor } nodes { path } }
        reviews(first: 100, after: $reviewsAfter) { pageInfo { hasNextPage endCursor }
          nodes { databaseId state submittedAt body author { login } commit { oid } } }
        comments(first: 100, after: $commentsAfter) { pageInfo { hasNextPage endCursor }
          nodes { databaseId body createdAt updatedAt lastEditedAt author { __typename login } } }
        commits(last: 1) { nodes { commit { oid
          checkSuites(first: 50) { nodes { app { databaseId slug }
            checkRuns(first: 50) { nodes { databaseId name status conclusion startedAt title summary } } } }
          status { contexts { context state description } } } } } }
    }
  }
}`;

// biome-ignore lint/suspicious/noExplicitAny: GraphQL results are asserted structurally
type Any = any;

describe('simulator GraphQL', () => {
  let s: Seeded;
  let pr: { number: number; headSha: string };
  const query = (variables: Record<string, unknown>) =>
    s.appOctokit.graphql<Any>(CHANGE_FACTS, { owner: OWNER, repo: NAME, ...variables });

  beforeAll(async () => {
    s = await startSeededSimulator();
    pr = await s.sim.as('dev').openPullRequest({
      repo: REPO,
      title: 'MFA',
      body: 'block',
      head: 'mfa',
      files: { 'src/mfa.ts': 'x', 'docs/mfa.md': 'y' },
    });
    await s.sim.as('dev').addLabels({ repo: REPO, number: pr.number, labels: ['change'] });
    for (let i = 0; i < 101; i++)
      await s.sim.as('dev').comment({ repo: REPO, number: pr.number, body: `c${i}` });
    for (let i = 0; i < 101; i++)
      await s.sim.as('sec-lead').review({ repo: REPO, number: pr.number, event: 'COMMENT', body: `r${i}` });
    await s.sim.as('eng-manager').review({ repo: REPO, number: pr.number, event: 'APPROVE' });
    await s.appOctokit.issues.createComment({
      owner: OWNER,
      repo: NAME,
      issue_number: pr.number,
      body: 'history entry',
    });
    await s.appOctokit.checks.create({
      owner: OWNER,
      repo: NAME,
      name: 'Change Gate',
      head_sha: pr.headSha,
      status: 'in_progress',
      output: { title: 'Pending', summary: 'roles missing' },
    });
    await s.sim.as('dev').createStatus({
      repo: REPO,
      sha: pr.headSha,
      state: 'success',
      context: 'coverage',
      description: '85%',
    });
  });
  afterAll(() => s.stop());
  afterEach(() => s.sim.assertNoViolations());

  it('answers the change-facts query for a PR with GitHub’s conventions', async () => {
    const { repository } = await query({ number: pr.number });
    expect(repository.owner).toEqual({ __typename: 'Organization', login: OWNER });
    const change = repository.issueOrPullRequest;
    expect(change).toMatchObject({
      __typename: 'PullRequest',
      number: pr.number,
      pullState: 'OPEN',
      merged: false,
      isDraft: false,
      headRefOid: pr.headSha,
      baseRefName: 'main',
      author: { __typename: 'User', login: 'dev' },
      labels: { nodes: [{ name: 'change' }] },
      files: { totalCount: 2, nodes: [{ path: 'docs/mfa.md' }, { path: 'src/mfa.ts' }] },
    });
    expect(change.comments.nodes).toHaveLength(100);
    expect(change.comments.pageInfo.hasNextPage).toBe(true);
    const [commit] = change.commits.nodes;
    expect(commit.commit.oid).toBe(pr.headSha);
    expect(commit.commit.checkSuites.nodes).toEqual([
      {
        app: { databaseId: s.app.id, slug: 'change-gate' },
        checkRuns: {
          nodes: [
            expect.objectContaining({
              name: 'Change Gate',
              status: 'IN_PROGRESS',
              conclusion: null,
              title: 'Pending',
            }),
          ],
        },
      },
    ]);
    expect(commit.commit.status.contexts).toEqual([
      { context: 'coverage', state: 'SUCCESS', description: '85%' },
    ]);
  });

  it('continues comments and reviews with `after` cursors, and spells a bot author without [bot]', async () => {
    const first = (await query({ number: pr.number })).repository.issueOrPullRequest;
    const next = (
      await query({
        number: pr.number,
        commentsAfter: first.comments.pageInfo.endCursor,
        reviewsAfter: first.reviews.pageInfo.endCursor,
      })
    ).repository.issueOrPullRequest;
    const bodies = [...first.comments.nodes, ...next.comments.nodes].map((c: Any) => c.body);
    expect(bodies).toEqual([...Array.from({ length: 101 }, (_, i) => `c${i}`), 'history entry']);
    expect(next.comments.pageInfo.hasNextPage).toBe(false);
    expect(next.comments.nodes.at(-1).author).toEqual({ __typename: 'Bot', login: 'change-gate' });
    const reviews = [...first.reviews.nodes, ...next.reviews.nodes];
    expect(reviews).toHaveLength(102);
    expect(reviews.at(-1)).toMatchObject({
      state: 'APPROVED',
      author: { login: 'eng-manager' },
      commit: { oid: pr.headSha },
    });
  });

  it('answers for an issue and reports MERGED for a merged PR', async () => {
    const { number } = await s.sim
      .as('dev')
      .createIssue({ repo: REPO, title: 'Manual change', body: 'infra' });
    const issue = (await query({ number })).repository.issueOrPullRequest;
    expect(issue).toMatchObject({
      __typename: 'Issue',
      issueState: 'OPEN',
      title: 'Manual change',
      comments: { nodes: [] },
    });
    const merged = await s.sim
      .as('dev')
      .openPullRequest({ repo: REPO, title: 'Small', head: 'small', files: { s: '1' } });
    await s.sim.as('dev').mergePullRequest({ repo: REPO, number: merged.number });
    expect((await query({ number: merged.number })).repository.issueOrPullRequest).toMatchObject({
      pullState: 'MERGED',
      merged: true,
    });
  });

  it('rejects the query with a bare `state` in both fragments, as GitHub’s schema does, and records it', async () => {
    const unaliased = CHANGE_FACTS.replace('issueState: state', 'state').replace('pullState: state', 'state');
    const error = await s.appOctokit
      .graphql(unaliased, { owner: OWNER, repo: NAME, number: pr.number })
      .catch((e: Error) => e);
    expect(String(error)).toMatch(
      /Fields "state" conflict because they return conflicting types "IssueState!" and "PullRequestState!"/,
    );
    expect(s.sim.violations).toEqual([
      expect.objectContaining({ kind: 'request', reason: expect.stringContaining('conflict') }),
    ]);
    s.sim.clearViolations();
  });

  it('answers a field GitHub does not have with errors and a request violation', async () => {
    const error = await s.appOctokit
      .graphql('query { repository(owner: "acme", name: "payments") { approvalStatus } }')
      .catch((e: Error) => e);
    expect(String(error)).toMatch(/Cannot query field "approvalStatus" on type "Repository"/);
    expect(s.sim.violations.map((v) => v.kind)).toEqual(['request']);
    s.sim.clearViolations();
  });

  it('reports NOT_FOUND for an unknown repository or number, and for a repository outside the installation', async () => {
    s.sim.createOrg({ login: 'elsewhere' });
    s.sim.createRepo({ owner: 'elsewhere', name: 'hidden' });
    for (const variables of [
      { owner: OWNER, repo: 'missing', number: 1 },
      { owner: OWNER, repo: NAME, number: 9999 },
      { owner: 'elsewhere', repo: 'hidden', number: 1 },
    ]) {
      const error = (await s.appOctokit.graphql(CHANGE_FACTS, variables).catch((e: unknown) => e)) as Any;
      expect(error.errors[0]).toMatchObject({
        type: 'NOT_FOUND',
        message: expect.stringMatching(/^Could not resolve to/),
      });
    }
    const users = (
      await s.devOctokit.graphql<Any>('query { repository(owner: "elsewhere", name: "hidden") { name } }')
    ).repository;
    expect(users).toEqual({ name: 'hidden' });
  });

  it('requires `first` or `last` on connections and caps them at 100, like GitHub', async () => {
    const missing = (await s.appOctokit
      .graphql(
        'query { repository(owner: "acme", name: "payments") { pullRequest(number: 1) { labels { totalCount } } } }',
      )
      .catch((e: unknown) => e)) as Any;
    expect(missing.errors[0].message).toMatch(/You must provide a `first` or `last` value/);
    const tooMany = (await s.appOctokit
      .graphql(
        'query { repository(owner: "acme", name: "payments") { pullRequest(number: 1) { labels(first: 101) { totalCount } } } }',
      )
      .catch((e: unknown) => e)) as Any;
    expect(tooMany.errors[0].message).toMatch(/exceeds the `first` limit of 100 records/);
  });

  it("answers the gate's first read: the default branch, its tip, a file on it and a commit's pull requests", async () => {
    const { deployStartQuery } = await import('../../src/github/octokit/deploy-start-query.ts');
    const ask = (sha: string) =>
      s.appOctokit.graphql<Any>(deployStartQuery({ checkRuns: 'app' }), {
        owner: OWNER,
        repo: NAME,
        config: 'HEAD:no/such/file.yml',
        sha,
        environment: 'production',
        appId: s.app.id,
        checkName: 'Change Gate',
        vouchName: 'Change Gate · deployed production',
      });
    const dev = s.sim.as('dev');
    const first = await dev.createDeployment({ repo: REPO, ref: 'main', environment: 'production' });
    await dev.createDeployment({ repo: REPO, ref: 'main', environment: 'staging' });
    const second = await dev.createDeployment({
      repo: REPO,
      ref: 'main',
      environment: 'production',
      payload: { change_gate: { changes: [] } },
    });
    await dev.createDeploymentStatus({ repo: REPO, deploymentId: first.id, state: 'in_progress' });
    await dev.createDeploymentStatus({ repo: REPO, deploymentId: first.id, state: 'success' });
    await s.appOctokit.checks.create({
      owner: OWNER,
      repo: NAME,
      name: 'Change Gate · deployed production',
      head_sha: first.sha,
      status: 'completed',
      conclusion: 'success',
      external_id: `deployment-${first.id}`,
    });
    const answer = await ask(pr.headSha);
    // The environment's only, newest first, the payload as JSON text.
    expect(answer.repository.deployments).toEqual({
      pageInfo: { hasNextPage: false },
      nodes: [second, first].map((deployment) => ({
        databaseId: deployment.id,
        commitOid: deployment.sha,
        createdAt: expect.any(String),
        environment: 'production',
        payload: deployment === second ? '{"change_gate":{"changes":[]}}' : '{}',
        // Its newest status; the app's voucher runs on its commit.
        latestStatus: deployment === first ? { state: 'SUCCESS' } : null,
        commit: {
          oid: deployment.sha,
          checkSuites: {
            pageInfo: { hasNextPage: false },
            nodes: [
              {
                app: { databaseId: s.app.id, slug: 'change-gate' },
                checkRuns: {
                  pageInfo: { hasNextPage: false },
                  nodes: [
                    expect.objectContaining({
                      name: 'Change Gate · deployed production',
                      status: 'COMPLETED',
                      conclusion: 'SUCCESS',
                      externalId: `deployment-${first.id}`,
                    }),
                  ],
                },
              },
            ],
          },
        },
      })),
    });
    expect(answer.repository).toMatchObject({
      defaultBranchRef: {
        name: 'main',
        target: { __typename: 'Commit', oid: s.sim.read.branchSha({ repo: REPO, branch: 'main' }) },
      },
      config: null,
      deployed: {
        __typename: 'Commit',
        // The open pull request whose head it is.
        associatedPullRequests: {
          pageInfo: { hasNextPage: false },
          nodes: [
            {
              number: pr.number,
              state: 'OPEN',
              mergedAt: null,
              headRefOid: pr.headSha,
              baseRefName: 'main',
              labels: { pageInfo: { hasNextPage: false }, nodes: [{ name: 'change' }] },
              // Its head, with the app's suite and its run of that name.
              headCommit: {
                nodes: [
                  {
                    commit: {
                      oid: pr.headSha,
                      checkSuites: {
                        pageInfo: { hasNextPage: false },
                        nodes: [
                          {
                            app: { databaseId: s.app.id, slug: 'change-gate' },
                            checkRuns: {
                              pageInfo: { hasNextPage: false },
                              nodes: [
                                expect.objectContaining({
                                  name: 'Change Gate',
                                  status: 'IN_PROGRESS',
                                  conclusion: null,
                                  title: 'Pending',
                                  summary: 'roles missing',
                                }),
                              ],
                            },
                          },
                        ],
                      },
                    },
                  },
                ],
              },
            },
          ],
        },
      },
    });
    // The deployed commit's history (the range's first read), `git log` order: the commit itself first, with
    // its pull request; every parent listed after its child (this repository's history is shorter than 30).
    const history: Any[] = answer.repository.deployed.history.nodes;
    expect(history[0]).toMatchObject({
      oid: pr.headSha,
      associatedPullRequests: {
        pageInfo: { hasNextPage: false },
        nodes: [expect.objectContaining({ number: pr.number, headRefOid: pr.headSha })],
      },
    });
    expect(history.length).toBeGreaterThan(1);
    history.forEach((commit, index) => {
      expect(commit.parents.totalCount).toBe(commit.parents.nodes.length);
      for (const parent of commit.parents.nodes) {
        expect(history.findIndex((listed) => listed.oid === parent.oid)).toBeGreaterThan(index);
      }
    });
    expect(history.at(-1).parents.totalCount).toBe(0);
    // A commit the repository does not have: null, as GitHub answers.
    expect((await ask('0'.repeat(40))).repository.deployed).toBeNull();
    // Without the app's id (CheckSuiteFilter.checkName): the suites holding a run of that name, whatever their app.
    const suitesNamed = async (checkName: string) => {
      const byName = await s.appOctokit.graphql<Any>(deployStartQuery({ checkRuns: 'name' }), {
        owner: OWNER,
        repo: NAME,
        config: 'HEAD:no/such/file.yml',
        sha: pr.headSha,
        environment: 'production',
        checkName,
        vouchName: `${checkName} · deployed production`,
      });
      const [pull] = byName.repository.deployed.associatedPullRequests.nodes;
      return pull.headCommit.nodes[0].commit.checkSuites.nodes.map((suite: Any) => suite.app.slug);
    };
    expect(await suitesNamed('Change Gate')).toEqual(['change-gate']);
    expect(await suitesNamed('No such check')).toEqual([]);
  });

  it('refuses unauthenticated GraphQL requests', async () => {
    const response = await fetch(s.sim.graphqlUrl, {
      method: 'POST',
      body: JSON.stringify({ query: '{ viewer { login } }' }),
    });
    expect(response.status).toBe(401);
  });
});
