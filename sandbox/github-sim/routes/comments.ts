import { paginate } from '../http/paginate.ts';
import type { Route } from '../http/route.ts';
import { addReaction, createComment, deleteComment, editComment, findComment } from '../ops/comments.ts';
import { serializeComment } from '../serializers/comment.ts';
import { serializeUserById } from '../serializers/user.ts';
import { issueOf, READ, since, WRITE } from './issue-route-helpers.ts';
import { actorOf, bodyOf, intParam, noContent, ok, repoOf } from './route-helpers.ts';

export const commentRoutes: Route[] = [
  // see: https://docs.github.com/rest/issues/comments#list-issue-comments
  {
    method: 'GET',
    path: '/repos/{owner}/{repo}/issues/{issue_number}/comments',
    auth: 'token',
    permission: READ,
    handle: (r) => {
      const { repo, issue } = issueOf(r);
      const comments = r.ctx.store.comments
        .ofThread(repo.id, issue.number)
        .filter((c) => !since(r) || c.updatedAt >= String(since(r)));
      return paginate(
        r,
        comments.map((comment) => serializeComment(r.ctx, repo, comment)),
      );
    },
  },
  {
    method: 'POST',
    path: '/repos/{owner}/{repo}/issues/{issue_number}/comments',
    auth: 'token',
    permission: WRITE,
    handle: (r) => {
      const { repo, issue } = issueOf(r);
      const comment = createComment(r.ctx, { repo, issue, body: bodyOf(r).body, actor: actorOf(r) });
      return ok(serializeComment(r.ctx, repo, comment), 201);
    },
  },
  {
    method: 'GET',
    path: '/repos/{owner}/{repo}/issues/comments',
    auth: 'token',
    permission: READ,
    handle: (r) => {
      const repo = repoOf(r);
      const comments = [...r.ctx.store.comments.values()].filter((c) => c.repoId === repo.id);
      return paginate(
        r,
        comments.map((comment) => serializeComment(r.ctx, repo, comment)),
      );
    },
  },
  {
    method: 'GET',
    path: '/repos/{owner}/{repo}/issues/comments/{comment_id}',
    auth: 'token',
    permission: READ,
    handle: (r) => {
      const repo = repoOf(r);
      return ok(serializeComment(r.ctx, repo, findComment(r.ctx, repo, intParam(r, 'comment_id'))));
    },
  },
  {
    method: 'PATCH',
    path: '/repos/{owner}/{repo}/issues/comments/{comment_id}',
    auth: 'token',
    permission: WRITE,
    handle: (r) => {
      const repo = repoOf(r);
      const comment = findComment(r.ctx, repo, intParam(r, 'comment_id'));
      editComment(r.ctx, { repo, comment, body: bodyOf(r).body, actor: actorOf(r) });
      return ok(serializeComment(r.ctx, repo, comment));
    },
  },
  {
    method: 'DELETE',
    path: '/repos/{owner}/{repo}/issues/comments/{comment_id}',
    auth: 'token',
    permission: WRITE,
    handle: (r) => {
      const repo = repoOf(r);
      deleteComment(r.ctx, {
        repo,
        comment: findComment(r.ctx, repo, intParam(r, 'comment_id')),
        actor: actorOf(r),
      });
      return noContent();
    },
  },
  {
    method: 'POST',
    path: '/repos/{owner}/{repo}/issues/comments/{comment_id}/reactions',
    auth: 'token',
    permission: WRITE,
    handle: (r) => {
      const repo = repoOf(r);
      const comment = findComment(r.ctx, repo, intParam(r, 'comment_id'));
      const { reaction, created } = addReaction(r.ctx, {
        comment,
        content: bodyOf(r).content,
        actor: actorOf(r),
      });
      return ok(
        {
          id: reaction.id,
          node_id: reaction.nodeId,
          user: serializeUserById(r.ctx, reaction.userId),
          content: reaction.content,
          created_at: reaction.createdAt,
        },
        created ? 201 : 200,
      );
    },
  },
  {
    method: 'GET',
    path: '/repos/{owner}/{repo}/issues/comments/{comment_id}/reactions',
    auth: 'token',
    permission: READ,
    handle: (r) => {
      const repo = repoOf(r);
      const comment = findComment(r.ctx, repo, intParam(r, 'comment_id'));
      const content = r.query.get('content');
      return paginate(
        r,
        comment.reactions
          .filter((reaction) => !content || reaction.content === content)
          .map((reaction) => ({
            id: reaction.id,
            node_id: reaction.nodeId,
            user: serializeUserById(r.ctx, reaction.userId),
            content: reaction.content,
            created_at: reaction.createdAt,
          })),
      );
    },
  },
];
