import type { Probot } from 'probot';
import type { AppDeps } from '../app/app-deps.ts';
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
    async (context) => {
      await reconcileFromEvent({ deps, context, number: context.payload.issue.number });
    },
  );
};
