import { HttpError, validationFailed } from '../http/http-error.ts';
import type { SimContext } from '../sim-context.ts';
import { commitsBetween, isAncestor } from '../state/git.ts';
import type { Repo } from '../state/types.ts';
import type { Actor } from './actor.ts';
import { emitIssueEvent } from './emit-issue-event.ts';
import { emitPush } from './pulls.ts';

/** Creates `branch` at `sha` (`POST /git/refs`): no webhook for PRs, none has that head yet. */
export const createBranch = (ctx: SimContext, options: { repo: Repo; branch: string; sha: string }) => {
  const { repo } = options;
  if (!repo.commits.has(options.sha))
    throw validationFailed({ resource: 'Reference', field: 'sha', message: 'Object does not exist' });
  if (repo.branches.has(options.branch))
    throw validationFailed({ resource: 'Reference', field: 'ref', message: 'Reference already exists' });
  repo.branches.set(options.branch, options.sha);
  repo.pushedAt = ctx.store.clock.iso();
};

/**
 * Points `branch` at an existing commit, as `git push` does (`PATCH /git/refs`). A move that is not a
 * fast-forward needs `force` (GitHub: 422 "Update is not a fast forward") and is recorded in the timeline
 * of every open PR on that branch as a `HeadRefForcePushedEvent`. Emits `push` (with `forced`) and
 * `pull_request.synchronize` for those PRs; their commits become those between their base and the new head.
 */
export const moveBranch = (
  ctx: SimContext,
  options: { repo: Repo; branch: string; sha: string; force: boolean; actor: Actor },
): void => {
  const { repo, branch, sha, actor } = options;
  const before = repo.branches.get(branch);
  if (before === undefined) throw new HttpError({ status: 422, message: 'Reference does not exist' });
  if (!repo.commits.has(sha))
    throw validationFailed({ resource: 'Reference', field: 'sha', message: 'Object does not exist' });
  if (before === sha) return;
  const forced = !isAncestor(repo, { ancestor: before, of: sha });
  if (forced && !options.force) throw new HttpError({ status: 422, message: 'Update is not a fast forward' });
  repo.branches.set(branch, sha);
  repo.pushedAt = ctx.store.clock.iso();
  emitPush(ctx, { repo, ref: branch, before, after: sha, actor, forced });
  for (const issue of repo.issues.values()) {
    const pull = issue.pull;
    if (!pull || issue.state !== 'open' || pull.headRef !== branch) continue;
    const previous = pull.headSha;
    const now = ctx.store.clock.iso();
    if (forced) {
      const id = ctx.store.nextId();
      pull.forcePushes.push({
        id,
        nodeId: ctx.store.nodeId('HeadRefForcePushedEvent', id),
        actorId: actor.accountId,
        beforeSha: previous,
        afterSha: sha,
        createdAt: now,
      });
    }
    pull.headSha = sha;
    pull.commits = commitsBetween(repo, { base: pull.baseSha, head: sha }).map((commit) => commit.sha);
    issue.updatedAt = now;
    emitIssueEvent(ctx, {
      repo,
      issue,
      action: 'synchronize',
      actor,
      extra: { before: previous, after: sha },
    });
  }
};
