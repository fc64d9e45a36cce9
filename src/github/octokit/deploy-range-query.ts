import type { GqlPullRequestOfCommit } from './deploy-start-query.ts';

/** Commits of the deployed commit's history read at once: a range longer than this is read over REST. */
export const RANGE_HISTORY = 30;
/** Pull requests read per commit: a commit is rarely in more (more: its pull requests are read over REST). */
export const RANGE_PULLS = 5;

/**
 * The range of a deploy in one request: the deployed commit's history (`git log` order, each commit with
 * its parents), each commit with the pull requests GitHub associates with it (as `DeployStart` reads the
 * deployed commit's), instead of the compare and one REST read of pull requests per commit.
 * see: https://docs.github.com/graphql/reference/objects#commit (history, parents, associatedPullRequests)
 */
export const DEPLOY_RANGE_QUERY = `
query DeployRange($owner: String!, $repo: String!, $head: GitObjectID!) {
  repository(owner: $owner, name: $repo) {
    head: object(oid: $head) {
      __typename
      ... on Commit {
        history(first: ${RANGE_HISTORY}) {
          nodes {
            oid
            parents(first: 2) { totalCount nodes { oid } }
            associatedPullRequests(first: ${RANGE_PULLS}) {
              pageInfo { hasNextPage }
              nodes {
                number title body state mergedAt mergeCommit { oid } headRefOid baseRefName
                labels(first: 100) { pageInfo { hasNextPage } nodes { name } }
              }
            }
          }
        }
      }
    }
  }
}`;

export interface DeployRangeResult {
  repository?: {
    head?: {
      __typename?: unknown;
      history?: {
        nodes?: Array<{
          oid?: unknown;
          parents?: { totalCount?: unknown; nodes?: Array<{ oid?: unknown } | null> } | null;
          associatedPullRequests?: {
            pageInfo?: { hasNextPage?: unknown };
            nodes?: Array<GqlPullRequestOfCommit | null>;
          } | null;
        } | null>;
      } | null;
    } | null;
  } | null;
}
