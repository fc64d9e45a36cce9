import { type HistoryCommit, rangeFromHistory } from '../../core/deploy/range-from-history.ts';
import type { CommitRange, PullRequestOfCommit } from '../ports/deploy-port.ts';
import type { DeployRangeResult } from './deploy-range-query.ts';
import { toPullRequestOfCommit } from './to-pull-request-of-commit.ts';

type HistoryNode = NonNullable<
  NonNullable<NonNullable<NonNullable<DeployRangeResult['repository']>['head']>['history']>['nodes']
>[number];

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
  const nodes = head?.__typename === 'Commit' ? head.history?.nodes : undefined;
  if (!Array.isArray(nodes)) return null;
  const history: HistoryCommit[] = [];
  const pulls = new Map<string, PullRequestOfCommit[] | undefined>();
  for (const node of nodes) {
    if (typeof node?.oid !== 'string' || node.oid === '') return null;
    history.push({ oid: node.oid, parents: parentsOf(node) });
    pulls.set(node.oid.toLowerCase(), pullsOf(node));
  }
  const commits = rangeFromHistory({ base: options.base, head: options.head, history });
  if (commits === null) return null;
  return {
    commits,
    pullRequests: new Map(commits.map((commit) => [commit, pulls.get(commit.toLowerCase())])),
  };
}

/** All of a commit's parents, or null when the answer does not give them all. */
function parentsOf(node: NonNullable<HistoryNode>): string[] | null {
  const parents = node.parents?.nodes;
  if (!Array.isArray(parents) || node.parents?.totalCount !== parents.length) return null;
  const oids = parents.map((parent) => parent?.oid);
  return oids.every((oid): oid is string => typeof oid === 'string' && oid !== '') ? oids : null;
}

/** A commit's pull requests when the answer gives them all, each whole; undefined otherwise. */
function pullsOf(node: NonNullable<HistoryNode>): PullRequestOfCommit[] | undefined {
  const connection = node.associatedPullRequests;
  if (connection?.pageInfo?.hasNextPage !== false || !Array.isArray(connection.nodes)) return undefined;
  const pulls = connection.nodes.map(toPullRequestOfCommit);
  return pulls.every((pull) => pull !== null) ? (pulls as PullRequestOfCommit[]) : undefined;
}
