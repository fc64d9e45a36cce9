import type { Probot } from 'probot';
import type { AppDeps } from '../app/app-deps.ts';
import { reconcileChange } from '../app/reconcile-change.ts';

/** "Re-run" on the Change Gate check re-evaluates every PR of that check run. */
export const registerCheckRunHandlers = (app: Probot, deps: AppDeps): void => {
  app.on('check_run.rerequested', async (context) => {
    const identity = await deps.identity();
    // Re-runs of other apps' checks are delivered to us too; they are not ours to answer.
    if (context.payload.check_run.app?.id !== identity.id) return;
    for (const pull of context.payload.check_run.pull_requests) {
      await reconcileChange({
        deps,
        octokit: context.octokit,
        log: context.log,
        ref: context.repo({ number: pull.number }),
        actor: context.payload.sender.login,
      });
    }
  });
};
