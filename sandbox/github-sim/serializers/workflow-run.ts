import type { SimContext } from '../sim-context.ts';
import type { Environment, Repo, WorkflowRun } from '../state/types.ts';
import { serializeAppById } from './app.ts';
import { serializeEnvironment } from './deployment.ts';
import { repoPath } from './issue.ts';
import { serializeRepository } from './repository.ts';
import { serializeUser } from './user.ts';

/** REST `workflow-run`: the fields GitHub always sends. */
export const serializeWorkflowRun = (ctx: SimContext, repo: Repo, run: WorkflowRun) => {
  const path = repoPath(ctx, repo);
  const api = `${ctx.urls.api}/repos/${path}/actions/runs/${run.id}`;
  const commit = repo.commits.get(run.headSha);
  const actor = ctx.store.accountById(run.actorId);
  const person = {
    name: actor.name ?? actor.login,
    email: actor.email ?? `${actor.login}@users.noreply.github.com`,
  };
  return {
    id: run.id,
    name: run.name,
    node_id: run.nodeId,
    head_branch: run.headBranch,
    head_sha: run.headSha,
    path: '.github/workflows/deploy.yml',
    display_title: run.name,
    run_number: run.id,
    event: run.event,
    status: run.status,
    conclusion: run.conclusion,
    workflow_id: 1,
    url: api,
    html_url: `${ctx.urls.web}/${path}/actions/runs/${run.id}`,
    pull_requests: [],
    created_at: run.createdAt,
    updated_at: run.updatedAt,
    actor: serializeUser(ctx, actor),
    triggering_actor: serializeUser(ctx, actor),
    run_attempt: 1,
    run_started_at: run.createdAt,
    jobs_url: `${api}/jobs`,
    logs_url: `${api}/logs`,
    check_suite_url: `${ctx.urls.api}/repos/${path}/check-suites/${run.id}`,
    artifacts_url: `${api}/artifacts`,
    cancel_url: `${api}/cancel`,
    rerun_url: `${api}/rerun`,
    workflow_url: `${ctx.urls.api}/repos/${path}/actions/workflows/1`,
    head_commit: commit
      ? {
          id: commit.sha,
          tree_id: commit.treeSha,
          message: commit.message,
          timestamp: commit.date,
          author: person,
          committer: person,
        }
      : null,
    repository: serializeRepository(ctx, repo),
    head_repository: serializeRepository(ctx, repo),
  };
};

/** REST `pending-deployment`: an environment a run waits on. */
export const serializePendingDeployment = (ctx: SimContext, repo: Repo, environment: Environment) => {
  const { id, node_id, name, url, html_url } = serializeEnvironment(ctx, repo, environment);
  return {
    environment: { id, node_id, name, url, html_url },
    wait_timer: 0,
    wait_timer_started_at: null,
    current_user_can_approve: false,
    reviewers: [],
  };
};

/** REST `deployment-protection-rule`: a custom rule (an app) guarding an environment. */
export const serializeProtectionRule = (ctx: SimContext, environment: Environment, appId: number) => {
  const app = serializeAppById(ctx, appId);
  return {
    id: appId * 10 + environment.id,
    node_id: ctx.store.nodeId('DeploymentProtectionRule', appId * 10 + environment.id),
    enabled: true,
    app: {
      id: appId,
      slug: app?.slug ?? '',
      integration_url: `${ctx.urls.api}/apps/${app?.slug ?? appId}`,
      node_id: app?.node_id ?? '',
    },
  };
};
