import { HttpError, notFound, validationFailed } from '../http/http-error.ts';
import { serializeDeployment, serializeDeploymentStatus } from '../serializers/deployment.ts';
import { latestStatuses } from '../serializers/status.ts';
import type { SimContext } from '../sim-context.ts';
import { resolveRef } from '../state/git.ts';
import type { Deployment, DeploymentState, DeploymentStatus, Environment, Repo } from '../state/types.ts';
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
