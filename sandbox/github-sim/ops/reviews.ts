import { HttpError, notFound, validationFailed } from '../http/http-error.ts';
import { serializePullRequest } from '../serializers/pull-request.ts';
import { serializeReview } from '../serializers/review.ts';
import type { SimContext } from '../sim-context.ts';
import type { Repo, Review, ReviewState } from '../state/types.ts';
import type { Actor } from './actor.ts';
import type { Pull } from './pulls.ts';

const EVENTS: Record<string, ReviewState> = {
  APPROVE: 'APPROVED',
  REQUEST_CHANGES: 'CHANGES_REQUESTED',
  COMMENT: 'COMMENTED',
};

const emitReview = (
  ctx: SimContext,
  options: {
    repo: Repo;
    pull: Pull;
    review: Review;
    action: string;
    actor: Actor;
    extra?: Record<string, unknown>;
  },
) =>
  ctx.emit({
    event: 'pull_request_review',
    action: options.action,
    repoId: options.repo.id,
    senderId: options.actor.accountId,
    viaAppId: options.actor.viaAppId,
    fields: {
      // Webhooks spell review states in lower case (`approved`), unlike REST (`APPROVED`).
      review: {
        ...serializeReview(ctx, options.repo, options.review),
        state: options.review.state.toLowerCase(),
      },
      pull_request: serializePullRequest(ctx, options.repo, options.pull),
      ...options.extra,
    },
  });

/** Submits a review on the head SHA (or `commitId`); the author cannot approve or request changes. */
export const submitReview = (
  ctx: SimContext,
  options: { repo: Repo; pull: Pull; event: string; body?: string; commitId?: string; actor: Actor },
): Review => {
  const state = EVENTS[options.event];
  if (!state) throw validationFailed({ resource: 'PullRequestReview', field: 'event' });
  const body = options.body ?? '';
  if (state !== 'APPROVED' && body.trim() === '') {
    throw new HttpError({
      status: 422,
      message: 'Unprocessable Entity',
      errors: [`Review Can not ${state === 'COMMENTED' ? 'comment' : 'request changes'} without a body`],
    });
  }
  if (state !== 'COMMENTED' && options.pull.authorId === options.actor.accountId) {
    throw new HttpError({
      status: 422,
      message: 'Unprocessable Entity',
      errors: [
        `Review Can not ${state === 'APPROVED' ? 'approve' : 'request changes on'} your own pull request`,
      ],
    });
  }
  const commitSha = options.commitId ?? options.pull.pull.headSha;
  if (!options.repo.commits.has(commitSha))
    throw validationFailed({ resource: 'PullRequestReview', field: 'commit_id' });
  const id = ctx.store.nextId();
  const review: Review = {
    id,
    nodeId: ctx.store.nodeId('PullRequestReview', id),
    repoId: options.repo.id,
    pullNumber: options.pull.number,
    authorId: options.actor.accountId,
    state,
    body,
    commitSha,
    submittedAt: ctx.store.clock.iso(),
  };
  ctx.store.reviews.set(id, review);
  emitReview(ctx, {
    repo: options.repo,
    pull: options.pull,
    review,
    action: 'submitted',
    actor: options.actor,
  });
  return review;
};

export const findReview = (ctx: SimContext, options: { repo: Repo; pull: Pull; id: number }): Review => {
  const review = ctx.store.reviews.get(options.id);
  if (!review || review.repoId !== options.repo.id || review.pullNumber !== options.pull.number)
    throw notFound();
  return review;
};

export const dismissReview = (
  ctx: SimContext,
  options: { repo: Repo; pull: Pull; review: Review; message: string; actor: Actor },
): Review => {
  if (options.review.state !== 'APPROVED' && options.review.state !== 'CHANGES_REQUESTED') {
    throw new HttpError({ status: 422, message: 'Can not dismiss a commented pull request review' });
  }
  options.review.state = 'DISMISSED';
  emitReview(ctx, { ...options, action: 'dismissed' });
  return options.review;
};
