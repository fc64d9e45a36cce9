import type { Probot } from 'probot';
import type { AppDeps } from '../app/app-deps.ts';
import { reconcileChange } from '../app/reconcile-change.ts';
import { releaseWaitingDeploysAfter } from '../app/release-waiting-deploys.ts';
import { testResultCanChangeResult } from '../core/evaluate/event-can-change-result.ts';
import { loadPolicy } from '../core/load-policy.ts';
import { createOctokitPort } from '../github/octokit-port.ts';

/** Coverage reported as a commit status re-evaluates the open changes whose head it is on. */
export const registerStatusHandlers = (app: Probot, deps: AppDeps): void => {
  app.on('status', async (context) => {
    const port = createOctokitPort({ octokit: context.octokit, teams: deps.teams });
    const policy = loadPolicy((await port.readConfig(context.repo())).config);
    if (!testResultCanChangeResult({ policy, name: context.payload.context })) return;
    for (const number of await port.openPullRequestsOf(context.repo(), context.payload.sha)) {
      await reconcileChange({
        deps,
        port,
        log: context.log,
        ref: context.repo({ number }),
        actor: context.payload.sender.login,
        afterApply: releaseWaitingDeploysAfter({ deps, context }),
      });
    }
  });
};
