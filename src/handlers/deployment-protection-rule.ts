import type { Probot } from 'probot';
import type { AppDeps } from '../app/app-deps.ts';
import { branchOfRef } from '../core/deploy/branch-of-ref.ts';
import { runIdOfCallback } from '../core/deploy/run-id-of-callback.ts';
import { octokitDeployPort } from '../github/octokit/octokit-deploy-port.ts';
import { octokitProtectionRulePort } from '../github/octokit/octokit-protection-rule-port.ts';
import { answerProtectionRule } from '../use-cases/answer-protection-rule.ts';
import { waitingRunsKey } from '../use-cases/waiting-runs.ts';

/**
 * Environments protected by Change Gate: GitHub asks before a job deploys, and holds it until answered. A run
 * left waiting is remembered (deps.waitingRuns), so that the approval it waits for releases it.
 */
export const registerDeploymentProtectionRuleHandlers = (app: Probot, deps: AppDeps): void => {
  app.on('deployment_protection_rule.requested', async (context) => {
    const { payload } = context;
    const repo = context.repo();
    const runId = runIdOfCallback({ url: payload.deployment_callback_url, ...repo });
    const environment = payload.environment ?? payload.deployment?.environment ?? '';
    if (runId === null || environment === '') {
      context.log.error(
        `deployment_protection_rule for ${repo.owner}/${repo.repo}: no answerable callback URL or environment; GitHub keeps the run waiting`,
      );
      return;
    }
    const target = {
      runId,
      environment,
      sha: payload.deployment?.sha ?? '',
      branch: branchOfRef(payload.deployment?.ref),
      ...(typeof payload.deployment?.id === 'number' ? { deploymentId: payload.deployment.id } : {}),
    };
    // Known before it is decided: an approval that lands while the gate reads still finds it to release.
    const known = waitingRunsKey(repo);
    await deps.waitingRuns?.add(known, { ...target, at: Date.now() });
    const { answer } = await answerProtectionRule({
      deps,
      deployPort: octokitDeployPort({ octokit: context.octokit, ...repo }),
      rulesPort: octokitProtectionRulePort({ octokit: context.octokit, ...repo }),
      log: context.log,
      repository: repo,
      target,
    });
    // Left waiting, it stays known: the approval that allows it releases it without listing the runs.
    if (answer !== 'waiting') await deps.waitingRuns?.remove(known, target);
  });
};
