import type { DeployPort } from '../github/ports/deploy-port.ts';
import { GitHubError } from '../github/ports/github-error.ts';

/**
 * The first of `branches` (the default branch first) from which `sha` is reachable: the deployed commit is
 * that branch's tip or one of its ancestors. Null when it is on none of them (a feature branch, an unmerged
 * pull request, a commit pushed to no deploy branch). A configured branch that does not exist is skipped;
 * any other failure throws (the gate refuses). A branch whose tip was just read as `sha` needs no compare.
 */
export async function findDeployBranch(options: {
  port: DeployPort;
  sha: string;
  branches: readonly string[];
  /** Tips already read (branch → commit): a branch whose tip is `sha` holds it, no compare asked. */
  tips?: ReadonlyMap<string, string>;
}): Promise<string | null> {
  const { port, sha } = options;
  for (const [index, branch] of options.branches.entries()) {
    if (options.tips?.get(branch)?.toLowerCase() === sha.toLowerCase()) return branch;
    try {
      // `branch...sha` is behind (or identical) exactly when every commit of sha is on the branch.
      const comparison = await port.compareCommits({ base: branch, head: sha, page: 1, perPage: 1 });
      if (comparison.status === 'behind' || comparison.status === 'identical') return branch;
    } catch (error) {
      if (index > 0 && error instanceof GitHubError && error.is(404)) continue;
      throw error;
    }
  }
  return null;
}
