import type { Probot } from 'probot';
import type { AppDeps } from '../app/app-deps.ts';
import { reconcileChange } from '../app/reconcile-change.ts';

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
      await reconcileChange({
        deps,
        octokit: context.octokit,
        log: context.log,
        ref: context.repo({ number: context.payload.issue.number }),
        actor: context.payload.sender.login,
      });
    },
  );
};
