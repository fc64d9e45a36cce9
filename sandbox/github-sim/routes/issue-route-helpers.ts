import { validationFailed } from '../http/http-error.ts';
import type { RouteRequest } from '../http/route.ts';
import { findIssue } from '../ops/issues.ts';
import { intParam, repoOf } from './route-helpers.ts';

/** Issue endpoints also serve PRs: either permission opens them, as on GitHub. */
export const READ = ['issues:read', 'pull_requests:read'];
export const WRITE = ['issues:write', 'pull_requests:write'];

export const issueOf = (request: RouteRequest) => {
  const repo = repoOf(request);
  return { repo, issue: findIssue(repo, intParam(request, 'issue_number')) };
};

/** Label names from any of GitHub's accepted bodies: `["a"]`, `{labels: ["a"]}`, `{labels: [{name}]}`. */
export const labelNames = (body: unknown): string[] => {
  const list = Array.isArray(body) ? body : ((body as { labels?: unknown } | null)?.labels ?? []);
  if (!Array.isArray(list)) throw validationFailed({ resource: 'Label', field: 'labels' });
  return list.map((item) => {
    const name = typeof item === 'string' ? item : (item as { name?: unknown })?.name;
    if (typeof name !== 'string' || name.trim() === '')
      throw validationFailed({ resource: 'Label', field: 'name' });
    return name;
  });
};

export const since = (request: RouteRequest) => request.query.get('since');
