import { notFound } from '../http/http-error.ts';
import type { Route, RouteRequest } from '../http/route.ts';
import { serializeUser } from '../serializers/user.ts';
import { type RepoRole, repositoryCollaborators } from '../state/repository-collaborators.ts';
import type { Account, Repo } from '../state/types.ts';
import { ok, repoOf } from './route-helpers.ts';

/** GitHub's legacy base permission of each role: maintain reads as write, triage as read. */
const LEGACY: Record<RepoRole | 'none', 'admin' | 'write' | 'read' | 'none'> = {
  admin: 'admin',
  maintain: 'write',
  write: 'write',
  triage: 'read',
  read: 'read',
  none: 'none',
};
const RANK: Array<RepoRole | 'none'> = ['none', 'read', 'triage', 'write', 'maintain', 'admin'];

/**
 * A user's role: granted on the repository, admin for the owner of a personal repository, read for an
 * organisation's members (GitHub's default base permission) and for anyone on a public repository.
 */
const roleOf = (request: RouteRequest, repo: Repo, user: Account): RepoRole | 'none' => {
  const granted = repositoryCollaborators(repo).get(user.id);
  if (granted) return granted;
  if (repo.ownerId === user.id) return 'admin';
  const member = request.ctx.store.orgMembers.get(repo.ownerId)?.has(user.id) ?? false;
  return member || !repo.private ? 'read' : 'none';
};

export const collaboratorRoutes: Route[] = [
  // see: https://docs.github.com/rest/collaborators/collaborators#get-repository-permissions-for-a-user
  {
    method: 'GET',
    path: '/repos/{owner}/{repo}/collaborators/{username}/permission',
    auth: 'token',
    handle: (r) => {
      const repo = repoOf(r);
      const user = r.ctx.store.account(r.params.username ?? '');
      if (!user || user.type === 'Organization') throw notFound();
      const role = roleOf(r, repo, user);
      const at = RANK.indexOf(role);
      return ok({
        permission: LEGACY[role],
        role_name: role,
        user: {
          ...serializeUser(r.ctx, user),
          permissions: {
            pull: at >= RANK.indexOf('read'),
            triage: at >= RANK.indexOf('triage'),
            push: at >= RANK.indexOf('write'),
            maintain: at >= RANK.indexOf('maintain'),
            admin: at >= RANK.indexOf('admin'),
          },
          role_name: role,
        },
      });
    },
  },
];
