import type { Probot } from 'probot';
import type { AppDeps } from '../app/app-deps.ts';
import { reconcileChange } from '../app/reconcile-change.ts';
import { releaseWaitingDeploysAfter } from '../app/release-waiting-deploys.ts';
import { labelEventByOurApp } from '../core/evaluate/event-can-change-result.ts';
import { createOctokitPort } from '../github/octokit-port.ts';

/** Every PR gets the Change Gate check; labeled ones are change requests. */
export const registerPullRequestHandlers = (app: Probot, deps: AppDeps): void => {
  app.on(
    [
      'pull_request.opened',
      'pull_request.edited',
      'pull_request.labeled',
      'pull_request.unlabeled',
      'pull_request.synchronize',
      'pull_request.reopened',
      'pull_request.ready_for_review',
      'pull_request.closed',
    ],
    async (context) => {
      const sender = context.payload.sender?.login ?? 'unknown';
      // Our own status-label changes come back as label events: we have just evaluated.
      if (context.payload.action === 'labeled' || context.payload.action === 'unlabeled') {
        const { botLogin } = await deps.identity();
        if (labelEventByOurApp({ sender, botLogin })) return;
      }
      await reconcileChange({
        deps,
        port: createOctokitPort({ octokit: context.octokit, teams: deps.teams }),
        log: context.log,
        ref: context.repo({ number: context.payload.pull_request.number }),
        actor: sender,
        afterApply: releaseWaitingDeploysAfter({ deps, context }),
      });
    },
  );
};
