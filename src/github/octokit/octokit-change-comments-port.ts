import type { ChangeComments, ChangeCommentsPort } from '../ports/change-comments-port.ts';
import type { GqlComment, Page } from './change-facts-query.ts';
import { readAllPages } from './read-all-pages.ts';
import { toCommentFact } from './to-change-facts.ts';

/** 100 comments a page: 1,000 pages is 100,000 comments, far past any real thread. */
const MAX_PAGES = 1_000;

const COMMENTS = `comments(first: 100, after: $after) {
        pageInfo { hasNextPage endCursor }
        nodes { databaseId body createdAt updatedAt lastEditedAt author { __typename login } } }`;

// see: https://docs.github.com/graphql/reference/objects#issuecomment
export const CHANGE_COMMENTS_QUERY = `
query ChangeComments($owner: String!, $repo: String!, $number: Int!, $after: String) {
  repository(owner: $owner, name: $repo) {
    databaseId
    issueOrPullRequest(number: $number) {
      __typename
      ... on Issue { number createdAt ${COMMENTS} }
      ... on PullRequest { number createdAt ${COMMENTS} }
    }
  }
}`;

interface ChangeCommentsResult {
  repository: {
    /** The repository's numeric id (optional: older answers and test fixtures lack it). */
    databaseId?: number | null;
    issueOrPullRequest: {
      __typename: string;
      number: number;
      createdAt: string;
      comments: Page<GqlComment>;
    } | null;
  } | null;
}

/** The part of an Octokit client this adapter uses (@octokit/rest's and Probot's both fit). */
export interface GraphqlOctokit {
  graphql<T>(query: string, parameters: Record<string, unknown>): Promise<T>;
}

/** ChangeCommentsPort over GitHub's GraphQL API: one query a page of 100 comments, the first one included. */
export function octokitChangeCommentsPort(octokit: GraphqlOctokit): ChangeCommentsPort {
  return {
    async readComments(ref) {
      const label = `${ref.owner}/${ref.repo}#${ref.number}`;
      let change: Omit<ChangeComments, 'comments'> | null = null;
      let after: string | null = null;
      const nodes = await readAllPages<GqlComment>({
        what: `the comments of ${label}`,
        maxPages: MAX_PAGES,
        page: async () => {
          const result = await octokit.graphql<ChangeCommentsResult>(CHANGE_COMMENTS_QUERY, {
            ...ref,
            after,
          });
          const found = result.repository?.issueOrPullRequest;
          if (!found) throw new Error(`${label} not found, or not visible to this token`);
          const repositoryId = result.repository?.databaseId;
          change ??= {
            number: found.number,
            createdAt: found.createdAt,
            repositoryId: typeof repositoryId === 'number' ? repositoryId : null,
          };
          const pageInfo = found.comments.pageInfo;
          after = pageInfo?.endCursor ?? null;
          return { items: found.comments.nodes, next: pageInfo?.hasNextPage === true && after !== null };
        },
      });
      if (change === null) throw new Error(`${label} not found, or not visible to this token`);
      return { ...(change as Omit<ChangeComments, 'comments'>), comments: nodes.map(toCommentFact) };
    },
  };
}
