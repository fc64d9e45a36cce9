import { isReadOnlyGraphql } from './read-only-graphql.ts';

/** POSTs that are the same sent twice: adding labels (a label already there is not added again). */
const SAFE_POSTS = [/^\/repos\/\{owner\}\/\{repo\}\/issues\/\{issue_number\}\/labels$/];

/**
 * Whether a request creates something (a comment, a check run, an issue, a deployment, a GraphQL mutation…),
 * so that sending it again would create it twice: GitHub may have written before it failed ("502 after the
 * write", a lost answer). The app's client and the action's send these once and leave the retry to a caller
 * that re-reads first (src/ops/event-retry.ts, the action's sweep, action/src/retry-safe-deploy-writes.ts).
 * Read-only GraphQL queries and adding labels are POSTs too, and are the same sent twice.
 * `url` is the route template as Octokit was asked (`/repos/{owner}/{repo}/issues/{issue_number}/labels`).
 */
export const createsSomething = (options: { method?: unknown; url?: unknown; query?: unknown }): boolean =>
  options.method === 'POST' &&
  !isReadOnlyGraphql(options) &&
  !SAFE_POSTS.some((safe) => safe.test(String(options.url)));
