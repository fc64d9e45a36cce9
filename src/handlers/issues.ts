import type { Probot } from 'probot';
import type { AppDeps } from '../app/app-deps.ts';
import { reconcileChange } from '../app/reconcile-change.ts';
import { labelEventByOurApp } from '../core/evaluate/event-can-change-result.ts';
import { createOctokitPort } from '../github/octokit-port.ts';

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
        ref: context.repo({ number: context.payload.issue.number }),
        actor: sender,
      });
    },
  );
};
