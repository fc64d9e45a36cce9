import type { Probot } from 'probot';
import type { AppDeps } from '../app/app-deps.ts';
import { reviewIssueLinkOf } from '../core/emergency/review-issue.ts';
import { claimsWhenActing } from './claim-when-acting.ts';
import { reconcileFromEvent } from './reconcile-from-event.ts';

/** Non-code changes: issues labeled as changes (e.g. from the change-request Issue Form). */
export const registerIssueHandlers = (app: Probot, deps: AppDeps): void => {
  app.on(
    [
      'issues.opened',
      'issues.edited',
      'issues.labeled',
      'issues.unlabeled',
      'issues.closed',
      'issues.reopened',
    ],
    claimsWhenActing(async (context) => {
      await reconcileFromEvent({ deps, context, number: context.payload.issue.number });
    }),
  );
  // Closing the post-implementation review issue of an emergency change may complete that change.
  app.on(
    ['issues.closed', 'issues.reopened'],
    claimsWhenActing(async (context) => {
      const { issue } = context.payload;
      // Only an issue a bot opened can be one of our review issues: people's issues need no call.
      if (issue.user?.type !== 'Bot') return;
      const { botLogin } = await deps.identity();
      const change = reviewIssueLinkOf({ author: issue.user?.login ?? '', body: issue.body ?? '' }, botLogin);
      if (change !== null && change !== issue.number)
        await reconcileFromEvent({ deps, context, number: change });
    }),
  );
};
