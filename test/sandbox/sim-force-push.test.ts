import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { NAME, OWNER, REPO, type Seeded, startSeededSimulator } from './support/seeded-simulator.ts';

// biome-ignore lint/suspicious/noExplicitAny: GraphQL results are asserted structurally
type Any = any;

const TIMELINE = `
query Timeline($owner: String!, $repo: String!, $number: Int!) {
  repository(owner: $owner, name: $repo) {
    pullRequest(number: $number) {
      headRefOid
      timelineItems(last: 10, itemTypes: [HEAD_REF_FORCE_PUSHED_EVENT]) {
        filteredCount
        nodes { __typename ... on HeadRefForcePushedEvent {
          id createdAt actor { login } beforeCommit { oid } afterCommit { oid } } }
      }
      commits(first: 10) { nodes { commit { oid
        author { user { login } } committer { user { login } } authors(first: 5) { nodes { user { login } } }
        associatedPullRequests(first: 10) { nodes { number state headRefOid } } } } }
    }
  }
}`;

describe('simulator: force-push, branches and commit attribution', () => {
  let s: Seeded;
  beforeAll(async () => {
    s = await startSeededSimulator();
  });
  afterAll(async () => {
    await s.stop();
  });

  it('a force-push through PATCH /git/refs is a HeadRefForcePushedEvent in the PR timeline', async () => {
    const pr = await s.sim
      .as('dev')
      .openPullRequest({ repo: REPO, title: 'T', head: 'topic', files: { 'a.ts': '1' } });
    const first = pr.headSha;
    const { sha: second } = await s.sim.as('outsider').pushCommit({
      repo: REPO,
      branch: 'topic',
      files: { 'a.ts': '2' },
    });
    const mark = s.receiver.received.length;

    // Not a fast-forward without `force`.
    await expect(
      s.devOctokit.git.updateRef({ owner: OWNER, repo: NAME, ref: 'heads/topic', sha: first }),
    ).rejects.toMatchObject({ status: 422 });
    await s.devOctokit.git.updateRef({
      owner: OWNER,
      repo: NAME,
      ref: 'heads/topic',
      sha: first,
      force: true,
    });
    await s.sim.settle();

    const events = s.receiver.received.slice(mark).map((d) => `${d.event}.${d.action ?? ''}`);
    expect(events).toEqual(['push.', 'pull_request.synchronize']);
    expect(s.receiver.received.at(-2)?.payload.forced).toBe(true);
    const data: Any = await s.appOctokit.graphql(TIMELINE, { owner: OWNER, repo: NAME, number: pr.number });
    const pull = data.repository.pullRequest;
    expect(pull.headRefOid).toBe(first);
    expect(pull.timelineItems.nodes).toEqual([
      expect.objectContaining({
        __typename: 'HeadRefForcePushedEvent',
        actor: { login: 'dev' },
        beforeCommit: { oid: second },
        afterCommit: { oid: first },
      }),
    ]);
    // The PR's commits are those between its base and the new head; each names its author.
    expect(pull.commits.nodes.map((node: Any) => node.commit.oid)).toEqual([first]);
    expect(pull.commits.nodes[0].commit.author.user.login).toBe('dev');
    expect(pull.commits.nodes[0].commit.authors.nodes).toEqual([{ user: { login: 'dev' } }]);
    expect(pull.commits.nodes[0].commit.associatedPullRequests.nodes).toEqual([
      { number: pr.number, state: 'OPEN', headRefOid: first },
    ]);
    s.sim.assertNoViolations();
  });

  it('a second branch at the same commit: both PRs are associated with it', async () => {
    const pr = await s.sim
      .as('dev')
      .openPullRequest({ repo: REPO, title: 'One', head: 'one', files: { 'b.ts': '1' } });
    await s.sim.as('outsider').createBranch({ repo: REPO, branch: 'copy', sha: pr.headSha });
    const other = await s.sim.as('outsider').openPullRequest({ repo: REPO, title: 'Two', head: 'copy' });
    expect(other.headSha).toBe(pr.headSha);
    const data: Any = await s.appOctokit.graphql(TIMELINE, { owner: OWNER, repo: NAME, number: pr.number });
    const associated = data.repository.pullRequest.commits.nodes[0].commit.associatedPullRequests.nodes;
    expect(associated.map((node: Any) => node.number)).toEqual([pr.number, other.number]);
    s.sim.assertNoViolations();
  });
});
