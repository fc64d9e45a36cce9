import { compileGlob } from '../policy/compile-glob.ts';
import type { UnlinkedCommit } from './deploy-input.ts';

/**
 * Whether a commit that came in without a pull request falls where the config's `scope` requires a
 * change: the deployed branch matches `scope.branches`, or a file it touches matches `scope.paths`.
 * What is unknown (branch, files) is assumed to match: a gate fails closed.
 */
export function commitInScope(options: {
  commit: UnlinkedCommit;
  branch: string | null;
  scope: { branches: string[]; paths: string[] };
}): boolean {
  const { commit, branch, scope } = options;
  const branches = Array.isArray(scope.branches) ? scope.branches : [];
  const paths = Array.isArray(scope.paths) ? scope.paths : [];
  if (branches.length > 0) {
    if (branch === null || branches.some((pattern) => compileGlob(pattern)(branch))) return true;
  }
  if (paths.length > 0) {
    if (commit.files === null) return true;
    const matchers = paths.map((pattern) => compileGlob(pattern));
    if (commit.files.some((file) => matchers.some((matches) => matches(file)))) return true;
  }
  return false;
}
