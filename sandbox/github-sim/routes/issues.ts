import { validationFailed } from '../http/http-error.ts';
import { paginate } from '../http/paginate.ts';
import type { Route, RouteRequest } from '../http/route.ts';
import { createIssue, updateIssue } from '../ops/issues.ts';
import { setLabels } from '../ops/labels.ts';
import { serializeIssue } from '../serializers/issue.ts';
import { commentRoutes } from './comments.ts';
import { issueOf, labelNames, READ, since, WRITE } from './issue-route-helpers.ts';
import { labelRoutes } from './labels.ts';
import { actorOf, bodyOf, ok, repoOf } from './route-helpers.ts';

const listIssues = (request: RouteRequest) => {
  const repo = repoOf(request);
  const state = request.query.get('state') ?? 'open';
  const labels = (request.query.get('labels') ?? '')
    .split(',')
    .filter(Boolean)
    .map((l) => l.toLowerCase());
  const issues = [...repo.issues.values()]
    .filter((i) => state === 'all' || i.state === state)
    .filter((i) => labels.every((l) => i.labelNames.some((n) => n.toLowerCase() === l)))
    .filter((i) => !since(request) || i.updatedAt >= String(since(request)))
    .sort((a, b) => (request.query.get('direction') === 'asc' ? a.number - b.number : b.number - a.number));
  return paginate(
    request,
    issues.map((issue) => serializeIssue(request.ctx, repo, issue)),
  );
};

const updateIssueRoute = (request: RouteRequest) => {
  const { repo, issue } = issueOf(request);
  const body = bodyOf(request);
  const actor = actorOf(request);
  if (body.state !== undefined && body.state !== 'open' && body.state !== 'closed') {
    throw validationFailed({ resource: 'Issue', field: 'state' });
  }
  updateIssue(request.ctx, {
    repo,
    issue,
    actor,
    changes: {
      ...(typeof body.title === 'string' ? { title: body.title } : {}),
      ...(body.body !== undefined ? { body: body.body as string | null } : {}),
      ...(body.state === 'open' || body.state === 'closed' ? { state: body.state } : {}),
      ...(body.state_reason === 'completed' || body.state_reason === 'not_planned'
        ? { stateReason: body.state_reason }
        : {}),
    },
  });
  if (body.labels !== undefined) setLabels(request.ctx, { repo, issue, names: labelNames(body), actor });
  return ok(serializeIssue(request.ctx, repo, issue));
};

export const issueRoutes: Route[] = [
  // see: https://docs.github.com/rest/issues/issues#list-repository-issues
  {
    method: 'GET',
    path: '/repos/{owner}/{repo}/issues',
    auth: 'token',
    permission: READ,
    handle: listIssues,
  },
  {
    method: 'POST',
    path: '/repos/{owner}/{repo}/issues',
    auth: 'token',
    permission: ['issues:write'],
    handle: (r) => {
      const repo = repoOf(r);
      const body = bodyOf(r);
      if (typeof body.title !== 'string' && typeof body.title !== 'number') {
        throw validationFailed({ resource: 'Issue', field: 'title', code: 'missing_field' });
      }
      const issue = createIssue(r.ctx, {
        repo,
        title: String(body.title),
        body: (body.body as string | null | undefined) ?? null,
        labels: body.labels === undefined ? [] : labelNames(body),
        actor: actorOf(r),
      });
      return ok(serializeIssue(r.ctx, repo, issue), 201);
    },
  },
  {
    method: 'GET',
    path: '/repos/{owner}/{repo}/issues/{issue_number}',
    auth: 'token',
    permission: READ,
    handle: (r) => {
      const { repo, issue } = issueOf(r);
      return ok(serializeIssue(r.ctx, repo, issue));
    },
  },
  {
    method: 'PATCH',
    path: '/repos/{owner}/{repo}/issues/{issue_number}',
    auth: 'token',
    permission: WRITE,
    handle: updateIssueRoute,
  },
  ...labelRoutes,
  ...commentRoutes,
];
