import type { Probot } from 'probot';
import type { AppDeps } from '../app/app-deps.ts';
import { testResultCanChangeResult } from '../core/decision/event-can-change-result.ts';
import { loadPolicy } from '../core/policy/load-policy.ts';
import { createOctokitPort } from '../github/octokit/octokit-port.ts';
import { reconcileFromEvent } from './reconcile-from-event.ts';

/**
 * "Re-run" on the Change Gate check re-evaluates its PRs; another app's check run completing
 * re-evaluates when the testing gate requires it.
 */
export const registerCheckRunHandlers = (app: Probot, deps: AppDeps): void => {
  app.on(['check_run.rerequested', 'check_run.completed'], async (context) => {
    const run = context.payload.check_run;
    const identity = await deps.identity();
    const ours = run.app?.id === identity.id;
    const port = createOctokitPort({ octokit: context.octokit, teams: deps.teams });
    if (context.payload.action === 'rerequested' && !ours) return;
    if (context.payload.action === 'completed') {
      if (ours) return;
      const policy = loadPolicy((await port.readConfig(context.repo())).config);
      if (!testResultCanChangeResult({ policy, name: run.name })) return;
    }
    for (const pull of run.pull_requests) {
      await reconcileFromEvent({ deps, context, number: pull.number, port });
    }
  });
};
