import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { NAME, OWNER, REPO, type Seeded, startSeededSimulator } from './support/seeded-simulator.ts';

const COMMENTS = `
query Comments($owner: String!, $repo: String!, $number: Int!, $after: String) {
  repository(owner: $owner, name: $repo) {
    issueOrPullRequest(number: $number) {
      ... on PullRequest { comments(first: 100, after: $after) { totalCount pageInfo { hasNextPage endCursor }
        nodes { databaseId body author { login } } } }
    }
  }
}`;

// biome-ignore lint/suspicious/noExplicitAny: GraphQL results are asserted structurally
type Any = any;

describe('simulator: a long thread seeded directly', () => {
  let s: Seeded;
  let number = 0;
  let seeded: number[] = [];

  beforeAll(async () => {
    s = await startSeededSimulator();
    ({ number } = await s.sim
      .as('dev')
      .openPullRequest({ repo: REPO, title: 'Long', head: 'long', files: { 'a.ts': 'x' } }));
    await s.sim.as('dev').comment({ repo: REPO, number, body: 'first, by webhook' });
    await s.sim.settle();
    const deliveries = s.sim.deliveries.length;
    seeded = s.sim.seedComments({
      repo: REPO,
      number,
      author: 'outsider',
      bodies: Array.from({ length: 250 }, (_, i) => `seeded ${i}`),
    });
    await s.sim.as('dev').comment({ repo: REPO, number, body: 'last, by webhook' });
    // Seeding delivers nothing: only the last comment did.
    expect(s.sim.deliveries.slice(deliveries).map((d) => `${d.event}.${d.action}`)).toEqual([
      'issue_comment.created',
    ]);
  });
  afterAll(() => s.stop());
  afterEach(() => s.sim.assertNoViolations());

  it('pages the thread through GraphQL to its end, in posting order', async () => {
    const bodies: string[] = [];
    let after: string | null = null;
    for (let page = 0; page < 10; page++) {
      const result: Any = await s.appOctokit.graphql(COMMENTS, { owner: OWNER, repo: NAME, number, after });
      const { comments } = result.repository.issueOrPullRequest;
      expect(comments.totalCount).toBe(252);
      bodies.push(...comments.nodes.map((node: Any) => node.body));
      if (!comments.pageInfo.hasNextPage) break;
      after = comments.pageInfo.endCursor;
    }
    expect(bodies).toEqual([
      'first, by webhook',
      ...Array.from({ length: 250 }, (_, i) => `seeded ${i}`),
      'last, by webhook',
    ]);
  });

  it('lists the seeded comments over REST too, with their ids and author', async () => {
    const comments = await s.appOctokit.paginate(s.appOctokit.issues.listComments, {
      owner: OWNER,
      repo: NAME,
      issue_number: number,
      per_page: 100,
    });
    expect(comments.map((comment) => comment.id).slice(1, 251)).toEqual(seeded);
    expect(comments[1]?.user?.login).toBe('outsider');
  });
});
