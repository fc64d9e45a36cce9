import type { SimContext } from '../sim-context.ts';
import type { Comment, Repo } from '../state/types.ts';
import { serializeAppById } from './app.ts';
import { authorAssociation, reactionRollup, repoPath } from './issue.ts';
import { serializeUserById } from './user.ts';

/** REST `issue-comment`. */
export const serializeComment = (ctx: SimContext, repo: Repo, comment: Comment) => {
  const path = repoPath(ctx, repo);
  const url = `${ctx.urls.api}/repos/${path}/issues/comments/${comment.id}`;
  const isPull = Boolean(repo.issues.get(comment.issueNumber)?.pull);
  return {
    id: comment.id,
    node_id: comment.nodeId,
    url,
    html_url: `${ctx.urls.web}/${path}/${isPull ? 'pull' : 'issues'}/${comment.issueNumber}#issuecomment-${comment.id}`,
    body: comment.body,
    user: serializeUserById(ctx, comment.authorId),
    created_at: comment.createdAt,
    updated_at: comment.updatedAt,
    issue_url: `${ctx.urls.api}/repos/${path}/issues/${comment.issueNumber}`,
    author_association: authorAssociation(ctx, repo, comment.authorId),
    performed_via_github_app: serializeAppById(ctx, comment.viaAppId),
    reactions: reactionRollup(
      `${url}/reactions`,
      comment.reactions.map((r) => r.content),
    ),
  };
};
