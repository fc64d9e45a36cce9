import type { Probot } from 'probot';
import type { AppDeps } from '../app/app-deps.ts';
import { claimsWhenActing } from './claim-when-acting.ts';
import { reconcileFromEvent } from './reconcile-from-event.ts';

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
    claimsWhenActing(async (context) => {
      await reconcileFromEvent({ deps, context, number: context.payload.pull_request.number });
    }),
  );
};
