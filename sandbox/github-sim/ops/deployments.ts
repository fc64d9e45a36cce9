import { HttpError, notFound, validationFailed } from '../http/http-error.ts';
import { pullRequestsAtSha } from '../serializers/check-run.ts';
import { serializeDeployment, serializeDeploymentStatus } from '../serializers/deployment.ts';
import { latestStatuses } from '../serializers/status.ts';
import type { SimContext } from '../sim-context.ts';
import { resolveRef } from '../state/git.ts';
import type {
  Deployment,
  DeploymentState,
  DeploymentStatus,
  Environment,
  Repo,
  WorkflowRun,
} from '../state/types.ts';
import type { Actor } from './actor.ts';

export const ensureEnvironment = (ctx: SimContext, options: { repo: Repo; name: string }): Environment => {
  const existing = options.repo.environments.get(options.name);
  if (existing) return existing;
  const id = ctx.store.nextId();
  const now = ctx.store.clock.iso();
  const environment: Environment = {
    id,
    nodeId: ctx.store.nodeId('Environment', id),
    repoId: options.repo.id,
    name: options.name,
    protectionRuleAppIds: [],
    createdAt: now,
    updatedAt: now,
  };
  options.repo.environments.set(options.name, environment);
  return environment;
};

export interface DeploymentInput {
  ref?: unknown;
  task?: unknown;
  environment?: unknown;
  description?: unknown;
  payload?: unknown;
  required_contexts?: unknown;
  production_environment?: unknown;
  transient_environment?: unknown;
}

/**
 * Creates a deployment as GitHub does: `ref` resolved to a SHA, the environment created on first use,
 * and (without `required_contexts`) every commit status context on the SHA must be successful (409).
 */
export const createDeployment = (
  ctx: SimContext,
  options: { repo: Repo; input: DeploymentInput; actor: Actor },
): Deployment => {
  const { repo, input } = options;
  if (typeof input.ref !== 'string' || input.ref === '')
    throw validationFailed({ resource: 'Deployment', field: 'ref', code: 'missing_field' });
  const sha = resolveRef(repo, input.ref);
  if (!sha) throw new HttpError({ status: 422, message: `No ref found for: ${input.ref}` });
  const required = Array.isArray(input.required_contexts) ? input.required_contexts.map(String) : null;
  const failing = latestStatuses(ctx, repo, sha).filter(
    (status) => status.state !== 'success' && (required === null || required.includes(status.context)),
  );
  if (failing.length > 0) {
    throw new HttpError({
      status: 409,
      message: `Conflict: Commit status checks failed for ${input.ref}.`,
      errors: failing.map((status) => ({
        contexts: [{ context: status.context, state: status.state }],
        resource: 'Deployment',
        field: 'required_contexts',
        code: 'invalid',
      })),
    });
  }
  const environment =
    typeof input.environment === 'string' && input.environment !== '' ? input.environment : 'production';
  ensureEnvironment(ctx, { repo, name: environment });
  const id = ctx.store.nextId();
  const now = ctx.store.clock.iso();
  const deployment: Deployment = {
    id,
    nodeId: ctx.store.nodeId('Deployment', id),
    repoId: repo.id,
    sha,
    ref: input.ref,
    task: typeof input.task === 'string' ? input.task : 'deploy',
    environment,
    originalEnvironment: environment,
    description: typeof input.description === 'string' ? input.description : null,
    payload:
      input.payload === undefined
        ? {}
        : typeof input.payload === 'string'
          ? safeJson(input.payload)
          : input.payload,
    creatorId: options.actor.accountId,
    viaAppId: options.actor.viaAppId,
    productionEnvironment:
      input.production_environment === undefined
        ? environment === 'production'
        : Boolean(input.production_environment),
    transientEnvironment: Boolean(input.transient_environment),
    createdAt: now,
    updatedAt: now,
  };
  ctx.store.deployments.set(id, deployment);
  ctx.emit({
    event: 'deployment',
    action: 'created',
    repoId: repo.id,
    senderId: options.actor.accountId,
    viaAppId: options.actor.viaAppId,
    fields: { deployment: serializeDeployment(ctx, repo, deployment), workflow: null, workflow_run: null },
  });
  return deployment;
};

const safeJson = (text: string): unknown => {
  try {
    return JSON.parse(text);
  } catch {
    return text;
  }
};

export const findDeployment = (ctx: SimContext, repo: Repo, id: number): Deployment => {
  const deployment = ctx.store.deployments.get(id);
  if (!deployment || deployment.repoId !== repo.id) throw notFound();
  return deployment;
};

const STATES: DeploymentState[] = [
  'error',
  'failure',
  'inactive',
  'in_progress',
  'queued',
  'pending',
  'success',
];

export const createDeploymentStatus = (
  ctx: SimContext,
  options: {
    repo: Repo;
    deployment: Deployment;
    state: unknown;
    description?: unknown;
    environmentUrl?: unknown;
    logUrl?: unknown;
    actor: Actor;
  },
): DeploymentStatus => {
  const { repo, deployment } = options;
  if (!STATES.includes(options.state as DeploymentState))
    throw validationFailed({ resource: 'DeploymentStatus', field: 'state' });
  const description = typeof options.description === 'string' ? options.description : '';
  if (description.length > 140) {
    throw validationFailed({
      resource: 'DeploymentStatus',
      field: 'description',
      code: 'custom',
      message: 'description is too long (maximum is 140 characters)',
    });
  }
  const id = ctx.store.nextId();
  const now = ctx.store.clock.iso();
  const status: DeploymentStatus = {
    id,
    nodeId: ctx.store.nodeId('DeploymentStatus', id),
    deploymentId: deployment.id,
    state: options.state as DeploymentState,
    description,
    environment: deployment.environment,
    environmentUrl: typeof options.environmentUrl === 'string' ? options.environmentUrl : '',
    logUrl: typeof options.logUrl === 'string' ? options.logUrl : '',
    creatorId: options.actor.accountId,
    viaAppId: options.actor.viaAppId,
    createdAt: now,
    updatedAt: now,
  };
  ctx.store.deploymentStatuses.set(id, status);
  deployment.updatedAt = now;
  ctx.emit({
    event: 'deployment_status',
    action: 'created',
    repoId: repo.id,
    senderId: options.actor.accountId,
    viaAppId: options.actor.viaAppId,
    fields: {
      deployment_status: serializeDeploymentStatus(ctx, repo, status),
      deployment: serializeDeployment(ctx, repo, deployment),
      check_run: null,
      workflow: null,
      workflow_run: null,
    },
  });
  return status;
};

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
        pull_requests: pullRequestsAtSha(ctx, repo, run.headSha),
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
  if (options.state !== 'approved' && options.state !== 'rejected') {
    throw validationFailed({ resource: 'DeploymentProtectionRule', field: 'state' });
  }
  const request = run.protection.find((p) => p.appId === options.appId);
  if (!request) throw notFound();
  if (request.state !== 'pending' || run.status !== 'waiting') {
    throw new HttpError({
      status: 422,
      message: 'No pending deployment protection rule for this app and run.',
    });
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
