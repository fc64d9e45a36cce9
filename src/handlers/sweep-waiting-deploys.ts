import type { GraphqlOctokit } from '../github/octokit/octokit-change-comments-port.ts';
import { octokitDeployPort } from '../github/octokit/octokit-deploy-port.ts';
import { octokitProtectionRulePort } from '../github/octokit/octokit-protection-rule-port.ts';
import type { RequestOctokit } from '../github/octokit/request-octokit.ts';
import type { RepoRef } from '../github/ports/github-port.ts';
import { type ReleasedDeploy, releaseWaitingDeploys } from '../use-cases/release-waiting-deploys.ts';
import type { UseCaseDeps } from '../use-cases/use-case-deps.ts';
import type { UseCaseLog } from '../use-cases/use-case-log.ts';
import { type WaitingRunListings, type WaitingRuns, waitingRunsKey } from '../use-cases/waiting-runs.ts';

/**
 * The sweep's backstop for deploys left waiting (a `deployment_protection_rule` event missed, a restart
 * without Redis): in a repository with open changes, the repository's waiting runs as GitHub lists them,
 * and the runs known to wait, each answered when the gate, reading GitHub afresh, approves it. At most once
 * per `waitingRunListings` interval per repository (every sweep when absent); approval events release only
 * the runs known to wait (releaseWaitingDeploysAfter).
 */
export async function sweepWaitingDeploys(options: {
  deps: Pick<UseCaseDeps, 'identity' | 'now' | 'gateApprovals'> & {
    waitingRuns?: WaitingRuns;
    waitingRunListings?: WaitingRunListings;
  };
  octokit: RequestOctokit & GraphqlOctokit;
  repo: RepoRef;
  log: UseCaseLog;
}): Promise<ReleasedDeploy[]> {
  const { deps, octokit, repo, log } = options;
  if (deps.waitingRunListings && !deps.waitingRunListings.due(waitingRunsKey(repo))) return [];
  const released = await releaseWaitingDeploys({
    deps,
    deployPort: octokitDeployPort({ octokit, ...repo }),
    rulesPort: octokitProtectionRulePort({ octokit, ...repo }),
    repository: repo,
    log,
    ...(deps.waitingRuns ? { known: deps.waitingRuns } : {}),
    listAll: true,
  });
  for (const { runId, environment } of released)
    log.info(`sweep: ${repo.owner}/${repo.repo}: waiting run ${runId} to ${environment} released`);
  return released;
}
