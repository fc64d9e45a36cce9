import { HttpError, notFound } from '../http/http-error.ts';
import { paginate } from '../http/paginate.ts';
import type { Route, RouteRequest } from '../http/route.ts';
import { createDeployment, createDeploymentStatus, findDeployment } from '../ops/deployments.ts';
import { answerProtectionRule } from '../ops/workflow-runs.ts';
import {
  serializeDeployment,
  serializeDeploymentStatus,
  serializeEnvironment,
} from '../serializers/deployment.ts';
import { resolveRef } from '../state/git.ts';
import { actorOf, bodyOf, environmentOf, intParam, noContent, ok, repoOf } from './route-helpers.ts';

const READ = ['deployments:read'];
const WRITE = ['deployments:write'];

const deploymentOf = (request: RouteRequest) => {
  const repo = repoOf(request);
  return { repo, deployment: findDeployment(request.ctx, repo, intParam(request, 'deployment_id')) };
};

/** Newest first, filtered by `sha`, `ref`, `task`, `environment` as GitHub does. */
const listDeployments = (request: RouteRequest) => {
  const repo = repoOf(request);
  const q = (name: string) => request.query.get(name);
  const ref = q('ref');
  const deployments = [...request.ctx.store.deployments.values()]
    .filter((d) => d.repoId === repo.id)
    .filter((d) => !q('sha') || d.sha === q('sha'))
    .filter((d) => !ref || d.ref === ref || resolveRef(repo, ref) === d.sha)
    .filter((d) => !q('task') || d.task === q('task'))
    .filter((d) => !q('environment') || d.environment === q('environment'))
    .sort((a, b) => b.id - a.id);
  return paginate(
    request,
    deployments.map((d) => serializeDeployment(request.ctx, repo, d)),
  );
};

export const deploymentRoutes: Route[] = [
  // see: https://docs.github.com/rest/deployments/deployments#list-deployments
  {
    method: 'GET',
    path: '/repos/{owner}/{repo}/deployments',
    auth: 'token',
    permission: READ,
    handle: listDeployments,
  },
  {
    method: 'POST',
    path: '/repos/{owner}/{repo}/deployments',
    auth: 'token',
    permission: WRITE,
    handle: (r) => {
      const repo = repoOf(r);
      const deployment = createDeployment(r.ctx, { repo, input: bodyOf(r), actor: actorOf(r) });
      return ok(serializeDeployment(r.ctx, repo, deployment), 201);
    },
  },
  {
    method: 'GET',
    path: '/repos/{owner}/{repo}/deployments/{deployment_id}',
    auth: 'token',
    permission: READ,
    handle: (r) => {
      const { repo, deployment } = deploymentOf(r);
      return ok(serializeDeployment(r.ctx, repo, deployment));
    },
  },
  {
    method: 'GET',
    path: '/repos/{owner}/{repo}/deployments/{deployment_id}/statuses',
    auth: 'token',
    permission: READ,
    handle: (r) => {
      const { repo, deployment } = deploymentOf(r);
      const statuses = [...r.ctx.store.deploymentStatuses.values()]
        .filter((s) => s.deploymentId === deployment.id)
        .sort((a, b) => b.id - a.id);
      return paginate(
        r,
        statuses.map((s) => serializeDeploymentStatus(r.ctx, repo, s)),
      );
    },
  },
  {
    method: 'POST',
    path: '/repos/{owner}/{repo}/deployments/{deployment_id}/statuses',
    auth: 'token',
    permission: WRITE,
    handle: (r) => {
      const { repo, deployment } = deploymentOf(r);
      const body = bodyOf(r);
      const status = createDeploymentStatus(r.ctx, {
        repo,
        deployment,
        state: body.state,
        description: body.description,
        environmentUrl: body.environment_url,
        logUrl: body.log_url ?? body.target_url,
        actor: actorOf(r),
      });
      return ok(serializeDeploymentStatus(r.ctx, repo, status), 201);
    },
  },
  {
    method: 'GET',
    path: '/repos/{owner}/{repo}/deployments/{deployment_id}/statuses/{status_id}',
    auth: 'token',
    permission: READ,
    handle: (r) => {
      const { repo, deployment } = deploymentOf(r);
      const status = r.ctx.store.deploymentStatuses.get(intParam(r, 'status_id'));
      if (!status || status.deploymentId !== deployment.id) throw notFound();
      return ok(serializeDeploymentStatus(r.ctx, repo, status));
    },
  },
  {
    method: 'GET',
    path: '/repos/{owner}/{repo}/environments',
    auth: 'token',
    permission: ['actions:read', 'deployments:read'],
    handle: (r) => {
      const repo = repoOf(r);
      const environments = [...repo.environments.values()];
      return paginate(r, environments, {
        wrap: (page) => ({
          total_count: environments.length,
          environments: page.map((e) => serializeEnvironment(r.ctx, repo, e)),
        }),
      });
    },
  },
  {
    method: 'GET',
    path: '/repos/{owner}/{repo}/environments/{environment_name}',
    auth: 'token',
    permission: ['actions:read', 'deployments:read'],
    handle: (r) => {
      const { repo, environment } = environmentOf(r);
      return ok(serializeEnvironment(r.ctx, repo, environment));
    },
  },
  // see: https://docs.github.com/rest/actions/workflow-runs#review-custom-deployment-protection-rules-for-a-workflow-run
  {
    method: 'POST',
    path: '/repos/{owner}/{repo}/actions/runs/{run_id}/deployment_protection_rule',
    auth: 'token',
    permission: ['deployments:write'],
    handle: (r) => {
      if (r.auth.kind !== 'installation') {
        throw new HttpError({
          status: 403,
          message: 'Only the GitHub App of a deployment protection rule can review it.',
        });
      }
      const repo = repoOf(r);
      const run = r.ctx.store.workflowRuns.get(intParam(r, 'run_id'));
      if (!run || run.repoId !== repo.id) throw notFound();
      const body = bodyOf(r);
      answerProtectionRule(r.ctx, {
        repo,
        run,
        appId: r.auth.app.id,
        environmentName: body.environment_name,
        state: body.state,
        comment: body.comment,
      });
      return noContent();
    },
  },
];
