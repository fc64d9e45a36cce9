import { HttpError, notFound, validationFailed } from '../http/http-error.ts';
import { serializeDeployment } from '../serializers/deployment.ts';
import { serializePullRequest } from '../serializers/pull-request.ts';
import type { SimContext } from '../sim-context.ts';
import type { Deployment, Issue, Repo, WorkflowRun } from '../state/types.ts';
import type { Actor } from './actor.ts';
import { createDeployment, createDeploymentStatus, ensureEnvironment } from './deployments.ts';

export const callbackUrl = (ctx: SimContext, run: WorkflowRun): string => {
  const repo = ctx.store.repos.get(run.repoId) as Repo;
  return `${ctx.urls.api}/repos/${ctx.store.ownerOf(repo).login}/${repo.name}/actions/runs/${run.id}/deployment_protection_rule`;
};

/**
 * An Actions job that targets `environment`: a deployment is created and every app whose custom
 * protection rule guards the environment gets `deployment_protection_rule.requested`.
 */
export const startWorkflowRun = (
  ctx: SimContext,
  options: { repo: Repo; environment: string; ref: string; actor: Actor; name?: string; event?: string },
): WorkflowRun => {
  const { repo } = options;
  const environment = ensureEnvironment(ctx, { repo, name: options.environment });
  const deployment = createDeployment(ctx, {
    repo,
    input: { ref: options.ref, environment: options.environment, required_contexts: [] },
    actor: options.actor,
  });
  const id = ctx.store.nextId();
  const now = ctx.store.clock.iso();
  const installations = [...ctx.store.installations.values()];
  const run: WorkflowRun = {
    id,
    nodeId: ctx.store.nodeId('WorkflowRun', id),
    repoId: repo.id,
    name: options.name ?? 'Deploy',
    headSha: deployment.sha,
    headBranch: options.ref,
    event: options.event ?? 'push',
    status: environment.protectionRuleAppIds.length > 0 ? 'waiting' : 'in_progress',
    conclusion: null,
    actorId: options.actor.accountId,
    environment: options.environment,
    deploymentId: deployment.id,
    protection: environment.protectionRuleAppIds.flatMap((appId) => {
      const installation = installations.find((i) => i.appId === appId && i.accountId === repo.ownerId);
      return installation
        ? [
            {
              appId,
              installationId: installation.id,
              state: 'pending' as const,
              comment: null,
              respondedAt: null,
              reports: [],
            },
          ]
        : [];
    }),
    createdAt: now,
    updatedAt: now,
  };
  ctx.store.workflowRuns.set(id, run);
  for (const request of run.protection) {
    ctx.emit({
      event: 'deployment_protection_rule',
      action: 'requested',
      repoId: repo.id,
      senderId: options.actor.accountId,
      viaAppId: null,
      onlyAppIds: [request.appId],
      fields: {
        environment: options.environment,
        event: run.event,
        sha: run.headSha,
        ref: run.headBranch,
        deployment_callback_url: callbackUrl(ctx, run),
        deployment: serializeDeployment(ctx, repo, deployment),
        // This webhook carries full pull request objects (check runs carry the short form).
        pull_requests: [...repo.issues.values()]
          .filter((issue) => issue.pull && issue.state === 'open' && issue.pull.headSha === run.headSha)
          .map((issue) =>
            serializePullRequest(ctx, repo, issue as Issue & { pull: NonNullable<Issue['pull']> }),
          ),
      },
    });
  }
  if (run.status === 'in_progress') {
    createDeploymentStatus(ctx, { repo, deployment, state: 'in_progress', actor: options.actor });
  }
  return run;
};

/** The app's answer through `deployment_callback_url`; the run proceeds once every rule approved. */
export const answerProtectionRule = (
  ctx: SimContext,
  options: {
    repo: Repo;
    run: WorkflowRun;
    appId: number;
    environmentName: unknown;
    state: unknown;
    comment: unknown;
  },
): void => {
  const { run } = options;
  if (options.environmentName !== run.environment) {
    throw validationFailed({
      resource: 'DeploymentProtectionRule',
      field: 'environment_name',
      message: `environment_name must be ${run.environment}`,
    });
  }
  const request = run.protection.find((p) => p.appId === options.appId);
  if (!request) throw notFound();
  if (request.state !== 'pending' || run.status !== 'waiting') {
    throw new HttpError({
      status: 422,
      message: 'No pending deployment protection rule for this app and run.',
    });
  }
  // A comment without a state is a status report: shown with the run, which keeps waiting.
  if (options.state === undefined && typeof options.comment === 'string') {
    request.reports.push(options.comment);
    return;
  }
  if (options.state !== 'approved' && options.state !== 'rejected') {
    throw validationFailed({ resource: 'DeploymentProtectionRule', field: 'state' });
  }
  request.state = options.state;
  request.comment = typeof options.comment === 'string' ? options.comment : null;
  request.respondedAt = ctx.store.clock.iso();
  run.updatedAt = request.respondedAt;
  if (options.state === 'rejected') {
    run.status = 'completed';
    run.conclusion = 'failure';
    return;
  }
  if (run.protection.every((p) => p.state === 'approved')) {
    run.status = 'in_progress';
    const deployment = ctx.store.deployments.get(run.deploymentId) as Deployment;
    const actor = { accountId: run.actorId, viaAppId: null };
    createDeploymentStatus(ctx, { repo: options.repo, deployment, state: 'in_progress', actor });
  }
};

/** Ends a run that passed its gates: the deployment gets `success` or `failure`. */
export const completeWorkflowRun = (
  ctx: SimContext,
  options: { repo: Repo; run: WorkflowRun; conclusion: 'success' | 'failure' },
): void => {
  const { run } = options;
  if (run.status !== 'in_progress') {
    throw new Error(
      `github-sim: workflow run ${run.id} is ${run.status}, not in progress; it cannot complete`,
    );
  }
  run.status = 'completed';
  run.conclusion = options.conclusion;
  run.updatedAt = ctx.store.clock.iso();
  const deployment = ctx.store.deployments.get(run.deploymentId) as Deployment;
  createDeploymentStatus(ctx, {
    repo: options.repo,
    deployment,
    state: options.conclusion,
    actor: { accountId: run.actorId, viaAppId: null },
  });
};
