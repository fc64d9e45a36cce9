import type { TrustedApp } from '../core/deploy/deploy-input.ts';
import type { Policy } from '../core/policy/policy.ts';
import { shortSha } from '../core/text/short-sha.ts';
import type { Problem } from '../core/validation/problem.ts';
import type { DeployPort } from '../github/ports/deploy-port.ts';
import { errorMessage } from '../github/ports/error-message.ts';
import { collectDeployScope, type DeployScope } from './collect-deploy-scope.ts';
import { deployStartRequest } from './deploy-start-request.ts';
import { ConfigError, loadGatePolicy } from './load-gate-policy.ts';

/** What a deploy gate reads once per deploy: the policy in force and what the deploy ships. */
export type DeployRead =
  | { ok: true; policy: Policy; warnings: Problem[]; checkName: string; scope: DeployScope }
  | { ok: false; error: string; checkName: string };

export interface ReadDeployOptions {
  port: DeployPort;
  environment: string;
  /** The repository deployed: its default branch holds the policy. */
  owner: string;
  repo: string;
  /** The commit being deployed. */
  sha: string;
  /**
   * The action's `check-name` input: the config's `check_name` or nothing (a workflow cannot make the gate
   * look for other runs, nor for other vouchers).
   */
  checkName?: string | null;
  /** The app whose check runs are the gate and whose vouchers start a deploy's range. */
  trustedApp: TrustedApp;
  /** Only deployments with a lower id can start the range (the app deciding on one deployment). */
  before?: number;
  /** The deployment the protection rule decides on, when GitHub names it: never read as the range's start. */
  deciding?: number;
  log(message: string): void;
  /** How a failure reads in the refusal; default: its message. */
  describeError?: (error: unknown) => string;
}

/**
 * 1. the default branch, its tip, the repository's config file on it, the deployed commit's pull requests and
 * the environment's newest deployments (one read), then the policy as the
 * app reads it (the owner's `.github` fallback or `_extends` read only when the config needs them);
 * 2. the commits since the environment's last
 * successful deployment, the pull requests that brought them in, and the deploy branch the commit is on.
 * Never throws: anything unreadable is a failed read, which the decision turns into a refusal (fail closed).
 */
export async function readDeploy(options: ReadDeployOptions): Promise<DeployRead> {
  const { port, sha, log } = options;
  try {
    const start = await port.readDeployStart(
      deployStartRequest({
        sha,
        environment: options.environment,
        ...(options.checkName ? { checkName: options.checkName } : {}),
        trustedApp: options.trustedApp,
      }),
    );
    const { policy, source, warnings } = await loadGatePolicy({
      port,
      owner: options.owner,
      repo: options.repo,
      ownFile: start.config,
      log,
    });
    log(`Policy: ${source}.`);
    if (options.checkName && options.checkName !== policy.check_name) {
      throw new ConfigError(
        `check-name "${options.checkName.slice(0, 100)}" is not the config's check_name ("${policy.check_name}"): the gate reads the runs the app writes; remove the input`,
      );
    }
    const { defaultBranch } = start;
    const scope = await collectDeployScope({
      port,
      environment: options.environment,
      sha,
      deployBranches: [...new Set([defaultBranch, ...policy.deploy_branches])],
      // The default branch's tip, as read with it: a deploy of it is on it without a compare.
      tips: new Map([[defaultBranch, start.defaultBranchTip]]),
      ...(start.pullRequestsOfSha ? { pullRequestsOfSha: start.pullRequestsOfSha } : {}),
      ...(start.historyOfSha ? { historyOfSha: start.historyOfSha } : {}),
      ...(start.deployments ? { newestDeployments: start.deployments } : {}),
      needFiles: policy.scope.paths.length > 0,
      checkName: policy.check_name,
      trustedApp: options.trustedApp,
      ...(options.before === undefined ? {} : { before: options.before }),
      ...(options.deciding === undefined ? {} : { deciding: options.deciding }),
    });
    const since = scope.lastDeployment
      ? `the last vouched deployment (${shortSha(scope.lastDeployment.sha)})`
      : 'the start (first deployment)';
    const prs = scope.pullRequests.map((pr) => `#${pr.number}`).join(', ') || 'none';
    const on = scope.deployBranch ?? `none of the deploy branches (${scope.deployBranches.join(', ')})`;
    log(`${scope.commits.length} commit(s) since ${since}; pull requests: ${prs}; on ${on}.`);
    return { ok: true, policy, warnings, checkName: policy.check_name, scope };
  } catch (error) {
    return {
      ok: false,
      error: (options.describeError ?? errorMessage)(error),
      checkName: options.checkName ?? 'Change Gate',
    };
  }
}
