import { validationFailed } from '../http/http-error.ts';
import { paginate } from '../http/paginate.ts';
import type { Route, RouteRequest } from '../http/route.ts';
import { serializeIssue } from '../serializers/issue.ts';
import type { Issue, Repo } from '../state/types.ts';

/** Splits a search query into terms, keeping quoted values (`label:"needs review"`) together. */
const tokenize = (q: string): string[] =>
  [...q.matchAll(/(\S+?:"[^"]*"|"[^"]*"|\S+)/g)].map((m) => (m[1] as string).replace(/"/g, ''));

const compareDate = (value: string, expression: string): boolean => {
  const day = value.slice(0, expression.replace(/^[<>]=?/, '').length);
  const range = /^(.+)\.\.(.+)$/.exec(expression);
  if (range)
    return value.slice(0, range[1]!.length) >= range[1]! && value.slice(0, range[2]!.length) <= range[2]!;
  const op = /^[<>]=?/.exec(expression)?.[0] ?? '=';
  const bound = expression.slice(op === '=' ? 0 : op.length);
  switch (op) {
    case '>=':
      return day >= bound;
    case '>':
      return day > bound;
    case '<=':
      return day <= bound;
    case '<':
      return day < bound;
    default:
      return day === bound;
  }
};

/**
 * GET /search/issues with the qualifiers Change Gate uses: repo:, is:pr|issue|open|closed|merged,
 * type:, state:, label: (repeatable, AND), author:, created:/updated: (>=, >, <=, <, a..b); other
 * words match title or body. Unknown qualifiers are a 422, as GitHub rejects malformed queries.
 */
const searchIssues = (request: RouteRequest) => {
  const q = request.query.get('q');
  if (!q) throw validationFailed({ resource: 'Search', field: 'q', code: 'missing' });
  const { store } = request.ctx;
  const filters: Array<(issue: Issue, repo: Repo) => boolean> = [];
  let repos = [...store.repos.values()];
  if (request.auth.kind === 'installation') {
    const { installation } = request.auth;
    repos = repos.filter(
      (r) =>
        r.ownerId === installation.accountId &&
        (installation.repositorySelection === 'all' || installation.repoIds.has(r.id)),
    );
  }
  for (const token of tokenize(q)) {
    const [qualifier, ...rest] = token.split(':');
    const value = rest.join(':');
    if (rest.length === 0) {
      const word = token.toLowerCase();
      filters.push(
        (i) => i.title.toLowerCase().includes(word) || (i.body ?? '').toLowerCase().includes(word),
      );
      continue;
    }
    switch (qualifier?.toLowerCase()) {
      case 'repo': {
        const [owner, name] = value.split('/');
        const repo = store.repo(owner ?? '', name ?? '');
        repos = repos.filter((r) => r === repo);
        break;
      }
      case 'is':
      case 'type':
      case 'state':
        if (value === 'pr' || value === 'pull-request') filters.push((i) => i.pull !== null);
        else if (value === 'issue') filters.push((i) => i.pull === null);
        else if (value === 'open' || value === 'closed') filters.push((i) => i.state === value);
        else if (value === 'merged') filters.push((i) => i.pull?.merged === true);
        else if (value === 'unmerged') filters.push((i) => i.pull !== null && !i.pull.merged);
        else
          throw validationFailed({
            resource: 'Search',
            field: 'q',
            message: `unsupported qualifier ${token}`,
          });
        break;
      case 'label':
        filters.push((i) =>
          value.split(',').some((l) => i.labelNames.some((n) => n.toLowerCase() === l.toLowerCase())),
        );
        break;
      case 'author':
        filters.push((i) => store.accountById(i.authorId).login.toLowerCase() === value.toLowerCase());
        break;
      case 'created':
        filters.push((i) => compareDate(i.createdAt, value));
        break;
      case 'updated':
        filters.push((i) => compareDate(i.updatedAt, value));
        break;
      case 'closed':
        filters.push((i) => i.closedAt !== null && compareDate(i.closedAt, value));
        break;
      default:
        throw validationFailed({
          resource: 'Search',
          field: 'q',
          message: `The simulator does not support the qualifier ${qualifier}:`,
        });
    }
  }
  const matches = repos.flatMap((repo) =>
    [...repo.issues.values()]
      .filter((issue) => filters.every((f) => f(issue, repo)))
      .map((issue) => ({ issue, repo })),
  );
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
