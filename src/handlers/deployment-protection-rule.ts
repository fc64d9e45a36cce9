import type { Probot } from 'probot';
import type { AppDeps } from '../app/app-deps.ts';
import { branchOfRef } from '../core/deploy/branch-of-ref.ts';
import { runIdOfCallback } from '../core/deploy/run-id-of-callback.ts';
import { octokitDeployPort } from '../github/octokit/octokit-deploy-port.ts';
import { octokitProtectionRulePort } from '../github/octokit/octokit-protection-rule-port.ts';
import { answerProtectionRule } from '../use-cases/answer-protection-rule.ts';

/** Environments protected by Change Gate: GitHub asks before a job deploys, and holds it until answered. */
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
    await answerProtectionRule({
      deps,
      deployPort: octokitDeployPort({ octokit: context.octokit, ...repo }),
      rulesPort: octokitProtectionRulePort({ octokit: context.octokit, ...repo }),
      log: context.log,
      repository: repo,
      target: {
        runId,
        environment,
        sha: payload.deployment?.sha ?? '',
        branch: branchOfRef(payload.deployment?.ref),
        ...(typeof payload.deployment?.id === 'number' ? { deploymentId: payload.deployment.id } : {}),
      },
    });
  });
};
