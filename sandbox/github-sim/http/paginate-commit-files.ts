import { pageOf } from './paginate.ts';
import type { RouteRequest } from './route.ts';

/** GitHub lists at most 300 files per page of a commit, and at most 3000 files in all. */
export const COMMIT_FILES_PER_PAGE = 300;
export const COMMIT_FILES_LIMIT = 3000;

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
  const { slice, headers } = pageOf(request, files.slice(0, COMMIT_FILES_LIMIT), {
    fallback: COMMIT_FILES_PER_PAGE,
    max: COMMIT_FILES_PER_PAGE,
  });
  return { files: slice, headers };
};

/** Whether a compare asked for pages; without `page` or `per_page` GitHub gives the newest 250 commits. */
export const comparePaged = (request: RouteRequest): boolean =>
  request.query.has('page') || request.query.has('per_page');

export const COMPARE_UNPAGED_COMMITS = 250;
export const COMPARE_FILES_LIMIT = 300;
