import { HttpError, notFound } from '../http/http-error.ts';
import type { RouteRequest } from '../http/route.ts';
import { type Actor, actorFromAuth } from '../ops/actor.ts';
import type { Account, Environment, Repo } from '../state/types.ts';

/** The repository of the path; an installation token outside its installation sees 404, as on GitHub. */
export const repoOf = (request: RouteRequest): Repo => {
  const repo = request.ctx.store.repo(request.params.owner ?? '', request.params.repo ?? '');
  if (!repo) throw notFound();
  if (request.auth.kind === 'installation') {
    const { installation, grant } = request.auth;
    const inInstallation =
      repo.ownerId === installation.accountId &&
      (installation.repositorySelection === 'all' || installation.repoIds.has(repo.id));
    if (!inInstallation || (grant.repoIds !== null && !grant.repoIds.has(repo.id))) throw notFound();
  }
  return repo;
};

/** The organisation of the path; installation tokens only see their own account. */
export const orgOf = (request: RouteRequest): Account => {
  const org = request.ctx.store.account(request.params.org ?? '');
  if (org?.type !== 'Organization') throw notFound();
  if (request.auth.kind === 'installation' && request.auth.installation.accountId !== org.id)
    throw notFound();
  return org;
};

export const actorOf = (request: RouteRequest): Actor => actorFromAuth(request.auth);

export const intParam = (request: RouteRequest, name: string): number => {
  const value = Number(request.params[name]);
  if (!Number.isSafeInteger(value) || value < 1) throw notFound();
  return value;
};

/** The JSON body as an object; GitHub answers 400 "Problems parsing JSON" to anything else. */
export const bodyOf = (request: RouteRequest): Record<string, unknown> => {
  if (request.body === undefined || request.body === null) return {};
  if (typeof request.body !== 'object' || Array.isArray(request.body)) {
    throw new HttpError({ status: 400, message: 'Problems parsing JSON' });
  }
  return request.body as Record<string, unknown>;
};

export const ok = (body: unknown, status = 200) => ({ status, body });
export const noContent = () => ({ status: 204 });

/** The repository and the environment named by `{environment_name}`; 404 when either is unknown. */
export const environmentOf = (request: RouteRequest): { repo: Repo; environment: Environment } => {
  const repo = repoOf(request);
  const environment = repo.environments.get(request.params.environment_name ?? '');
  if (!environment) throw notFound();
  return { repo, environment };
};
