import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { OWNER, REPO, type Seeded, startSeededSimulator } from './support/seeded-simulator.ts';

const SEARCH = `
query Search($q: String!, $after: String) {
  search(query: $q, type: ISSUE, first: 100, after: $after) {
    issueCount
    pageInfo { hasNextPage endCursor }
    nodes { ... on Issue { number createdAt updatedAt comments(first: 5) { totalCount nodes { body author { login } } } } }
  }
}`;

const OWNER_REPOSITORIES = `
query Owner($login: String!) {
  repositoryOwner(login: $login) {
    __typename
    repositories(first: 100, ownerAffiliations: [OWNER]) {
      nodes { name object(expression: "HEAD:.github/change-management.yml") { __typename ... on Blob { text isTruncated } } }
    }
  }
}`;

// biome-ignore lint/suspicious/noExplicitAny: GraphQL results are asserted structurally
type Any = any;

const day = (n: number, hour = 0) => new Date(Date.UTC(2026, 0, n, hour)).toISOString();

describe('simulator: issues seeded in bulk, searched by time windows', () => {
  let s: Seeded;
  let numbers: number[] = [];

  beforeAll(async () => {
    s = await startSeededSimulator();
    const deliveries = s.sim.deliveries.length;
    // 1,500 issues, one every 4 hours from Jan 1, each with two comments an hour apart.
    numbers = s.sim.seedIssues({
      repo: REPO,
      author: 'dev',
      issues: Array.from({ length: 1_500 }, (_, index) => ({
        title: `Change ${index}`,
        labels: ['change'],
        createdAt: new Date(Date.UTC(2026, 0, 1) + index * 4 * 3_600_000).toISOString(),
        comments: [
          { author: 'dev', body: `opened ${index}` },
          {
            author: 'sec-lead',
            body: `reviewed ${index}`,
            createdAt: new Date(Date.UTC(2026, 0, 1) + (index * 4 + 1) * 3_600_000).toISOString(),
          },
        ],
      })),
    });
    expect(s.sim.deliveries.length).toBe(deliveries);
  });
  afterAll(() => s.stop());
  afterEach(() => s.sim.assertNoViolations());

  it('stores each issue with its labels and thread, updated at its last comment', async () => {
    expect(numbers).toHaveLength(1_500);
    expect(s.sim.read.labels({ repo: REPO, number: numbers[10]! })).toEqual(['change']);
    const issue = s.sim.read.issue({ repo: REPO, number: numbers[0]! });
    expect(Date.parse(issue.created_at)).toBe(Date.UTC(2026, 0, 1));
    expect(Date.parse(issue.updated_at)).toBe(Date.UTC(2026, 0, 1, 1));
    expect(s.sim.read.comments({ repo: REPO, number: numbers[0]! }).map((c: Any) => c.body)).toEqual([
      'opened 0',
      'reviewed 0',
    ]);
    expect(() =>
      s.sim.seedIssues({
        repo: REPO,
        author: 'dev',
        issues: [
          { title: 'late', createdAt: day(5), comments: [{ author: 'dev', body: 'x', createdAt: day(4) }] },
        ],
      }),
    ).toThrow(/predates its issue/);
  });

  it('counts every match in issueCount but pages through the first 1,000 only, as GitHub does', async () => {
    const first: Any = await s.appOctokit.graphql(SEARCH, { q: `repo:${REPO} label:change` });
    expect(first.search.issueCount).toBe(1_500);
    let after: string | null = first.search.pageInfo.endCursor;
    let read = first.search.nodes.length;
    while (after !== null) {
      const page: Any = await s.appOctokit.graphql(SEARCH, { q: `repo:${REPO} label:change`, after });
      read += page.search.nodes.length;
      after = page.search.pageInfo.hasNextPage ? page.search.pageInfo.endCursor : null;
    }
    expect(read).toBe(1_000);
  });

  it('filters created and updated to the second, and sorts by sort:created-asc', async () => {
    // Issues 6..11 were created on Jan 2 (every 4h from 00:00); 12 on Jan 3 00:00 is excluded by `..23:59:59`.
    const range = `created:${day(2).slice(0, 19)}Z..2026-01-02T23:59:59Z`;
    const result: Any = await s.appOctokit.graphql(SEARCH, {
      q: `repo:${REPO} label:change ${range} sort:created-asc`,
    });
    expect(result.search.nodes.map((node: Any) => node.number)).toEqual(numbers.slice(6, 12));
    const below: Any = await s.appOctokit.graphql(SEARCH, {
      q: `repo:${REPO} created:<=2026-01-01T04:00:00Z sort:created-asc`,
    });
    expect(below.search.nodes.map((node: Any) => node.number)).toEqual(numbers.slice(0, 2));
    // Updated at the second: issue 0 was updated at 01:00:00 exactly.
    const updated: Any = await s.appOctokit.graphql(SEARCH, {
      q: `repo:${REPO} updated:>=2026-01-01T01:00:00Z created:<2026-01-01T04:00:00Z`,
    });
    expect(updated.search.issueCount).toBe(1);
    expect(updated.search.nodes[0].comments.totalCount).toBe(2);
  });

  it("lists an owner's repositories with their config file text", async () => {
    const result: Any = await s.appOctokit.graphql(OWNER_REPOSITORIES, { login: OWNER });
    expect(result.repositoryOwner.__typename).toBe('Organization');
    const payments = result.repositoryOwner.repositories.nodes.find((node: Any) => node.name === 'payments');
    expect(payments.object).toEqual({
      __typename: 'Blob',
      text: 'change_management:\n  enabled: true\n',
      isTruncated: false,
    });
    const none: Any = await s.appOctokit.graphql(OWNER_REPOSITORIES, { login: 'nobody-here' });
    expect(none.repositoryOwner).toBeNull();
  });
});
