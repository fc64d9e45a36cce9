import { validationFailed } from '../http/http-error.ts';
import { paginate } from '../http/paginate.ts';
import type { Route, RouteRequest } from '../http/route.ts';
import { createCheckRun, findCheckRun, rerequestCheckRun, updateCheckRun } from '../ops/checks.ts';
import { createStatus } from '../ops/statuses.ts';
import { serializeCheckRun, serializeCheckSuite } from '../serializers/check-run.ts';
import { serializeCombinedStatus, serializeStatus } from '../serializers/status.ts';
import { resolveRef } from '../state/git.ts';
import type { CheckRun, Repo } from '../state/types.ts';
import { actorOf, bodyOf, intParam, ok, repoOf } from './route-helpers.ts';

const shaOf = (request: RouteRequest, repo: Repo): string => {
  const sha = resolveRef(repo, request.params.ref ?? '');
  if (!sha)
    throw validationFailed({
      resource: 'Commit',
      field: 'ref',
      message: `No commit found for SHA: ${request.params.ref}`,
    });
  return sha;
};

/** `filter=latest` (default) keeps the newest run per name and app, as GitHub does. */
const listCheckRuns = (request: RouteRequest) => {
  const repo = repoOf(request);
  const sha = shaOf(request, repo);
  const name = request.query.get('check_name');
  const status = request.query.get('status');
  const appId = request.query.get('app_id');
  let runs = [...request.ctx.store.checkRuns.values()]
    .filter((run) => run.repoId === repo.id && run.headSha === sha)
    .filter((run) => !name || run.name === name)
    .filter((run) => !status || run.status === status)
    .filter((run) => !appId || String(run.appId) === appId)
    .sort((a, b) => b.id - a.id);
  if ((request.query.get('filter') ?? 'latest') === 'latest') {
    const seen = new Set<string>();
    runs = runs.filter((run) => {
      const key = `${run.appId}\0${run.name}`;
      if (seen.has(key)) return false;
      seen.add(key);
      return true;
    });
  }
  return paginate(request, runs, {
    wrap: (page: CheckRun[]) => ({
      total_count: runs.length,
      check_runs: page.map((run) => serializeCheckRun(request.ctx, repo, run)),
    }),
  });
};

export const checkRoutes: Route[] = [
  // see: https://docs.github.com/rest/checks/runs#create-a-check-run
  {
    method: 'POST',
    path: '/repos/{owner}/{repo}/check-runs',
    auth: 'token',
    permission: ['checks:write'],
    handle: (r) => {
      const repo = repoOf(r);
      return ok(
        serializeCheckRun(r.ctx, repo, createCheckRun(r.ctx, { repo, input: bodyOf(r), actor: actorOf(r) })),
        201,
      );
    },
  },
  {
    method: 'GET',
    path: '/repos/{owner}/{repo}/check-runs/{check_run_id}',
    auth: 'token',
    permission: ['checks:read'],
    handle: (r) => {
      const repo = repoOf(r);
      return ok(serializeCheckRun(r.ctx, repo, findCheckRun(r.ctx, repo, intParam(r, 'check_run_id'))));
    },
  },
  {
    method: 'PATCH',
    path: '/repos/{owner}/{repo}/check-runs/{check_run_id}',
    auth: 'token',
    permission: ['checks:write'],
    handle: (r) => {
      const repo = repoOf(r);
      const run = findCheckRun(r.ctx, repo, intParam(r, 'check_run_id'));
      return ok(
        serializeCheckRun(
          r.ctx,
          repo,
          updateCheckRun(r.ctx, { repo, run, input: bodyOf(r), actor: actorOf(r) }),
        ),
      );
    },
  },
  {
    method: 'POST',
    path: '/repos/{owner}/{repo}/check-runs/{check_run_id}/rerequest',
    auth: 'token',
    permission: ['checks:write'],
    handle: (r) => {
      const repo = repoOf(r);
      const run = findCheckRun(r.ctx, repo, intParam(r, 'check_run_id'));
      rerequestCheckRun(r.ctx, { repo, run, actor: actorOf(r) });
      return ok({}, 201);
    },
  },
  {
    method: 'GET',
    path: '/repos/{owner}/{repo}/commits/{ref}/check-runs',
    auth: 'token',
    permission: ['checks:read'],
    handle: listCheckRuns,
  },
  {
    method: 'GET',
    path: '/repos/{owner}/{repo}/commits/{ref}/check-suites',
    auth: 'token',
    permission: ['checks:read'],
    handle: (r) => {
      const repo = repoOf(r);
      const sha = shaOf(r, repo);
      const appId = r.query.get('app_id');
      const suites = [...r.ctx.store.checkSuites.values()].filter(
        (suite) =>
          suite.repoId === repo.id && suite.headSha === sha && (!appId || String(suite.appId) === appId),
      );
      return paginate(r, suites, {
        wrap: (page) => ({
          total_count: suites.length,
          check_suites: page.map((suite) => serializeCheckSuite(r.ctx, repo, suite)),
        }),
      });
    },
  },
  // see: https://docs.github.com/rest/commits/statuses#create-a-commit-status
  {
    method: 'POST',
    path: '/repos/{owner}/{repo}/statuses/{sha}',
    auth: 'token',
    permission: ['statuses:write'],
    handle: (r) => {
      const repo = repoOf(r);
      const body = bodyOf(r);
      const status = createStatus(r.ctx, {
        repo,
        sha: r.params.sha ?? '',
        state: body.state,
        context: body.context,
        description: body.description,
        targetUrl: body.target_url,
        actor: actorOf(r),
      });
      return ok(serializeStatus(r.ctx, repo, status), 201);
    },
  },
  {
    method: 'GET',
    path: '/repos/{owner}/{repo}/commits/{ref}/status',
    auth: 'token',
    permission: ['statuses:read'],
    handle: (r) => {
      const repo = repoOf(r);
      return ok(serializeCombinedStatus(r.ctx, repo, shaOf(r, repo)));
    },
  },
  {
    method: 'GET',
    path: '/repos/{owner}/{repo}/commits/{ref}/statuses',
    auth: 'token',
    permission: ['statuses:read'],
    handle: (r) => {
      const repo = repoOf(r);
      const sha = shaOf(r, repo);
      const all = r.ctx.store.statuses.filter((s) => s.repoId === repo.id && s.sha === sha).reverse();
      return paginate(
        r,
        all.map((status) => serializeStatus(r.ctx, repo, status)),
      );
    },
  },
];
