import type { Actor } from './ops/actor.ts';
import { createBranch, moveBranch } from './ops/move-branch.ts';
import type { SimContext } from './sim-context.ts';
import type { Repo } from './state/types.ts';

/** What a person does with `git push` beyond one new commit (part of `UserActions`). */
export const createGitActions = (options: {
  act: <T>(work: (c: SimContext) => T) => Promise<T>;
  actor: () => Actor;
  repoOf: (c: SimContext, repo: string) => Repo;
}) => {
  const { act, actor, repoOf } = options;
  return {
    /** `git push origin <sha>:refs/heads/<branch>` for a new branch. */
    createBranch: (o: { repo: string; branch: string; sha: string }) =>
      act((c) => createBranch(c, { repo: repoOf(c, o.repo), branch: o.branch, sha: o.sha })),

    /**
     * `git push --force`: points `branch` at an existing commit (an earlier one, or one of another
     * branch). Open PRs on the branch get a `HeadRefForcePushedEvent` (when it is not a fast-forward)
     * and `synchronize`.
     */
    forcePush: (o: { repo: string; branch: string; sha: string }) =>
      act((c) =>
        moveBranch(c, { repo: repoOf(c, o.repo), branch: o.branch, sha: o.sha, force: true, actor: actor() }),
      ),
  };
};
