import type { PullRequestOfCommit } from '../ports/deploy-port.ts';
import type { GqlPullRequestOfCommit } from './gql-pull-request-of-commit.ts';

/** A pull request as `associatedPullRequests` gives it, in REST's shape; null when any field is missing. */
export function toPullRequestOfCommit(node: GqlPullRequestOfCommit | null): PullRequestOfCommit | null {
  if (!node) return null;
  const { number, title, body, state, mergedAt, headRefOid, baseRefName, labels } = node;
  const mergeCommit = node.mergeCommit?.oid ?? null;
  const names = labels?.nodes?.map((label) => label?.name);
  if (
    typeof number !== 'number' ||
    typeof title !== 'string' ||
    !(typeof body === 'string' || body === null) ||
    !(state === 'OPEN' || state === 'CLOSED' || state === 'MERGED') ||
    !(typeof mergedAt === 'string' || mergedAt === null) ||
    !(typeof mergeCommit === 'string' || mergeCommit === null) ||
    typeof headRefOid !== 'string' ||
    typeof baseRefName !== 'string' ||
    labels?.pageInfo?.hasNextPage !== false ||
    !names?.every((label) => typeof label === 'string')
  ) {
    return null;
  }
  return {
    number,
    title,
    body,
    // REST's spelling: a merged pull request is closed.
    state: state === 'OPEN' ? 'open' : 'closed',
    mergedAt,
    mergeCommitSha: mergedAt ? mergeCommit : null,
    headSha: headRefOid,
    baseRef: baseRefName,
    labels: names as string[],
  };
}
