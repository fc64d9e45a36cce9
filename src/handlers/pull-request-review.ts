import type { Probot } from 'probot';
import type { AppDeps } from '../app/app-deps.ts';
import { reviewCanChangeResult } from '../core/decision/event-can-change-result.ts';
import { claimsWhenActing } from './claim-when-acting.ts';
import { reconcileFromEvent } from './reconcile-from-event.ts';

/** Approvals and requested changes given as PR reviews. */
export const registerPullRequestReviewHandlers = (app: Probot, deps: AppDeps): void => {
  app.on(
    ['pull_request_review.submitted', 'pull_request_review.edited', 'pull_request_review.dismissed'],
    claimsWhenActing(async (context) => {
      const labels = context.payload.pull_request.labels.map((label) => label.name);
      if (!reviewCanChangeResult(labels)) return;
      await reconcileFromEvent({ deps, context, number: context.payload.pull_request.number });
    }),
  );
};
