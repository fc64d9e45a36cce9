import type { SimContext } from '../sim-context.ts';
import type { Deployment, DeploymentStatus, Environment, Repo } from '../state/types.ts';
import { serializeAppById } from './app.ts';
import { repoPath } from './issue.ts';
import { serializeUserById } from './user.ts';

/** REST `deployment`. */
export const serializeDeployment = (ctx: SimContext, repo: Repo, deployment: Deployment) => {
  const api = `${ctx.urls.api}/repos/${repoPath(ctx, repo)}`;
  return {
    url: `${api}/deployments/${deployment.id}`,
    id: deployment.id,
    node_id: deployment.nodeId,
    sha: deployment.sha,
    ref: deployment.ref,
    task: deployment.task,
    payload: deployment.payload as Record<string, unknown> | string,
    original_environment: deployment.originalEnvironment,
    environment: deployment.environment,
    description: deployment.description,
    creator: serializeUserById(ctx, deployment.creatorId),
    created_at: deployment.createdAt,
    updated_at: deployment.updatedAt,
    statuses_url: `${api}/deployments/${deployment.id}/statuses`,
    repository_url: api,
    transient_environment: deployment.transientEnvironment,
    production_environment: deployment.productionEnvironment,
    performed_via_github_app: serializeAppById(ctx, deployment.viaAppId),
  };
};

/** REST `deployment-status`. */
export const serializeDeploymentStatus = (ctx: SimContext, repo: Repo, status: DeploymentStatus) => {
  const api = `${ctx.urls.api}/repos/${repoPath(ctx, repo)}`;
  return {
    url: `${api}/deployments/${status.deploymentId}/statuses/${status.id}`,
    id: status.id,
    node_id: status.nodeId,
    state: status.state,
    creator: serializeUserById(ctx, status.creatorId),
    description: status.description,
    environment: status.environment,
    target_url: status.logUrl,
    created_at: status.createdAt,
    updated_at: status.updatedAt,
    deployment_url: `${api}/deployments/${status.deploymentId}`,
    repository_url: api,
    environment_url: status.environmentUrl,
    log_url: status.logUrl,
    performed_via_github_app: serializeAppById(ctx, status.viaAppId),
  };
};

/** REST `environment`, with the custom protection rules of apps that guard it. */
export const serializeEnvironment = (ctx: SimContext, repo: Repo, environment: Environment) => {
  const path = repoPath(ctx, repo);
  return {
    id: environment.id,
    node_id: environment.nodeId,
    name: environment.name,
    url: `${ctx.urls.api}/repos/${path}/environments/${encodeURIComponent(environment.name)}`,
    html_url: `${ctx.urls.web}/${path}/deployments/activity_log?environments_filter=${encodeURIComponent(environment.name)}`,
    created_at: environment.createdAt,
    updated_at: environment.updatedAt,
    protection_rules: environment.protectionRuleAppIds.map((appId) => ({
      id: appId * 10 + environment.id,
      node_id: ctx.store.nodeId('DeploymentProtectionRule', appId * 10 + environment.id),
      type: 'custom',
      app: serializeAppById(ctx, appId),
    })),
    deployment_branch_policy: null,
  };
};
