import { decideDeploy } from '../core/deploy/decide-deploy.ts';
import type { DeployDecision, DeployInput, TrustedApp } from '../core/deploy/deploy-input.ts';
import type { DeployPort } from '../github/ports/deploy-port.ts';
import { errorMessage } from '../github/ports/error-message.ts';
import { mapWithConcurrency } from './map-with-concurrency.ts';
import type { DeployRead } from './read-deploy.ts';

const CONCURRENCY = 4;

/**
 * Decides a deploy on what `readDeploy` read: reads the gate's check runs on each PR's merged head (the
 * only part that changes while a deploy waits; read with the pull requests when `runsFromRead`) and hands everything to `decideDeploy`. Never throws: a
 * failed read refuses the deploy with the reason.
 */
export async function recheckDeploy(options: {
  port: DeployPort;
  read: DeployRead;
  trustedApp: TrustedApp;
  /** The commit deployed. */
  sha: string;
  /** The environment deployed to: maintenance windows and implementation steps owed hold the config's production_environments only. */
  environment: string;
  at: Date;
  /**
   * Decide on the check runs read with the pull requests (`headCheckRuns`), when the read was made for this
   * very decision (gateDeploy); a decision made again later on the same read (the action's wait) reads them.
   */
  runsFromRead?: boolean;
  describeError?: (error: unknown) => string;
}): Promise<DeployDecision> {
  const { port, read } = options;
  const base: DeployInput = {
    checkName: read.checkName,
    trustedApp: options.trustedApp,
    pullRequests: [],
    commitsWithoutPullRequest: [],
    sha: options.sha,
    deployBranches: read.ok ? read.scope.deployBranches : [],
    // The deploy branch the commit is on, never the branch the workflow names (the deployer chooses that).
    branch: read.ok ? read.scope.deployBranch : null,
    scope: { branches: [], paths: [] },
    freezeWindows: [],
    maintenanceWindows: [],
    production: false,
    at: options.at,
    readError: read.ok ? null : read.error,
  };
  if (!read.ok) return decideDeploy(base);
  const { policy, scope } = read;
  const environment = options.environment.toLowerCase();
  const production = policy.production_environments.some((name) => name.toLowerCase() === environment);
  try {
    const pullRequests = await mapWithConcurrency({
      items: scope.pullRequests,
      limit: CONCURRENCY,
      map: async (pr) => ({
        number: pr.number,
        title: pr.title,
        headSha: pr.headSha,
        checkRuns:
          options.runsFromRead && pr.headCheckRuns?.checkName === read.checkName
            ? pr.headCheckRuns.runs
            : await port.checkRunsOf({ sha: pr.headSha, checkName: read.checkName }),
      }),
    });
    return decideDeploy({
      ...base,
      pullRequests,
      commitsWithoutPullRequest: scope.commitsWithoutPullRequest,
      scope: policy.scope,
      freezeWindows: policy.freeze_windows,
      maintenanceWindows: policy.maintenance_windows,
      production,
    });
  } catch (error) {
    return decideDeploy({ ...base, readError: (options.describeError ?? errorMessage)(error) });
  }
}
