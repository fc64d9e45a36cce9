import type { DeployCheckRun } from '../../core/deploy/deploy-input.ts';
import type { HistorySlice } from '../../core/deploy/range-from-history.ts';
import type { ConfigFilePort } from './config-file-port.ts';

export interface DeploymentSummary {
  id: number;
  sha: string;
  environment: string;
  createdAt: string;
  payload: unknown;
  /**
   * Read with it (`DeployStart`), for the evaluation that made that read: its latest status's state in REST's
   * spelling (`success`, `inactive`…; null: none), and the app's runs named `checkName` on its commit (its
   * vouchers). Undefined when not read whole: then `listDeploymentStatuses` and `checkRunsOf` read them.
   */
  latestState?: string | null;
  vouchRuns?: { checkName: string; runs: DeployCheckRun[] };
}

/**
 * What the deploy gate reads first, in one read: the default branch, the config on it, the deployed commit's
 * pull requests, the environment's newest deployments.
 */
export interface DeployStart {
  /** The repository's default branch: its config is the policy, merges into it are what deploys. */
  defaultBranch: string;
  /** The commit at the default branch's tip when it was read. */
  defaultBranchTip: string;
  /**
   * The repository's own config file on it (the `configPath` asked): its text, null when absent, undefined
   * when this read cannot give it whole (too large, binary, not a file): then it is read as the app reads it.
   */
  config: string | null | undefined;
  /**
   * The pull requests GitHub associates with the deployed commit; undefined when this read cannot give them
   * all (then they are read like any other commit's: `pullRequestsOfCommit`).
   */
  pullRequestsOfSha: PullRequestOfCommit[] | undefined;
  /**
   * The deployed commit's newest commits (`git log` order, each with its parents and pull requests): the
   * range is told from them when its start is met on every path within them (rangeFromSlice); undefined
   * when this read cannot give them (then `readRange` or the compare tells the range).
   */
  historyOfSha?: HistorySlice<PullRequestOfCommit> | undefined;
  /**
   * The environment's newest deployments (up to 100), newest first, and whether they are all of them;
   * undefined when this read cannot give them (then `listDeployments` reads them).
   */
  deployments: { newestFirst: DeploymentSummary[]; complete: boolean } | undefined;
}

export interface DeploymentStatusSummary {
  state: string;
  description: string | null;
  createdAt: string;
}

export interface CommitComparison {
  status: string;
  totalCommits: number;
  /** SHAs of this page, oldest first. */
  commits: string[];
}

export interface PullRequestOfCommit {
  number: number;
  title: string;
  body: string | null;
  state: string;
  mergedAt: string | null;
  /** The commit the merge made on the base branch; null for a PR not merged. */
  mergeCommitSha: string | null;
  headSha: string;
  baseRef: string;
  labels: string[];
  /**
   * The trusted app's check runs named `checkName` on `headSha`, when read together with the pull request
   * (`DeployStart`): the evaluation that made that read decides on them instead of asking `checkRunsOf`.
   */
  headCheckRuns?: { checkName: string; runs: DeployCheckRun[] };
}

/** The commits of a deploy's range, oldest first (its start left out), each with its pull requests. */
export interface CommitRange {
  commits: string[];
  /** Per commit, its pull requests as `pullRequestsOfCommit` gives them; undefined: not read whole, read that way. */
  pullRequests: Map<string, PullRequestOfCommit[] | undefined>;
}

export interface DeploymentWrite {
  sha: string;
  environment: string;
  description: string;
  payload: unknown;
}

export interface DeploymentStatusWrite {
  deploymentId: number;
  state: 'in_progress' | 'success' | 'failure';
  description: string;
  logUrl: string | null;
}

/**
 * The GitHub calls a deploy gate makes, in one repository: the action's `gate` and `finish`, and the app's
 * deployment protection rule. Implemented with Octokit in `src/github/octokit-deploy-port.ts`; every method
 * throws on failure (after the client's retries) and the callers fail closed.
 */
export interface DeployPort extends ConfigFilePort {
  /** The gate's first read (`DeployStart`): the default branch, the deployed commit `sha`, the environment. */
  readDeployStart(options: {
    configPath: string;
    sha: string;
    environment: string;
    /**
     * Also read this app's check runs named `checkName` on the deployed commit's pull requests' heads, and
     * its runs named `vouchName` on the deployments' commits, with their latest statuses. Without the app's id
     * (`null`: the action without `app-id`), every app's runs of those names, as REST lists them: the
     * decision keeps the trusted app's by its slug.
     */
    gateRuns?: { appId: number | null; checkName: string; vouchName: string };
  }): Promise<DeployStart>;
  /** Newest first. */
  listDeployments(options: {
    environment: string;
    page: number;
    perPage: number;
  }): Promise<DeploymentSummary[]>;
  /** Newest first. */
  listDeploymentStatuses(deploymentId: number): Promise<DeploymentStatusSummary[]>;
  compareCommits(options: {
    base: string;
    head: string;
    page: number;
    perPage: number;
  }): Promise<CommitComparison>;
  /**
   * The commits of `base...head` with their pull requests in one read (`DeployRange`), or null when that read
   * cannot tell them exactly (a long range, merges reaching behind `base`): then `compareCommits` and
   * `pullRequestsOfCommit` decide. Absent: always those.
   */
  readRange?(options: { base: string; head: string }): Promise<CommitRange | null>;
  /** Every pull request GitHub associates with the commit (all pages). */
  pullRequestsOfCommit(sha: string): Promise<PullRequestOfCommit[]>;
  /** Every file the commit changes (all pages); throws when GitHub cannot list them all (over 3000). */
  filesOfCommit(sha: string): Promise<string[]>;
  /** Check runs on `sha` with this name, from every app (all pages). */
  checkRunsOf(options: { sha: string; checkName: string }): Promise<DeployCheckRun[]>;
  getDeployment(id: number): Promise<DeploymentSummary>;
  createDeployment(write: DeploymentWrite): Promise<{ id: number }>;
  createDeploymentStatus(write: DeploymentStatusWrite): Promise<void>;
}
