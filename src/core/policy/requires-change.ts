import { escapeMarkdown } from '../text/escape-markdown.ts';
import { compileGlob } from './compile-glob.ts';
import type { Policy } from './policy.ts';

/**
 * Whether a PR must be a change request: its base branch matches `scope.branches` (any branch when the
 * list is empty) and it changes a file matching `scope.paths` (any file when empty). With both lists
 * empty no PR must be one.
 */
export const requiresChange = (options: {
  scope: Policy['scope'];
  baseRef: string | null;
  changedFiles: readonly string[];
}): { required: boolean; reason: string } => {
  const { branches, paths } = options.scope;
  if (branches.length === 0 && paths.length === 0) return { required: false, reason: '' };
  const branchMatch =
    branches.length === 0 ||
    (options.baseRef !== null && branches.some((glob) => compileGlob(glob)(options.baseRef as string)));
  if (!branchMatch) return { required: false, reason: '' };
  if (paths.length === 0)
    return { required: true, reason: `it targets ${escapeMarkdown(options.baseRef ?? '')}` };
  const matchers = paths.map((glob) => ({ glob, match: compileGlob(glob) }));
  for (const file of options.changedFiles) {
    const hit = matchers.find((matcher) => matcher.match(file));
    if (hit)
      return {
        required: true,
        reason: `it changes ${escapeMarkdown(file)} (scope path ${escapeMarkdown(hit.glob)})`,
      };
  }
  return { required: false, reason: '' };
};
