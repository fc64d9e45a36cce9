import type { Auth } from '../http/route.ts';
import type { SimContext } from '../sim-context.ts';
import type { Issue, Repo } from '../state/types.ts';

/** Splits a search query into terms, keeping quoted values (`label:"needs review"`) together. */
const tokenize = (q: string): string[] =>
  [...q.matchAll(/(\S+?:"[^"]*"|"[^"]*"|\S+)/g)].map((m) => (m[1] as string).replace(/"/g, ''));

/**
 * A value against one bound, as GitHub compares: a date (`2025-01-31`) by day, a time
 * (`2025-01-31T12:00:00Z`, any ISO 8601 offset) to the second; `*` is no bound.
 */
const compareBound = (value: string, op: string, bound: string): boolean => {
  if (bound === '*') return true;
  let a: string | number = value.slice(0, bound.length);
  let b: string | number = bound;
  if (bound.includes('T')) {
    a = Math.floor(Date.parse(value) / 1000);
    b = Math.floor(Date.parse(bound) / 1000);
    if (Number.isNaN(b)) return false;
  }
  switch (op) {
    case '>=':
      return a >= b;
    case '>':
      return a > b;
    case '<=':
      return a <= b;
    case '<':
      return a < b;
    default:
      return a === b;
  }
};

const compareDate = (value: string, expression: string): boolean => {
  const range = /^(.+)\.\.(.+)$/.exec(expression);
  if (range) return compareBound(value, '>=', range[1]!) && compareBound(value, '<=', range[2]!);
  const op = /^[<>]=?/.exec(expression)?.[0] ?? '=';
  return compareBound(value, op, expression.slice(op === '=' ? 0 : op.length));
};

const SORTS: Record<string, (a: Issue, b: Issue) => number> = {
  'created-desc': (a, b) => b.createdAt.localeCompare(a.createdAt) || b.number - a.number,
  'created-asc': (a, b) => a.createdAt.localeCompare(b.createdAt) || a.number - b.number,
  'updated-desc': (a, b) => b.updatedAt.localeCompare(a.updatedAt) || b.number - a.number,
  'updated-asc': (a, b) => a.updatedAt.localeCompare(b.updatedAt) || a.number - b.number,
};

/**
 * The issues and pull requests a search query matches, among the repositories the token sees, with the
 * qualifiers Change Gate uses: repo:, org:, user:, is:pr|issue|open|closed|merged, type:, state:, label:
 * (repeatable, AND; `a,b` is OR), author:, created:/updated:/closed: (>=, >, <=, <, a..b); other words
 * match title or body; `sort:created-asc|created-desc|updated-asc|updated-desc` orders them (newest first
 * without one). An unknown qualifier calls `fail`, as GitHub rejects malformed queries. Shared by
 * REST's /search/issues and GraphQL's `search`.
 */
export const matchIssues = (options: {
  ctx: SimContext;
  auth: Auth;
  q: string;
  fail: (message: string) => never;
}): Array<{ issue: Issue; repo: Repo }> => {
  const { q, fail } = options;
  const { store } = options.ctx;
  const filters: Array<(issue: Issue, repo: Repo) => boolean> = [];
  let repos = [...store.repos.values()];
  let order = SORTS['created-desc']!;
  if (options.auth.kind === 'installation') {
    const { installation } = options.auth;
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
      case 'org':
      case 'user':
        repos = repos.filter((r) => store.ownerOf(r).login.toLowerCase() === value.toLowerCase());
        break;
      case 'is':
      case 'type':
      case 'state':
        if (value === 'pr' || value === 'pull-request') filters.push((i) => i.pull !== null);
        else if (value === 'issue') filters.push((i) => i.pull === null);
        else if (value === 'open' || value === 'closed') filters.push((i) => i.state === value);
        else if (value === 'merged') filters.push((i) => i.pull?.merged === true);
        else if (value === 'unmerged') filters.push((i) => i.pull !== null && !i.pull.merged);
        else fail(`unsupported qualifier ${token}`);
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
      case 'sort': {
        const sort = SORTS[value.toLowerCase()];
        order = sort ?? fail(`The simulator does not support ${token}`);
        break;
      }
      case 'closed':
        filters.push((i) => i.closedAt !== null && compareDate(i.closedAt, value));
        break;
      default:
        fail(`The simulator does not support the qualifier ${qualifier}:`);
    }
  }
  return repos
    .flatMap((repo) =>
      [...repo.issues.values()]
        .filter((issue) => filters.every((f) => f(issue, repo)))
        .map((issue) => ({ issue, repo })),
    )
    .sort((a, b) => order(a.issue, b.issue));
};
