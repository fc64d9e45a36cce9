import type { SimContext } from '../sim-context.ts';
import type { Issue, Repo } from '../state/types.ts';
import { serializeAppById } from './app.ts';
import { serializeIssueLabels } from './label.ts';
import { serializeUserById } from './user.ts';

export const repoPath = (ctx: SimContext, repo: Repo): string =>
  `${ctx.store.ownerOf(repo).login}/${repo.name}`;

/** How GitHub relates the author to the repository: members of the owning org are MEMBER. */
export const authorAssociation = (ctx: SimContext, repo: Repo, userId: number): string => {
  if (repo.ownerId === userId) return 'OWNER';
  if (ctx.store.orgMembers.get(repo.ownerId)?.has(userId)) return 'MEMBER';
  return 'NONE';
};

const emptyReactions = (url: string) => ({
  url,
  total_count: 0,
  '+1': 0,
  '-1': 0,
  laugh: 0,
  confused: 0,
  heart: 0,
  hooray: 0,
  eyes: 0,
  rocket: 0,
});

export const reactionRollup = (url: string, contents: string[]) => {
  const rollup: Record<string, number | string> = emptyReactions(url);
  for (const content of contents) rollup[content] = Number(rollup[content] ?? 0) + 1;
  rollup.total_count = contents.length;
  return rollup;
};

export const commentCount = (ctx: SimContext, issue: Issue): number =>
  ctx.store.comments.ofThread(issue.repoId, issue.number).length;

/** REST `issue` (PRs appear as issues with a `pull_request` key, as on GitHub). */
export const serializeIssue = (ctx: SimContext, repo: Repo, issue: Issue) => {
  const path = repoPath(ctx, repo);
  const api = `${ctx.urls.api}/repos/${path}/issues/${issue.number}`;
  const kind = issue.pull ? 'pull' : 'issues';
  return {
    id: issue.id,
    node_id: issue.nodeId,
    url: api,
    repository_url: `${ctx.urls.api}/repos/${path}`,
    labels_url: `${api}/labels{/name}`,
    comments_url: `${api}/comments`,
    events_url: `${api}/events`,
    html_url: `${ctx.urls.web}/${path}/${kind}/${issue.number}`,
    number: issue.number,
    state: issue.state,
    state_reason: issue.stateReason,
    title: issue.title,
    body: issue.body,
    user: serializeUserById(ctx, issue.authorId),
    labels: serializeIssueLabels(ctx, repo, issue.labelNames),
    assignee: issue.assigneeIds[0] === undefined ? null : serializeUserById(ctx, issue.assigneeIds[0]),
    assignees: issue.assigneeIds.map((id) => serializeUserById(ctx, id)),
    milestone: null,
    locked: issue.locked,
    active_lock_reason: null,
    comments: commentCount(ctx, issue),
    ...(issue.pull
      ? {
          pull_request: {
            url: `${ctx.urls.api}/repos/${path}/pulls/${issue.number}`,
            html_url: `${ctx.urls.web}/${path}/pull/${issue.number}`,
            diff_url: `${ctx.urls.web}/${path}/pull/${issue.number}.diff`,
            patch_url: `${ctx.urls.web}/${path}/pull/${issue.number}.patch`,
            merged_at: issue.pull.mergedAt,
          },
          draft: issue.pull.draft,
        }
      : {}),
    closed_at: issue.closedAt,
    created_at: issue.createdAt,
    updated_at: issue.updatedAt,
    closed_by: issue.closedById === null ? null : serializeUserById(ctx, issue.closedById),
    author_association: authorAssociation(ctx, repo, issue.authorId),
    reactions: emptyReactions(`${api}/reactions`),
    timeline_url: `${api}/timeline`,
    performed_via_github_app: serializeAppById(ctx, issue.viaAppId),
  };
};
