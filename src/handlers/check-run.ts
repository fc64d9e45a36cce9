import type { Probot } from 'probot';
import type { AppDeps } from '../app/app-deps.ts';
import { testResultCanChangeResult } from '../core/decision/event-can-change-result.ts';
import { loadPolicy, type PolicyLoad } from '../core/policy/load-policy.ts';
import { createOctokitPort } from '../github/octokit/octokit-port.ts';
import { claimsWhenActing } from './claim-when-acting.ts';
import { reconcileFromEvent } from './reconcile-from-event.ts';

/**
 * "Re-run" on the Change Gate check re-evaluates its PRs; another app's check run completing
 * re-evaluates when the testing gate requires it (for one pull request, decided on the config the facts
 * read brings; for several, on the config read first). A run on no pull request costs no call.
 */
export const registerCheckRunHandlers = (app: Probot, deps: AppDeps): void => {
  app.on(
    ['check_run.rerequested', 'check_run.completed'],
    claimsWhenActing(async (context) => {
      const run = context.payload.check_run;
      // A run on a commit no pull request of this repository has as its head (a push to main) asks nothing.
      if (run.pull_requests.length === 0) return;
      const identity = await deps.identity();
      const ours = run.app?.id === identity.id;
      const port = createOctokitPort({ octokit: context.octokit, teams: deps.teams });
      if (context.payload.action === 'rerequested' && !ours) return;
      let onlyWhen: ((policy: PolicyLoad) => boolean) | undefined;
      if (context.payload.action === 'completed') {
        if (ours) return;
        const matters = (policy: PolicyLoad) => testResultCanChangeResult({ policy, name: run.name });
        // One pull request: the facts read brings the config, and decides then (one read either way).
        if (run.pull_requests.length === 1) onlyWhen = matters;
        else if (!matters(loadPolicy((await port.readConfig(context.repo())).config))) return;
      }
      for (const pull of run.pull_requests) {
        await reconcileFromEvent({
          deps,
          context,
          number: pull.number,
          port,
          ...(onlyWhen ? { onlyWhen } : {}),
        });
      }
    }),
  );
};
