import { describe, expect, it } from 'vitest';
import { afterEntriesMutation } from '../../../src/github/octokit/after-entries-mutation.ts';
import { CHANGE_FACTS_QUERY } from '../../../src/github/octokit/change-facts-query.ts';
import { checkThenEntriesMutation } from '../../../src/github/octokit/check-then-entries-mutation.ts';
import { createsSomething } from '../../../src/ops/creates-something.ts';
import { graphqlCreatesContent } from '../../../src/ops/graphql-creates-content.ts';
import { isReadOnlyGraphql } from '../../../src/ops/read-only-graphql.ts';

const graphql = (query: unknown, url = '/graphql') => isReadOnlyGraphql({ method: 'POST', url, query });

describe('isReadOnlyGraphql', () => {
  it('is true for queries and the shorthand form, on github.com and GHES', () => {
    expect(graphql('query ChangeFacts($n: Int!) { viewer { login } }')).toBe(true);
    expect(graphql('  # facts\n{ viewer { login } }')).toBe(true);
    expect(graphql('query { a }', 'https://ghe.example/api/graphql')).toBe(true);
  });

  it('is false for a mutation or subscription anywhere, and for anything unclear', () => {
    expect(graphql('mutation { addStar(input: {}) { clientMutationId } }')).toBe(false);
    expect(graphql('query A { a } mutation B { b }')).toBe(false);
    expect(graphql('subscription { a }')).toBe(false);
    expect(graphql('fragment F on User { login }')).toBe(false);
    expect(graphql(undefined)).toBe(false);
    expect(isReadOnlyGraphql({ method: 'GET', url: '/graphql', query: 'query { a }' })).toBe(false);
    expect(isReadOnlyGraphql({ method: 'POST', url: '/repos/a/b/issues', query: 'query { a }' })).toBe(false);
  });

  it("tells the app's after-entries mutation (a write, sent once) from the facts query (a read)", () => {
    // Every shape it takes, the new steps comment (addComment) included: never resent blindly.
    for (const comment of ['add', 'update', null] as const) {
      const mutation = afterEntriesMutation({ check: true, labels: true, comment });
      expect(graphql(mutation)).toBe(false);
      expect(createsSomething({ method: 'POST', url: '/graphql', query: mutation })).toBe(true);
    }
    // The facts query holds the string "change:" (the repository's labels by name): still a read.
    expect(graphql(CHANGE_FACTS_QUERY)).toBe(true);
  });

  it('reads past the word mutation inside strings and comments', () => {
    expect(graphql('query { search(query: "mutation") { issueCount } } # no mutation here')).toBe(true);
  });
});

describe('graphqlCreatesContent', () => {
  const creates = (query: unknown, url = '/graphql') => graphqlCreatesContent({ method: 'POST', url, query });

  it("is true for the app's documents that post a comment (entries, the steps comment), on GHES too", () => {
    expect(creates(checkThenEntriesMutation({ check: 'create', entries: 1 }))).toBe(true);
    expect(creates(afterEntriesMutation({ check: true, labels: true, comment: 'add' }))).toBe(true);
    expect(
      creates('mutation { createIssue(input: {}) { issue { id } } }', 'https://ghe.example/api/graphql'),
    ).toBe(true);
  });

  it('is false for a mutation that creates no content, a query, a name in a string or comment, and REST', () => {
    expect(creates(afterEntriesMutation({ check: true, labels: true, comment: 'update' }))).toBe(false);
    expect(creates(CHANGE_FACTS_QUERY)).toBe(false);
    expect(creates('query { search(query: "addComment(") { issueCount } }')).toBe(false);
    expect(creates('mutation { # addComment(\n updateIssueComment(input: {}) { clientMutationId } }')).toBe(
      false,
    );
    expect(
      graphqlCreatesContent({
        method: 'POST',
        url: '/repos/a/b/issues/1/comments',
        query: 'mutation { addComment( }',
      }),
    ).toBe(false);
  });
});
