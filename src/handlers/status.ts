import type { Probot } from 'probot';
import type { AppDeps } from '../app/app-deps.ts';
import { testResultCanChangeResult } from '../core/decision/event-can-change-result.ts';
import { loadPolicy } from '../core/policy/load-policy.ts';
import { createOctokitPort } from '../github/octokit/octokit-port.ts';
import { claimsWhenActing } from './claim-when-acting.ts';
import { reconcileFromEvent } from './reconcile-from-event.ts';

/** Coverage reported as a commit status re-evaluates the open changes whose head it is on. */
export const registerStatusHandlers = (app: Probot, deps: AppDeps): void => {
  app.on(
    'status',
    claimsWhenActing(async (context) => {
      const port = createOctokitPort({ octokit: context.octokit, teams: deps.teams });
      const policy = loadPolicy((await port.readConfig(context.repo())).config);
      if (!testResultCanChangeResult({ policy, name: context.payload.context })) return;
      for (const number of await port.openPullRequestsOf(context.repo(), context.payload.sha)) {
        await reconcileFromEvent({ deps, context, number: number, port });
      }
    }),
  );
};
