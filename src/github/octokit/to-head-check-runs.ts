import type { CheckRunFact } from '../../core/decision/change-facts.ts';
import type { DeployCheckRun } from '../../core/deploy/deploy-input.ts';
import type {
  GqlDeployCheckRun,
  GqlHeadCommit,
  GqlPullRequestOfCommit,
} from './gql-pull-request-of-commit.ts';

const STATUSES = new Set(['queued', 'in_progress', 'completed', 'waiting', 'requested', 'pending']);

/**
 * The gate's check runs on a pull request's head as `DeployStart` read them, in REST's shape (lower-case
 * status and conclusion), each with the app of its suite. Undefined when the answer cannot be taken whole:
 * no head commit, one that is not `headRefOid`, a further page of suites or runs, a field missing or of
 * another type. Then `checkRunsOf` reads them over REST, as before.
 */
export function toHeadCheckRuns(options: {
  node: GqlPullRequestOfCommit;
  checkName: string;
}): { checkName: string; runs: DeployCheckRun[] } | undefined {
  const { node, checkName } = options;
  const nodes = node.headCommit?.nodes;
  const commit = Array.isArray(nodes) && nodes.length === 1 ? nodes[0]?.commit : undefined;
  return toCommitCheckRuns({ commit, sha: node.headRefOid, checkName });
}

/**
 * The app's runs named `checkName` on a commit as the answer gives them, when it is the commit `sha` and
 * everything is whole; undefined otherwise.
 */
export function toCommitCheckRuns(options: {
  commit: GqlHeadCommit | null | undefined;
  sha: unknown;
  checkName: string;
}): { checkName: string; runs: DeployCheckRun[] } | undefined {
  const { commit, checkName } = options;
  const headSha = options.sha;
  if (!commit || typeof headSha !== 'string' || commit.oid !== headSha) return undefined;
  const suites = commit.checkSuites;
  if (suites?.pageInfo?.hasNextPage !== false || !Array.isArray(suites.nodes)) return undefined;
  const runs: DeployCheckRun[] = [];
  for (const suite of suites.nodes) {
    const connection = suite?.checkRuns;
    if (connection?.pageInfo?.hasNextPage !== false || !Array.isArray(connection.nodes)) return undefined;
    const appId = suite?.app?.databaseId;
    const appSlug = suite?.app?.slug;
    if (typeof appId !== 'number' || typeof appSlug !== 'string') return undefined;
    for (const node of connection.nodes) {
      const run = toRun({ node, headSha, appId, appSlug });
      if (run === null) return undefined;
      // The filter asked GitHub for these; anything else is not what the gate looks at.
      if (run.name === checkName) runs.push(run);
    }
  }
  return { checkName, runs };
}

function toRun(options: {
  node: GqlDeployCheckRun | null;
  headSha: string;
  appId: number;
  appSlug: string;
}): DeployCheckRun | null {
  const { node, headSha, appId, appSlug } = options;
  if (!node) return null;
  const { databaseId, name, status, conclusion, startedAt, title, summary, externalId, url } = node;
  const state = typeof status === 'string' ? status.toLowerCase() : null;
  if (
    typeof databaseId !== 'number' ||
    typeof name !== 'string' ||
    state === null ||
    !STATUSES.has(state) ||
    !(typeof conclusion === 'string' || conclusion === null) ||
    !(typeof startedAt === 'string' || startedAt === null) ||
    !(typeof title === 'string' || title === null) ||
    !(typeof summary === 'string' || summary === null) ||
    !(typeof externalId === 'string' || externalId === null) ||
    !(typeof url === 'string' || url === null)
  ) {
    return null;
  }
  return {
    id: databaseId,
    name,
    headSha,
    status: state as CheckRunFact['status'],
    conclusion: conclusion === null ? null : conclusion.toLowerCase(),
    appId,
    appSlug,
    outputTitle: title,
    outputSummary: summary,
    startedAt,
    externalId,
    htmlUrl: url,
  };
}
