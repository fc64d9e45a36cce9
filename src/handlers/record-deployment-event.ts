import type { ProbotOctokit } from 'probot';
import type { AppDeps } from '../app/app-deps.ts';
import { octokitDeployPort } from '../github/octokit/octokit-deploy-port.ts';
import { createOctokitPort } from '../github/octokit/octokit-port.ts';
import { octokitReviewIssuePort } from '../github/octokit/octokit-review-issue-port.ts';
import type { RepoRef } from '../github/ports/github-port.ts';
import { type DeploymentStatusInput, recordDeployment } from '../use-cases/record-deployment.ts';
import type { UseCaseLog } from '../use-cases/use-case-log.ts';

/** The deployment of a `deployment` or `deployment_status` webhook, as GitHub sends it. */
interface WebhookDeployment {
  id: number;
  sha: string;
  environment: string;
  created_at: string;
  creator?: { login: string } | null;
  payload: unknown;
}

/**
 * Records one deployment event (its creation, or a status) in the changes it ships (`recordDeployment`), with
 * the ports of the webhook's installation.
 */
export const recordDeploymentEvent = async (options: {
  deps: AppDeps;
  context: { octokit: ProbotOctokit; log: UseCaseLog; repo: () => RepoRef };
  deployment: WebhookDeployment;
  status: DeploymentStatusInput['status'];
  actor: string;
}): Promise<void> => {
  const { deps, context, deployment } = options;
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
      status: options.status,
      actor: options.actor,
    },
  });
};
