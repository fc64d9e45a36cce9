import type { Probot } from 'probot';
import type { AppDeps } from '../app/app-deps.ts';
import { reconcileChange } from '../app/reconcile-change.ts';
import { releaseWaitingDeploysAfter } from '../app/release-waiting-deploys.ts';
import { reviewCanChangeResult } from '../core/evaluate/event-can-change-result.ts';
import { createOctokitPort } from '../github/octokit-port.ts';

/** Approvals and requested changes given as PR reviews. */
export const registerPullRequestReviewHandlers = (app: Probot, deps: AppDeps): void => {
  app.on(
    ['pull_request_review.submitted', 'pull_request_review.edited', 'pull_request_review.dismissed'],
    async (context) => {
      const labels = context.payload.pull_request.labels.map((label) => label.name);
      if (!reviewCanChangeResult(labels)) return;
      await reconcileChange({
        deps,
        port: createOctokitPort({ octokit: context.octokit, teams: deps.teams }),
        log: context.log,
        ref: context.repo({ number: context.payload.pull_request.number }),
        actor: context.payload.sender.login,
        afterApply: releaseWaitingDeploysAfter({ deps, context }),
      });
    },
  );
};
