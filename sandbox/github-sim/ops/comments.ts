import { HttpError, notFound, validationFailed } from '../http/http-error.ts';
import { serializeComment } from '../serializers/comment.ts';
import { serializeIssue } from '../serializers/issue.ts';
import type { SimContext } from '../sim-context.ts';
import type { Comment, Issue, Reaction, Repo } from '../state/types.ts';
import type { Actor } from './actor.ts';
import { MAX_BODY } from './issues.ts';

const checkCommentBody = (body: unknown): string => {
  if (typeof body !== 'string' || body.trim() === '') {
    throw validationFailed({ resource: 'IssueComment', field: 'body', code: 'missing_field' });
  }
  if (body.length > MAX_BODY) {
    throw validationFailed({
      resource: 'IssueComment',
      field: 'body',
      code: 'custom',
      message: 'Body is too long (maximum is 65536 characters)',
    });
  }
  return body;
};

export const findComment = (ctx: SimContext, repo: Repo, id: number): Comment => {
  const comment = ctx.store.comments.get(id);
  if (!comment || comment.repoId !== repo.id) throw notFound();
  return comment;
};

const emitComment = (
  ctx: SimContext,
  options: { repo: Repo; comment: Comment; action: string; actor: Actor; extra?: Record<string, unknown> },
) => {
  const issue = options.repo.issues.get(options.comment.issueNumber) as Issue;
  ctx.emit({
    event: 'issue_comment',
    action: options.action,
    repoId: options.repo.id,
    senderId: options.actor.accountId,
    viaAppId: options.actor.viaAppId,
    fields: {
      ...options.extra,
      issue: serializeIssue(ctx, options.repo, issue),
      comment: serializeComment(ctx, options.repo, options.comment),
    },
  });
};

export const createComment = (
  ctx: SimContext,
  options: { repo: Repo; issue: Issue; body: unknown; actor: Actor },
): Comment => {
  if (
    options.issue.locked &&
    options.actor.viaAppId === null &&
    options.issue.authorId !== options.actor.accountId
  ) {
    throw new HttpError({ status: 403, message: 'Unable to create comment because issue is locked.' });
  }
  const id = ctx.store.nextId();
  const now = ctx.store.clock.iso();
  const comment: Comment = {
    id,
    nodeId: ctx.store.nodeId('IssueComment', id),
    repoId: options.repo.id,
    issueNumber: options.issue.number,
    body: checkCommentBody(options.body),
    authorId: options.actor.accountId,
    createdAt: now,
    updatedAt: now,
    lastEditedAt: null,
    viaAppId: options.actor.viaAppId,
    reactions: [],
  };
  ctx.store.comments.set(id, comment);
  options.issue.updatedAt = now;
  emitComment(ctx, { repo: options.repo, comment, action: 'created', actor: options.actor });
  return comment;
};

/** Anyone with write access may edit a comment on GitHub, so tests can tamper with the app's comments too. */
export const editComment = (
  ctx: SimContext,
  options: { repo: Repo; comment: Comment; body: unknown; actor: Actor },
): Comment => {
  const { comment } = options;
  const from = comment.body;
  comment.body = checkCommentBody(options.body);
  const now = ctx.store.clock.iso();
  comment.updatedAt = now;
  comment.lastEditedAt = now;
  emitComment(ctx, { ...options, action: 'edited', extra: { changes: { body: { from } } } });
  return comment;
};

export const deleteComment = (ctx: SimContext, options: { repo: Repo; comment: Comment; actor: Actor }) => {
  ctx.store.comments.delete(options.comment.id);
  emitComment(ctx, { ...options, action: 'deleted' });
};

const REACTIONS = ['+1', '-1', 'laugh', 'confused', 'heart', 'hooray', 'rocket', 'eyes'];

/** Adds a reaction; the same user reacting the same way twice gets the existing one back (200, not 201). */
export const addReaction = (
  ctx: SimContext,
  options: { comment: Comment; content: unknown; actor: Actor },
): { reaction: Reaction; created: boolean } => {
  if (typeof options.content !== 'string' || !REACTIONS.includes(options.content)) {
    throw validationFailed({ resource: 'Reaction', field: 'content' });
  }
  const existing = options.comment.reactions.find(
    (r) => r.userId === options.actor.accountId && r.content === options.content,
  );
  if (existing) return { reaction: existing, created: false };
  const id = ctx.store.nextId();
  const reaction: Reaction = {
    id,
    nodeId: ctx.store.nodeId('Reaction', id),
    content: options.content,
    userId: options.actor.accountId,
    createdAt: ctx.store.clock.iso(),
  };
  options.comment.reactions.push(reaction);
  return { reaction, created: true };
};
