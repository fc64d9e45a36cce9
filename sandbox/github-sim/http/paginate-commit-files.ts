import type { RouteRequest } from './route.ts';

/** GitHub lists at most 300 files per page of a commit, and at most 3000 files in all. */
export const COMMIT_FILES_PER_PAGE = 300;
export const COMMIT_FILES_LIMIT = 3000;

const positive = (request: RouteRequest, name: string): number | null => {
  const raw = request.query.get(name);
  const value = raw === null || raw === '' ? Number.NaN : Number(raw);
  return Number.isInteger(value) && value > 0 ? value : null;
};

/**
 * One page of a commit's files as GET /repos/{owner}/{repo}/commits/{ref} gives them: "If there are more
 * than 300 files in the commit diff … the response will include pagination link headers for the remaining
 * files, up to a limit of 3000 files. Each page contains the static commit information, and the only
 * changes are to the file listing."
 */
export const paginateCommitFiles = <T>(
  request: RouteRequest,
  files: T[],
): { files: T[]; headers: Record<string, string> } => {
  const listed = files.slice(0, COMMIT_FILES_LIMIT);
  const perPage = Math.min(positive(request, 'per_page') ?? COMMIT_FILES_PER_PAGE, COMMIT_FILES_PER_PAGE);
  const page = positive(request, 'page') ?? 1;
  const last = Math.max(1, Math.ceil(listed.length / perPage));
  const href = (target: number): string => {
    const url = new URL(request.url);
    url.searchParams.set('page', String(target));
    return url.toString();
  };
  const links: string[] = [];
  if (page > 1) links.push(`<${href(Math.min(page - 1, last))}>; rel="prev"`);
  if (page < last) links.push(`<${href(page + 1)}>; rel="next"`, `<${href(last)}>; rel="last"`);
  if (page > 1) links.push(`<${href(1)}>; rel="first"`);
  return {
    files: listed.slice((page - 1) * perPage, page * perPage),
    headers: links.length > 0 ? { link: links.join(', ') } : {},
  };
};

/** Whether a compare asked for pages; without `page` or `per_page` GitHub gives the newest 250 commits. */
export const comparePaged = (request: RouteRequest): boolean =>
  request.query.has('page') || request.query.has('per_page');

export const COMPARE_UNPAGED_COMMITS = 250;
export const COMPARE_FILES_LIMIT = 300;
