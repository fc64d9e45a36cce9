import { describe, expect, it } from 'vitest';
import { MAX_READ_ITEMS } from '../../../src/core/decision/unread-facts.ts';
import { createOctokitPort } from '../../../src/github/octokit/octokit-port.ts';
import { createTeamMembersCache } from '../../../src/github/octokit/team-members-cache.ts';
import { pullRequestNode } from '../../support/github-mocks.ts';

const REF = { owner: 'Codertocat', repo: 'Hello-World', number: 2 };
const commentNode = (i: number) => ({
  databaseId: i + 1,
  body: `comment ${i}`,
  createdAt: '2026-03-02T10:00:00Z',
  updatedAt: '2026-03-02T10:00:00Z',
  lastEditedAt: null,
  author: { __typename: 'User', login: 'dana' },
});
const fileNode = (i: number) => ({ path: `src/file-${i}.ts` });

/** A GitHub that holds `total` comments and `files` files, paged 100 at a time like GraphQL. */
const fakeGitHub = (options: { comments: number; files: number; changedFiles?: number }) => {
  const calls: string[] = [];
  const page = <T>(make: (i: number) => T, total: number, after: string | null) => {
    const start = after === null ? 0 : Number(after);
    const end = Math.min(total, start + 100);
    return {
      pageInfo: { hasNextPage: end < total, endCursor: String(end) },
      nodes: Array.from({ length: end - start }, (_, i) => make(start + i)),
    };
  };
  const graphql = async (query: string, variables: { after?: string }) => {
    const connection = /(comments|reviews|files|commits)\(first: 100, after/.exec(query)?.[1];
    calls.push(connection ?? 'facts');
    if (connection === undefined) {
      return {
        repository: {
          owner: { __typename: 'Organization', login: 'Codertocat' },
          issueOrPullRequest: pullRequestNode({
            changedFiles: options.changedFiles ?? options.files,
            comments: page(commentNode, options.comments, null),
            files: page(fileNode, options.files, null),
          }),
        },
      };
    }
    const nodes =
      connection === 'comments'
        ? page(commentNode, options.comments, variables.after ?? null)
        : connection === 'files'
          ? page(fileNode, options.files, variables.after ?? null)
          : { pageInfo: { hasNextPage: false, endCursor: null }, nodes: [] };
    return { repository: { issueOrPullRequest: { __typename: 'PullRequest', [connection]: nodes } } };
  };
  const port = createOctokitPort({ octokit: { graphql } as never, teams: createTeamMembersCache() });
  return { port, calls };
};

describe('reading a long thread (the GitHub port)', () => {
  it('reads comments and files page by page to the end while they stay within the cap', async () => {
    const { port, calls } = fakeGitHub({ comments: MAX_READ_ITEMS, files: 250 });
    const facts = await port.readChange(REF);
    expect(facts.comments).toHaveLength(MAX_READ_ITEMS);
    expect(facts.comments.at(-1)?.body).toBe(`comment ${MAX_READ_ITEMS - 1}`);
    expect(facts.changedFiles).toHaveLength(250);
    expect(facts.truncated).toBeUndefined();
    expect(calls.filter((call) => call === 'comments')).toHaveLength(MAX_READ_ITEMS / 100 - 1);
  });

  it('stops at the cap and says the comments were cut, instead of dropping the tail silently', async () => {
    const { port, calls } = fakeGitHub({ comments: MAX_READ_ITEMS + 1, files: 1 });
    const facts = await port.readChange(REF);
    expect(facts.comments).toHaveLength(MAX_READ_ITEMS);
    expect(facts.truncated).toEqual(['comments']);
    expect(calls.filter((call) => call === 'comments')).toHaveLength(MAX_READ_ITEMS / 100 - 1);
  });

  it('says the files were cut when GitHub lists fewer than the pull request changes (it stops at 3000)', async () => {
    const { port } = fakeGitHub({ comments: 0, files: 3000, changedFiles: 3500 });
    const facts = await port.readChange(REF);
    expect(facts.changedFiles).toHaveLength(3000);
    expect(facts.truncated).toEqual(['files']);
  });
});
