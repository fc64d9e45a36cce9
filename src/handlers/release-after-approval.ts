import type { Decision } from '../core/decision/decision.ts';
import type { GraphqlOctokit } from '../github/octokit/octokit-change-comments-port.ts';
import { octokitDeployPort } from '../github/octokit/octokit-deploy-port.ts';
import { octokitProtectionRulePort } from '../github/octokit/octokit-protection-rule-port.ts';
import type { RequestOctokit } from '../github/octokit/request-octokit.ts';
import type { RepoRef } from '../github/ports/github-port.ts';
import { releaseWaitingDeploys } from '../use-cases/release-waiting-deploys.ts';
import type { UseCaseDeps } from '../use-cases/use-case-deps.ts';
import type { UseCaseLog } from '../use-cases/use-case-log.ts';
import { type WaitingRunListings, type WaitingRuns, waitingRunsKey } from '../use-cases/waiting-runs.ts';

/**
 * What a handler does once a reconcile returned (outside the change's lock): an approved change releases
 * the deploys that waited for it: those this app's rule left waiting, and now and then (`waitingRunListings`)
 * all the repository's waiting runs as GitHub lists them. Other outcomes cost no API call.
 */
export function releaseWaitingDeploysAfter(options: {
  deps: Pick<UseCaseDeps, 'identity' | 'now' | 'gateApprovals'> & {
    /** The runs this app's rule left waiting; absent: every release lists them from GitHub. */
    waitingRuns?: WaitingRuns;
    /** When a release lists them from GitHub too; absent: every time. */
    waitingRunListings?: WaitingRunListings;
  };
  /** The webhook's context (Probot's), structurally. */
  context: { octokit: RequestOctokit & GraphqlOctokit; repo(): RepoRef; log: UseCaseLog };
}): (decision: Decision) => Promise<void> {
  return async (decision) => {
    if (decision.status !== 'approved') return;
    const { octokit, log } = options.context;
    const repo = options.context.repo();
    const { waitingRuns, waitingRunListings } = options.deps;
    await releaseWaitingDeploys({
      deps: options.deps,
      deployPort: octokitDeployPort({ octokit, ...repo }),
      rulesPort: octokitProtectionRulePort({ octokit, ...repo }),
      repository: repo,
      log,
      ...(waitingRuns
        ? { known: waitingRuns, listAll: waitingRunListings?.due(waitingRunsKey(repo)) ?? true }
        : {}),
    });
  };
}
