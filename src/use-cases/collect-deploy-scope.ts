import type { TrustedApp, UnlinkedCommit } from '../core/deploy/deploy-input.ts';
import { type HistorySlice, rangeFromSlice } from '../core/deploy/range-from-history.ts';
import { shortSha } from '../core/text/short-sha.ts';
import type { CommitRange, DeployPort, PullRequestOfCommit } from '../github/ports/deploy-port.ts';
import { findDeployBranch } from './find-deploy-branch.ts';
import { findLastVouchedDeployment, type NewestDeployments } from './find-last-vouched-deployment.ts';
import { mapWithConcurrency } from './map-with-concurrency.ts';

/**
 * Bounds of one deploy: larger ones are refused with a message rather than half-checked. GitHub's compare
 * pages to the end of any range (unpaged it stops at 250 commits); the bound keeps one deploy's reads sane.
 */
export const MAX_COMMITS = 2500;
export const MAX_PULL_REQUESTS = 100;
const COMPARE_PAGE = 100;
const CONCURRENCY = 4;

export interface DeployScope {
  lastDeployment: { id: number; sha: string } | null;
  /** The default branch, then the config's `deploy_branches`: only PRs merged into these count. */
  deployBranches: string[];
  /** The first deploy branch the deployed commit is on; null when it is on none. */
  deployBranch: string | null;
  commits: string[];
  pullRequests: PullRequestOfCommit[];
  commitsWithoutPullRequest: UnlinkedCommit[];
}

/** The deploy is larger than the gate inspects: refused (fail closed), saying how to proceed. */
export class DeployTooLargeError extends Error {
  override name = 'DeployTooLargeError';
}

/** GitHub did not give the whole range: refused (fail closed), never decided on part of it. */
export class IncompleteRangeError extends Error {
  override name = 'IncompleteRangeError';
}

/**
 * What a deploy of `sha` ships: the commits since the environment's last vouched deployment (just `sha`
 * for a first deploy, a redeploy or a deploy of an older commit) and the pull requests that brought
 * them in. Only PRs merged into a deploy branch (`deployBranches`) count, and an open PR whose head is
 * deployed as it is; a commit none of them brought in is a direct push.
 */
export async function collectDeployScope(options: {
  port: DeployPort;
  environment: string;
  sha: string;
  /** The default branch, then the config's `deploy_branches`. */
  deployBranches: string[];
  /** Branches whose tip is known (the default branch, read with the policy): their tip needs no compare. */
  tips?: ReadonlyMap<string, string>;
  /** The pull requests of `sha`, when read with the policy: not read again. */
  pullRequestsOfSha?: PullRequestOfCommit[];
  /** The newest commits of `sha`'s history, when read with the policy: the range is told from them when it can be. */
  historyOfSha?: HistorySlice<PullRequestOfCommit>;
  /** The environment's newest deployments, when read with the policy: where the range's start is looked for first. */
  newestDeployments?: NewestDeployments;
  /** Whether files of direct pushes matter (the config's scope lists paths). */
  needFiles: boolean;
  /** The config's `check_name` and the app whose voucher marks a deployment as the range's start. */
  checkName: string;
  trustedApp: TrustedApp;
  /** Only deployments with a lower id can start the range (the app deciding on one deployment). */
  before?: number;
  /** The deployment the protection rule decides on: not read as a possible start (it cannot be one). */
  deciding?: number;
}): Promise<DeployScope> {
  const { port, sha, deployBranches } = options;
  // Independent reads at once; settled in this order, so the first failure reported is the same as before.
  const [branch, vouched] = await Promise.allSettled([
    findDeployBranch({
      port,
      sha,
      branches: deployBranches,
      ...(options.tips ? { tips: options.tips } : {}),
    }),
    findLastVouchedDeployment({
      port,
      environment: options.environment,
      checkName: options.checkName,
      trustedApp: options.trustedApp,
      ...(options.before === undefined ? {} : { before: options.before }),
      ...(options.deciding === undefined ? {} : { deciding: options.deciding }),
      ...(options.newestDeployments ? { newest: options.newestDeployments } : {}),
    }),
  ]);
  if (branch.status === 'rejected') throw branch.reason;
  if (vouched.status === 'rejected') throw vouched.reason;
  const deployBranch = branch.value;
  const last = vouched.value;
  const range =
    last && last.sha !== sha
      ? await rangeBetween({
          port,
          base: last.sha,
          head: sha,
          ...(options.historyOfSha ? { slice: options.historyOfSha } : {}),
        })
      : null;
  const commits = range?.commits ?? [];
  if (!commits.includes(sha)) commits.push(sha);

  const associated = await mapWithConcurrency({
    items: commits,
    limit: CONCURRENCY,
    map: async (commit) =>
      commit === sha && options.pullRequestsOfSha
        ? options.pullRequestsOfSha
        : (range?.pullRequests.get(commit) ?? port.pullRequestsOfCommit(commit)),
  });
  const inRange = new Set(commits);
  const pullRequests = new Map<number, PullRequestOfCommit>();
  for (const pr of associated.flat()) {
    // An open PR counts only when its head is deployed (a preview deploy of the PR itself).
    const merged = pr.mergedAt !== null && deployBranches.includes(pr.baseRef);
    if (merged || (pr.mergedAt === null && pr.state === 'open' && inRange.has(pr.headSha)))
      pullRequests.set(pr.number, pr);
  }
  if (pullRequests.size > MAX_PULL_REQUESTS) {
    throw new DeployTooLargeError(
      `this deploy ships ${pullRequests.size} pull requests, more than the ${MAX_PULL_REQUESTS} the gate checks at once; deploy in smaller steps`,
    );
  }
  const unlinked = commits.filter(
    (_, index) => !associated[index]!.some((pr) => pullRequests.has(pr.number)),
  );
  const commitsWithoutPullRequest = await mapWithConcurrency({
    items: unlinked,
    limit: CONCURRENCY,
    map: async (commit) => ({
      sha: commit,
      files: options.needFiles ? await port.filesOfCommit(commit) : [],
    }),
  });
  return {
    lastDeployment: last ? { id: last.id, sha: last.sha } : null,
    deployBranches,
    deployBranch,
    commits,
    pullRequests: [...pullRequests.values()].sort((a, b) => a.number - b.number),
    commitsWithoutPullRequest,
  };
}

/**
 * Every commit of `base...head`, oldest first, with the pull requests of those the range's read gave whole:
 * told from the slice of `head`'s history the first read gave (`slice`), with no further read, when it is
 * exact there; without that slice, from the range's one read (`readRange`); when neither can tell the range
 * exactly, the compare (pullRequests empty: each commit's are read over REST). A slice given whole that
 * cannot tell it is not read again with `readRange`: a commit's history is fixed by its id, so that read
 * would list the same commits.
 */
async function rangeBetween(options: {
  port: DeployPort;
  base: string;
  head: string;
  slice?: HistorySlice<PullRequestOfCommit>;
}): Promise<CommitRange> {
  const { port, base, head, slice } = options;
  const read = slice
    ? rangeFromSlice({ slice, base, head })
    : port.readRange
      ? await port.readRange({ base, head })
      : null;
  return read ?? { commits: await commitsBetween({ port, base, head }), pullRequests: new Map() };
}

/** Every commit of `base...head`, oldest first: the compare paged to the end, its count checked. */
async function commitsBetween(options: { port: DeployPort; base: string; head: string }): Promise<string[]> {
  const { port, base, head } = options;
  const first = await port.compareCommits({ base, head, page: 1, perPage: COMPARE_PAGE });
  // Behind or identical: an older or the same commit is deployed again; only its own PRs are in question.
  if (first.status === 'behind' || first.status === 'identical') return [];
  const range = `${shortSha(base)}...${shortSha(head)}`;
  if (first.totalCommits > MAX_COMMITS) {
    throw new DeployTooLargeError(
      `${first.totalCommits} commits in ${range} is more than the ${MAX_COMMITS} the gate checks at once; deploy in smaller steps`,
    );
  }
  const commits = [...first.commits];
  for (let page = 2; commits.length < first.totalCommits; page++) {
    const next = await port.compareCommits({ base, head, page, perPage: COMPARE_PAGE });
    if (next.commits.length === 0) break;
    commits.push(...next.commits);
  }
  const unique = [...new Set(commits)];
  if (unique.length !== first.totalCommits) {
    throw new IncompleteRangeError(
      `GitHub listed ${unique.length} of the ${first.totalCommits} commits of ${range}, so the range cannot be checked whole`,
    );
  }
  return unique;
}
