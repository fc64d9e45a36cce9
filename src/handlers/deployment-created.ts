import type { Probot } from 'probot';
import type { AppDeps } from '../app/app-deps.ts';
import { readDeployPayload } from '../core/deploy/deploy-payload.ts';
import { DEPLOYMENT_CREATED } from '../core/deploy/deployment-outcome.ts';
import { octokitDeployPort } from '../github/octokit/octokit-deploy-port.ts';
import { createOctokitPort } from '../github/octokit/octokit-port.ts';
import { octokitReviewIssuePort } from '../github/octokit/octokit-review-issue-port.ts';
import { recordDeployment } from '../use-cases/record-deployment.ts';

/**
 * A deployment the gate created (its payload names the changes it ships) starts implementing them: the gate
 * writes no `in_progress` status, so its creation is recorded as one would be (`recordDeployment`: the gate
 * again for this deployment, nothing taken from the payload but the changes it claims, which are checked
 * against the range). Any other deployment (a workflow job's environment, another tool) costs no API call:
 * its statuses are recorded as they come (deployment-status.ts). A forged payload is no more trusted than a
 * forged `in_progress` status: whoever can create a deployment can write its statuses too.
 */
export const registerDeploymentCreatedHandler = (app: Probot, deps: AppDeps): void => {
  app.on('deployment.created', async (context) => {
    const { deployment } = context.payload;
    if (readDeployPayload(deployment.payload) === null) {
      context.log.info(
        `deployment ${deployment.id} to ${deployment.environment}: not created by the gate; its statuses are recorded`,
      );
      return;
    }
    const repo = context.repo();
    await recordDeployment({
      deps,
      port: createOctokitPort({ octokit: context.octokit, teams: deps.teams }),
      deployPort: octokitDeployPort({ octokit: context.octokit, ...repo }),
      log: context.log,
      reviewIssues: octokitReviewIssuePort(context.octokit),
      event: {
        repo,
        deployment: {
          id: deployment.id,
          sha: deployment.sha,
          environment: deployment.environment,
          createdAt: deployment.created_at,
          creator: deployment.creator?.login ?? null,
        },
        payload: deployment.payload,
        status: {
          id: null,
          state: DEPLOYMENT_CREATED,
          description: deployment.description ?? null,
          createdAt: deployment.created_at,
          logUrl: null,
        },
        actor: deployment.creator?.login ?? context.payload.sender.login,
      },
    });
  });
};
