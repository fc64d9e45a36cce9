import type { GqlPullRequestOfCommit } from './gql-pull-request-of-commit.ts';

/**
 * Commits of the deployed commit's history read at once, by `DeployStart` (the gate's first read) and, when
 * that answer is not whole, by `DeployRange`: a range longer than this is read over REST (the compare).
 * 30 covers the deploys the gate usually sees (a few merges since the last vouched deployment, each merge
 * and its branch's commits) and stays small beside the rest of `DeployStart`: 30 commits × (2 parents +
 * 5 pull requests × 100 labels) is about 15,300 of GitHub's 500,000 nodes a query may ask for (DeployStart
 * itself asks for about 39,000), and 211 of the connections' requests, about 2 points of rate limit
 * (DeployStart's other connections: about 12).
 * see: https://docs.github.com/graphql/overview/rate-limits-and-node-limits-for-the-graphql-api
 */
export const RANGE_HISTORY = 30;
/** Pull requests read per commit: a commit is rarely in more (more: its pull requests are read over REST). */
export const RANGE_PULLS = 5;

/**
 * A commit's history as the range is told from it (`rangeFromHistory`): `git log` order, each commit with
 * its parents and the pull requests GitHub associates with it (as `DeployStart` reads the deployed commit's).
 * In `DeployStart` (on the deployed commit) and in `DeployRange`: one shape, one reading (toHistorySlice).
 * see: https://docs.github.com/graphql/reference/objects#commit (history, parents, associatedPullRequests)
 */
export const RANGE_HISTORY_FIELDS = `
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
        }`;

/**
 * The range of a deploy in one request, when the gate's first read (`DeployStart`) could not give the
 * deployed commit's history whole: that history, instead of the compare and one REST read of pull requests
 * per commit.
 */
export const DEPLOY_RANGE_QUERY = `
query DeployRange($owner: String!, $repo: String!, $head: GitObjectID!) {
  repository(owner: $owner, name: $repo) {
    head: object(oid: $head) {
      __typename
      ... on Commit {${RANGE_HISTORY_FIELDS}
      }
    }
  }
}`;

/** The `history` connection's answer (RANGE_HISTORY_FIELDS), every field checked before use. */
export interface GqlHistory {
  nodes?: Array<{
    oid?: unknown;
    parents?: { totalCount?: unknown; nodes?: Array<{ oid?: unknown } | null> } | null;
    associatedPullRequests?: {
      pageInfo?: { hasNextPage?: unknown };
      nodes?: Array<GqlPullRequestOfCommit | null>;
    } | null;
  } | null>;
}

export interface DeployRangeResult {
  repository?: {
    head?: {
      __typename?: unknown;
      history?: GqlHistory | null;
    } | null;
  } | null;
}
