import type { Decision } from '../core/decision/decision.ts';
import type { GraphqlOctokit } from '../github/octokit/octokit-change-comments-port.ts';
import { octokitDeployPort } from '../github/octokit/octokit-deploy-port.ts';
import { octokitProtectionRulePort } from '../github/octokit/octokit-protection-rule-port.ts';
import type { RequestOctokit } from '../github/octokit/request-octokit.ts';
import type { RepoRef } from '../github/ports/github-port.ts';
import { releaseWaitingDeploys } from '../use-cases/release-waiting-deploys.ts';
import type { UseCaseDeps } from '../use-cases/use-case-deps.ts';
import type { UseCaseLog } from '../use-cases/use-case-log.ts';
import type { WaitingRuns } from '../use-cases/waiting-runs.ts';

/**
 * What a handler does once a reconcile returned (outside the change's lock): an approved change releases
 * the deploys that waited for it: those this app's rule left waiting (`waitingRuns`). Listing all the
 * repository's waiting runs from GitHub (for a run whose protection-rule event was missed) is the sweep's
 * (sweepWaitingDeploys), not an event's; only without a store of waiting runs does a release list them.
 * Other outcomes cost no API call.
 */
export function releaseWaitingDeploysAfter(options: {
  deps: Pick<UseCaseDeps, 'identity' | 'now' | 'gateApprovals'> & {
    /** The runs this app's rule left waiting; absent: every release lists them from GitHub. */
    waitingRuns?: WaitingRuns;
  };
  /** The webhook's context (Probot's), structurally. */
  context: { octokit: RequestOctokit & GraphqlOctokit; repo(): RepoRef; log: UseCaseLog };
}): (decision: Decision) => Promise<void> {
  return async (decision) => {
    if (decision.status !== 'approved') return;
    const { octokit, log } = options.context;
    const repo = options.context.repo();
    const { waitingRuns } = options.deps;
    await releaseWaitingDeploys({
      deps: options.deps,
      deployPort: octokitDeployPort({ octokit, ...repo }),
      rulesPort: octokitProtectionRulePort({ octokit, ...repo }),
      repository: repo,
      log,
      ...(waitingRuns ? { known: waitingRuns, listAll: false } : {}),
    });
  };
}
