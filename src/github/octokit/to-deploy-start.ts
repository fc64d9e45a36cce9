import type { DeploymentSummary, DeployStart, PullRequestOfCommit } from '../ports/deploy-port.ts';
import { blobText } from './blob-text.ts';
import type { DeployStartResult } from './deploy-start-query.ts';
import { toHistorySlice } from './to-deploy-range.ts';
import { toCommitCheckRuns, toHeadCheckRuns } from './to-head-check-runs.ts';
import { toPullRequestOfCommit } from './to-pull-request-of-commit.ts';

/**
 * The gate's first read as the port gives it. The default branch and its tip are required (an answer
 * without them throws: the gate refuses); any other part the answer cannot give whole is undefined, and
 * read over REST as before.
 */
export function toDeployStart(options: {
  result: DeployStartResult;
  owner: string;
  repo: string;
  environment: string;
  /** The check runs asked for with the pull requests and the deployments (`gateRuns`): their names. */
  gateRuns?: { checkName: string; vouchName: string };
}): DeployStart {
  const repository = options.result?.repository;
  const name = repository?.defaultBranchRef?.name;
  const tip = repository?.defaultBranchRef?.target?.oid;
  if (typeof name !== 'string' || name === '' || typeof tip !== 'string' || tip === '') {
    throw new Error(
      `GitHub answered the repository ${options.owner}/${options.repo} without its default branch and its tip`,
    );
  }
  return {
    defaultBranch: name,
    defaultBranchTip: tip,
    config: blobText(repository?.config),
    pullRequestsOfSha: pullRequestsOf(repository?.deployed, options.gateRuns?.checkName),
    historyOfSha:
      (repository?.deployed?.__typename === 'Commit' ? toHistorySlice(repository.deployed.history) : null) ??
      undefined,
    deployments: deploymentsOf(repository?.deployments, options.environment, options.gateRuns?.vouchName),
  };
}

type Repository = NonNullable<DeployStartResult['repository']>;

/**
 * The deployed commit's pull requests when the answer gives them all, each whole; undefined otherwise (a
 * commit GitHub does not know, more than a page of them or of a pull request's labels, a field missing):
 * then the REST read of them decides, or fails, as before.
 */
function pullRequestsOf(
  commit: Repository['deployed'],
  checkName: string | undefined,
): PullRequestOfCommit[] | undefined {
  const connection = commit?.__typename === 'Commit' ? commit.associatedPullRequests : undefined;
  if (connection?.pageInfo?.hasNextPage !== false || !Array.isArray(connection.nodes)) {
    return undefined;
  }
  const pulls = connection.nodes.map((node) => {
    const pull = toPullRequestOfCommit(node);
    const runs = pull && node && checkName !== undefined ? toHeadCheckRuns({ node, checkName }) : undefined;
    return pull && runs ? { ...pull, headCheckRuns: runs } : pull;
  });
  return pulls.every((pull) => pull !== null) ? (pulls as PullRequestOfCommit[]) : undefined;
}

/** The deployments as REST lists them, when each is whole; undefined otherwise (then REST lists them). */
function deploymentsOf(
  connection: Repository['deployments'],
  environment: string,
  vouchName: string | undefined,
): NonNullable<DeployStart['deployments']> | undefined {
  const more = connection?.pageInfo?.hasNextPage;
  if (typeof more !== 'boolean' || !Array.isArray(connection?.nodes)) return undefined;
  const newestFirst: DeploymentSummary[] = [];
  for (const node of connection.nodes) {
    const { databaseId, commitOid, createdAt, payload } = node ?? {};
    if (
      typeof databaseId !== 'number' ||
      typeof commitOid !== 'string' ||
      typeof createdAt !== 'string' ||
      // Only the environment asked for: anything else makes the answer unusable.
      node?.environment !== environment
    ) {
      return undefined;
    }
    const summary: DeploymentSummary = {
      id: databaseId,
      sha: commitOid,
      environment,
      createdAt,
      payload: parsed(payload),
    };
    if (vouchName !== undefined) {
      const latestState = latestStateOf(node?.latestStatus);
      const vouchRuns = toCommitCheckRuns({ commit: node?.commit, sha: commitOid, checkName: vouchName });
      if (latestState !== undefined) summary.latestState = latestState;
      if (vouchRuns) summary.vouchRuns = vouchRuns;
    }
    newestFirst.push(summary);
  }
  return { newestFirst, complete: !more };
}

/** A latest status's state in REST's spelling; null when it has none; undefined when the answer lacks it. */
function latestStateOf(status: { state?: unknown } | null | undefined): string | null | undefined {
  if (status === null) return null;
  return typeof status?.state === 'string' ? status.state.toLowerCase() : undefined;
}

/** GraphQL gives a deployment's payload as JSON text; REST as the value. */
function parsed(payload: unknown): unknown {
  if (typeof payload !== 'string') return payload ?? null;
  try {
    return JSON.parse(payload);
  } catch {
    return payload;
  }
}
