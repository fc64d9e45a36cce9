import { describe, expect, it } from 'vitest';
import {
  CHANGE_COMMENTS_QUERY,
  octokitChangeCommentsPort,
} from '../../../src/github/octokit/octokit-change-comments-port.ts';
import {
  octokitReportSourcePort,
  REPORT_CHANGES_QUERY,
} from '../../../src/github/octokit/octokit-report-source-port.ts';

/** One comment as GitHub's GraphQL gives it. */
const COMMENT = {
  databaseId: 1,
  body: 'hello',
  createdAt: '2026-03-01T10:00:00Z',
  updatedAt: '2026-03-01T10:00:00Z',
  lastEditedAt: null,
  author: { __typename: 'User', login: 'alice' },
};
const COMMENTS = { pageInfo: { hasNextPage: false, endCursor: null }, nodes: [COMMENT] };

/** The report's and `change-gate history`'s reads give the repository's id: history is read by it. */
describe('the report sources read the repository id', () => {
  it('a search result carries its repository databaseId (null when GitHub leaves it out)', async () => {
    expect(REPORT_CHANGES_QUERY).toMatch(/repository \{ databaseId nameWithOwner \}/);
    const node = (repository: Record<string, unknown>) => ({
      __typename: 'PullRequest',
      number: 12,
      createdAt: '2026-03-01T09:00:00Z',
      title: 't',
      url: 'u',
      author: null,
      body: null,
      repository,
      comments: COMMENTS,
    });
    const octokit = {
      request: async () => {
        throw new Error('no REST read expected');
      },
      graphql: async <T>(query: string): Promise<T> => {
        expect(query).toBe(REPORT_CHANGES_QUERY);
        return {
          search: {
            issueCount: 2,
            pageInfo: { hasNextPage: false, endCursor: null },
            nodes: [
              node({ databaseId: 4242, nameWithOwner: 'acme/renamed' }),
              { ...node({ nameWithOwner: 'acme/old' }), number: 13 },
            ],
          },
        } as T;
      },
    };
    const port = octokitReportSourcePort({ octokit: octokit as never });
    const page = await port.searchChanges(
      {
        where: { repository: 'acme/renamed' },
        label: 'change',
        updatedSince: null,
        created: { from: null, to: '2026-04-01T00:00:00Z' },
      },
      null,
    );
    expect(page.changes.map((change) => [change.repository, change.number, change.repositoryId])).toEqual([
      ['acme/renamed', 12, 4242],
      ['acme/old', 13, null],
    ]);
  });

  it('a thread read whole carries its repository databaseId (null when GitHub leaves it out)', async () => {
    expect(CHANGE_COMMENTS_QUERY).toMatch(/repository\(owner: \$owner, name: \$repo\) \{\s+databaseId/);
    const read = async (repository: Record<string, unknown>) =>
      octokitChangeCommentsPort({
        graphql: async <T>(): Promise<T> =>
          ({
            repository: {
              ...repository,
              issueOrPullRequest: {
                __typename: 'Issue',
                number: 12,
                createdAt: '2026-03-01T09:00:00Z',
                comments: COMMENTS,
              },
            },
          }) as T,
      }).readComments({ owner: 'acme', repo: 'renamed', number: 12 });
    const withId = await read({ databaseId: 4242 });
    expect(withId).toMatchObject({ number: 12, repositoryId: 4242 });
    expect(withId.comments).toHaveLength(1);
    expect((await read({})).repositoryId).toBeNull();
  });
});
