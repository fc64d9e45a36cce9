import type { SimContext } from '../sim-context.ts';
import type { Repo, Review } from '../state/types.ts';
import { authorAssociation, repoPath } from './issue.ts';
import { serializeUserById } from './user.ts';

/** REST `pull-request-review`. */
export const serializeReview = (ctx: SimContext, repo: Repo, review: Review) => {
  const path = repoPath(ctx, repo);
  const html = `${ctx.urls.web}/${path}/pull/${review.pullNumber}#pullrequestreview-${review.id}`;
  const pullUrl = `${ctx.urls.api}/repos/${path}/pulls/${review.pullNumber}`;
  return {
    id: review.id,
    node_id: review.nodeId,
    user: serializeUserById(ctx, review.authorId),
    body: review.body,
    state: review.state,
    html_url: html,
    pull_request_url: pullUrl,
    author_association: authorAssociation(ctx, repo, review.authorId),
    _links: { html: { href: html }, pull_request: { href: pullUrl } },
    submitted_at: review.submittedAt,
    commit_id: review.commitSha,
  };
};
