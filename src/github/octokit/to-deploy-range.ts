import { type HistorySlice, rangeFromSlice } from '../../core/deploy/range-from-history.ts';
import type { CommitRange, PullRequestOfCommit } from '../ports/deploy-port.ts';
import type { DeployRangeResult, GqlHistory } from './deploy-range-query.ts';
import { toPullRequestOfCommit } from './to-pull-request-of-commit.ts';

type HistoryNode = NonNullable<NonNullable<GqlHistory['nodes']>[number]>;

/**
 * `base...head` as the `DeployRange` answer gives it: the commits (rangeFromHistory) and each one's pull
 * requests when the answer holds them whole (else that commit's are read over REST); null when the answer
 * cannot tell the range exactly (then the compare and REST decide, as before).
 */
export function toDeployRange(options: {
  result: DeployRangeResult;
  base: string;
  head: string;
}): CommitRange | null {
  const head = options.result?.repository?.head;
  const slice = toHistorySlice(head?.__typename === 'Commit' ? head.history : undefined);
  return slice ? rangeFromSlice({ slice, base: options.base, head: options.head }) : null;
}

/**
 * A `history` answer (RANGE_HISTORY_FIELDS, in `DeployRange` or `DeployStart`) as the range is told from
 * it: every commit with its id (else null: not used at all), its parents (null when not all given) and its
 * pull requests (undefined when not all given whole: then read over REST).
 */
export function toHistorySlice(
  history: GqlHistory | null | undefined,
): HistorySlice<PullRequestOfCommit> | null {
  const nodes = history?.nodes;
  if (!Array.isArray(nodes)) return null;
  const slice: HistorySlice<PullRequestOfCommit> = { history: [], pullRequests: new Map() };
  for (const node of nodes) {
    if (typeof node?.oid !== 'string' || node.oid === '') return null;
    slice.history.push({ oid: node.oid, parents: parentsOf(node) });
    slice.pullRequests.set(node.oid.toLowerCase(), pullsOf(node));
  }
  return slice;
}

/** All of a commit's parents, or null when the answer does not give them all. */
function parentsOf(node: HistoryNode): string[] | null {
  const parents = node.parents?.nodes;
  if (!Array.isArray(parents) || node.parents?.totalCount !== parents.length) return null;
  const oids = parents.map((parent) => parent?.oid);
  return oids.every((oid): oid is string => typeof oid === 'string' && oid !== '') ? oids : null;
}

/** A commit's pull requests when the answer gives them all, each whole; undefined otherwise. */
function pullsOf(node: HistoryNode): PullRequestOfCommit[] | undefined {
  const connection = node.associatedPullRequests;
  if (connection?.pageInfo?.hasNextPage !== false || !Array.isArray(connection.nodes)) return undefined;
  const pulls = connection.nodes.map(toPullRequestOfCommit);
  return pulls.every((pull) => pull !== null) ? (pulls as PullRequestOfCommit[]) : undefined;
}
