import type { SimContext } from '../sim-context.ts';
import type { CommitStatus, Repo } from '../state/types.ts';
import { repoPath } from './issue.ts';
import { serializeRepository } from './repository.ts';
import { serializeUserById } from './user.ts';

/** REST `status`. */
export const serializeStatus = (ctx: SimContext, repo: Repo, status: CommitStatus) => ({
  url: `${ctx.urls.api}/repos/${repoPath(ctx, repo)}/statuses/${status.sha}`,
  avatar_url: `${ctx.urls.web}/avatars/u/${status.creatorId}`,
  id: status.id,
  node_id: status.nodeId,
  state: status.state,
  description: status.description,
  target_url: status.targetUrl,
  context: status.context,
  created_at: status.createdAt,
  updated_at: status.updatedAt,
  creator: serializeUserById(ctx, status.creatorId),
});

/** The latest status per context, newest first, as the combined status reports them. */
export const latestStatuses = (ctx: SimContext, repo: Repo, sha: string): CommitStatus[] => {
  const latest = new Map<string, CommitStatus>();
  for (const status of ctx.store.statuses) {
    if (status.repoId === repo.id && status.sha === sha) latest.set(status.context, status);
  }
  return [...latest.values()].reverse();
};

/** REST `combined-commit-status`: failure beats pending beats success; no statuses is pending. */
export const serializeCombinedStatus = (ctx: SimContext, repo: Repo, sha: string) => {
  const statuses = latestStatuses(ctx, repo, sha);
  const states = statuses.map((s) => s.state);
  const state =
    states.length === 0
      ? 'pending'
      : states.some((s) => s === 'failure' || s === 'error')
        ? 'failure'
        : states.some((s) => s === 'pending')
          ? 'pending'
          : 'success';
  const api = `${ctx.urls.api}/repos/${repoPath(ctx, repo)}`;
  return {
    state,
    statuses: statuses.map((status) => {
      const { creator: _creator, ...simple } = serializeStatus(ctx, repo, status);
      return { ...simple, required: false };
    }),
    sha,
    total_count: statuses.length,
    repository: serializeRepository(ctx, repo),
    commit_url: `${api}/commits/${sha}`,
    url: `${api}/commits/${sha}/status`,
  };
};
