import type { Probot } from 'probot';
import type { AppDeps } from '../app/app-deps.ts';
import { octokitDeployPort } from '../github/octokit/octokit-deploy-port.ts';
import { createOctokitPort } from '../github/octokit/octokit-port.ts';
import { octokitReviewIssuePort } from '../github/octokit/octokit-review-issue-port.ts';
import { recordDeployment } from '../use-cases/record-deployment.ts';

/** Deployment statuses record implementing → completed / failed / rolled back in the changes' history. */
export const registerDeploymentStatusHandlers = (app: Probot, deps: AppDeps): void => {
  app.on('deployment_status.created', async (context) => {
    const { deployment, deployment_status: status } = context.payload;
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
          id: status.id,
          state: status.state,
          description: status.description ?? null,
          createdAt: status.created_at,
          logUrl: status.log_url ?? status.target_url ?? null,
        },
        actor: status.creator?.login ?? context.payload.sender.login,
      },
    });
  });
};
