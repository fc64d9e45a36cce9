/**
 * What the deploy gate reads of a repository in one request: its default branch, the commit at the branch's
 * tip, and the repository's own config file there (`$config`: `HEAD:<path>`; HEAD is the default branch),
 * one consistent answer instead of the repository's and the file's REST reads and, when the tip is the
 * deployed commit, the compare that tells the deploy branch.
 * see: https://docs.github.com/graphql/reference/objects#repository
 */
export const DEFAULT_BRANCH_QUERY = `
query DefaultBranch($owner: String!, $repo: String!, $config: String!) {
  repository(owner: $owner, name: $repo) {
    defaultBranchRef { name target { __typename oid } }
    config: object(expression: $config) { __typename ... on Blob { text isTruncated isBinary } }
  }
}`;

/** The answer's shape (every field checked before use: GitHub's answer is not trusted to be whole). */
export interface DefaultBranchResult {
  repository?: {
    defaultBranchRef?: { name?: unknown; target?: { __typename?: unknown; oid?: unknown } | null } | null;
    config?: { __typename?: string; text?: string | null; isTruncated?: boolean; isBinary?: boolean } | null;
  } | null;
}
