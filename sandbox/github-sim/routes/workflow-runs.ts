import { notFound } from '../http/http-error.ts';
import { paginate } from '../http/paginate.ts';
import type { Route } from '../http/route.ts';
import {
  serializePendingDeployment,
  serializeProtectionRule,
  serializeWorkflowRun,
} from '../serializers/workflow-run.ts';
import { environmentOf, intParam, ok, repoOf } from './route-helpers.ts';

const READ = ['actions:read'];

/** Runs of Actions workflows, as far as deploys waiting on protection rules need them. */
export const workflowRunRoutes: Route[] = [
  // see: https://docs.github.com/rest/actions/workflow-runs#list-workflow-runs-for-a-repository
  {
    method: 'GET',
    path: '/repos/{owner}/{repo}/actions/runs',
    auth: 'token',
    permission: READ,
    handle: (r) => {
      const repo = repoOf(r);
      const status = r.query.get('status');
      const runs = [...r.ctx.store.workflowRuns.values()]
        .filter((run) => run.repoId === repo.id && (!status || run.status === status))
        .sort((a, b) => b.id - a.id);
      return paginate(r, runs, {
        wrap: (page) => ({
          total_count: runs.length,
          workflow_runs: page.map((run) => serializeWorkflowRun(r.ctx, repo, run)),
        }),
      });
    },
  },
  // see: https://docs.github.com/rest/actions/workflow-runs#get-a-workflow-run
  {
    method: 'GET',
    path: '/repos/{owner}/{repo}/actions/runs/{run_id}',
    auth: 'token',
    permission: READ,
    handle: (r) => {
      const repo = repoOf(r);
      const run = r.ctx.store.workflowRuns.get(intParam(r, 'run_id'));
      if (!run || run.repoId !== repo.id) throw notFound();
      return ok(serializeWorkflowRun(r.ctx, repo, run));
    },
  },
  // see: https://docs.github.com/rest/actions/workflow-runs#get-pending-deployments-for-a-workflow-run
  {
    method: 'GET',
    path: '/repos/{owner}/{repo}/actions/runs/{run_id}/pending_deployments',
    auth: 'token',
    permission: READ,
    handle: (r) => {
      const repo = repoOf(r);
      const run = r.ctx.store.workflowRuns.get(intParam(r, 'run_id'));
      if (!run || run.repoId !== repo.id) throw notFound();
      const environment = repo.environments.get(run.environment);
      const waiting = run.status === 'waiting' && environment ? [environment] : [];
      return ok(waiting.map((env) => serializePendingDeployment(r.ctx, repo, env)));
    },
  },
  // see: https://docs.github.com/rest/deployments/protection-rules#get-all-deployment-protection-rules-for-an-environment
  {
    method: 'GET',
    path: '/repos/{owner}/{repo}/environments/{environment_name}/deployment_protection_rules',
    auth: 'token',
    permission: ['actions:read', 'deployments:read'],
    handle: (r) => {
      const { environment } = environmentOf(r);
      const rules = environment.protectionRuleAppIds.map((appId) =>
        serializeProtectionRule(r.ctx, environment, appId),
      );
      return ok({ total_count: rules.length, custom_deployment_protection_rules: rules });
    },
  },
];
