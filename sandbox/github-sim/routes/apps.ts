import { randomBytes } from 'node:crypto';
import { HttpError, notFound, validationFailed } from '../http/http-error.ts';
import { paginate } from '../http/paginate.ts';
import type { Route, RouteRequest } from '../http/route.ts';
import { serializeApp, serializeInstallation } from '../serializers/app.ts';
import { serializeOrganization } from '../serializers/organization.ts';
import { serializeRepository } from '../serializers/repository.ts';
import { serializePrivateUser, serializeUser } from '../serializers/user.ts';
import type { Installation, Permissions } from '../state/types.ts';
import { bodyOf, intParam, ok, orgOf, repoOf } from './route-helpers.ts';

const appOf = (request: RouteRequest) => {
  if (request.auth.kind !== 'app') throw new Error('unreachable: route requires an app JWT');
  return request.auth.app;
};

const installationOfApp = (request: RouteRequest, find: (i: Installation) => boolean): Installation => {
  const app = appOf(request);
  const installation = [...request.ctx.store.installations.values()].find(
    (i) => i.appId === app.id && find(i),
  );
  if (!installation) throw notFound();
  return installation;
};

const LEVEL = { read: 1, write: 2, admin: 3 };

/** Token permissions may only narrow the installation's. */
const narrowPermissions = (installation: Installation, requested: unknown): Permissions => {
  if (requested === undefined) return { ...installation.permissions };
  const out: Permissions = {};
  for (const [name, level] of Object.entries(requested as Record<string, string>)) {
    const granted = installation.permissions[name];
    if (!granted || LEVEL[granted] < (LEVEL[level as keyof typeof LEVEL] ?? 99)) {
      throw new HttpError({
        status: 422,
        message: `The permissions requested are not granted to this installation.`,
      });
    }
    out[name] = level as Permissions[string];
  }
  return out;
};

const createAccessToken = (request: RouteRequest) => {
  const installation = installationOfApp(request, (i) => i.id === intParam(request, 'installation_id'));
  const body = bodyOf(request);
  const { store } = request.ctx;
  let repoIds: Set<number> | null = null;
  const names = body.repositories as string[] | undefined;
  const ids = body.repository_ids as number[] | undefined;
  if (names || ids) {
    repoIds = new Set();
    for (const repo of store.repos.values()) {
      if (repo.ownerId !== installation.accountId) continue;
      if (installation.repositorySelection === 'selected' && !installation.repoIds.has(repo.id)) continue;
      if (names?.includes(repo.name) || ids?.includes(repo.id)) repoIds.add(repo.id);
    }
    if (repoIds.size !== (names?.length ?? 0) + (ids?.length ?? 0)) {
      throw validationFailed({
        resource: 'Installation',
        field: 'repositories',
        message:
          'There is at least one repository that does not exist or is not accessible to the parent installation.',
      });
    }
  }
  const permissions = narrowPermissions(installation, body.permissions);
  const token = `ghs_${randomBytes(18).toString('hex')}`;
  // Auth runs on the wall clock so that tests can move the simulated clock freely.
  const expiresAtMs = Date.now() + 60 * 60 * 1000;
  store.tokens.set(token, {
    kind: 'installation',
    installationId: installation.id,
    expiresAtMs,
    permissions,
    repoIds,
  });
  const repos = repoIds ? [...repoIds].map((id) => store.repos.get(id)) : [];
  return ok(
    {
      token,
      expires_at: `${new Date(expiresAtMs).toISOString().slice(0, 19)}Z`,
      permissions,
      repository_selection: repoIds ? 'selected' : installation.repositorySelection,
      ...(repoIds ? { repositories: repos.map((repo) => serializeRepository(request.ctx, repo!)) } : {}),
    },
    201,
  );
};

export const appRoutes: Route[] = [
  // see: https://docs.github.com/rest/apps/apps#get-the-authenticated-app
  { method: 'GET', path: '/app', auth: 'app', handle: (r) => ok(serializeApp(r.ctx, appOf(r))) },
  {
    method: 'GET',
    path: '/app/installations',
    auth: 'app',
    handle: (r) =>
      paginate(
        r,
        [...r.ctx.store.installations.values()]
          .filter((i) => i.appId === appOf(r).id)
          .map((i) => serializeInstallation(r.ctx, i)),
      ),
  },
  {
    method: 'GET',
    path: '/app/installations/{installation_id}',
    auth: 'app',
    handle: (r) =>
      ok(
        serializeInstallation(
          r.ctx,
          installationOfApp(r, (i) => i.id === intParam(r, 'installation_id')),
        ),
      ),
  },
  {
    method: 'POST',
    path: '/app/installations/{installation_id}/access_tokens',
    auth: 'app',
    handle: createAccessToken,
  },
  {
    method: 'GET',
    path: '/repos/{owner}/{repo}/installation',
    auth: 'app',
    handle: (r) => {
      const repo = r.ctx.store.repo(r.params.owner ?? '', r.params.repo ?? '');
      if (!repo) throw notFound();
      return ok(
        serializeInstallation(
          r.ctx,
          installationOfApp(
            r,
            (i) =>
              i.accountId === repo.ownerId && (i.repositorySelection === 'all' || i.repoIds.has(repo.id)),
          ),
        ),
      );
    },
  },
  {
    method: 'GET',
    path: '/orgs/{org}/installation',
    auth: 'app',
    handle: (r) => {
      const org = r.ctx.store.account(r.params.org ?? '');
      if (!org) throw notFound();
      return ok(
        serializeInstallation(
          r.ctx,
          installationOfApp(r, (i) => i.accountId === org.id),
        ),
      );
    },
  },
  {
    method: 'GET',
    path: '/users/{username}/installation',
    auth: 'app',
    handle: (r) => {
      const user = r.ctx.store.account(r.params.username ?? '');
      if (!user) throw notFound();
      return ok(
        serializeInstallation(
          r.ctx,
          installationOfApp(r, (i) => i.accountId === user.id),
        ),
      );
    },
  },
  {
    method: 'GET',
    path: '/installation/repositories',
    auth: 'token',
    handle: (r) => {
      if (r.auth.kind !== 'installation')
        throw new HttpError({ status: 403, message: 'This endpoint requires an installation access token.' });
      const { installation, grant } = r.auth;
      const repos = [...r.ctx.store.repos.values()].filter(
        (repo) =>
          repo.ownerId === installation.accountId &&
          (installation.repositorySelection === 'all' || installation.repoIds.has(repo.id)) &&
          (grant.repoIds === null || grant.repoIds.has(repo.id)),
      );
      return paginate(r, repos, {
        wrap: (page) => ({
          total_count: repos.length,
          repository_selection: installation.repositorySelection,
          repositories: page.map((repo) => serializeRepository(r.ctx, repo)),
        }),
      });
    },
  },
  // see: https://docs.github.com/rest/users/users#get-the-authenticated-user
  {
    method: 'GET',
    path: '/user',
    auth: 'user',
    handle: (r) => {
      if (r.auth.kind !== 'user') throw new Error('unreachable');
      return ok(serializePrivateUser(r.ctx, r.auth.user));
    },
  },
  {
    method: 'GET',
    path: '/users/{username}',
    auth: 'token',
    handle: (r) => {
      const account = r.ctx.store.account(r.params.username ?? '');
      if (!account) throw notFound();
      const {
        plan: _plan,
        private_gists: _g,
        total_private_repos: _t,
        owned_private_repos: _o,
        disk_usage: _d,
        collaborators: _c,
        two_factor_authentication: _2,
        ...user
      } = serializePrivateUser(r.ctx, account);
      return ok(user);
    },
  },
  {
    method: 'GET',
    path: '/repos/{owner}/{repo}',
    auth: 'token',
    handle: (r) => ok(serializeRepository(r.ctx, repoOf(r))),
  },
  {
    method: 'GET',
    path: '/orgs/{org}',
    auth: 'token',
    handle: (r) => {
      const org = orgOf(r);
      return ok({ ...serializeUser(r.ctx, org), ...serializeOrganization(r.ctx, org) });
    },
  },
];
