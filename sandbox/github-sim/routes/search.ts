import { validationFailed } from '../http/http-error.ts';
import { paginate } from '../http/paginate.ts';
import type { Route, RouteRequest } from '../http/route.ts';
import { matchIssues } from '../ops/search-issues.ts';
import { serializeIssue } from '../serializers/issue.ts';
import type { Issue } from '../state/types.ts';

/**
 * GET /search/issues with the qualifiers of `matchIssues`; an unknown qualifier is a 422, as GitHub
 * rejects malformed queries.
 */
const searchIssues = (request: RouteRequest) => {
  const q = request.query.get('q');
  if (!q) throw validationFailed({ resource: 'Search', field: 'q', code: 'missing' });
  const matches = matchIssues({
    ctx: request.ctx,
    auth: request.auth,
    q,
    fail: (message) => {
      throw validationFailed({ resource: 'Search', field: 'q', message });
    },
  });
  const sort = request.query.get('sort');
  const asc = request.query.get('order') === 'asc';
  const key = (m: { issue: Issue }) =>
    (sort === 'updated' ? m.issue.updatedAt : m.issue.createdAt) + String(m.issue.number).padStart(9, '0');
  matches.sort((a, b) => (asc ? key(a).localeCompare(key(b)) : key(b).localeCompare(key(a))));
  return paginate(request, matches.slice(0, 1000), {
    wrap: (page) => ({
      total_count: matches.length,
      incomplete_results: false,
      search_type: 'lexical',
      // Search results spell an empty body as "" (their schema has no null there).
      items: page.map(({ issue, repo }) => ({
        ...serializeIssue(request.ctx, repo, issue),
        body: issue.body ?? '',
        score: 1,
      })),
    }),
  });
};

export const searchRoutes: Route[] = [
  // see: https://docs.github.com/rest/search/search#search-issues-and-pull-requests
  { method: 'GET', path: '/search/issues', auth: 'token', handle: searchIssues },
];
