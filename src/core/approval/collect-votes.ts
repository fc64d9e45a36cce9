import type { CommentFact, ReviewFact } from '../decision/change-facts.ts';
import type { ApiVote } from './approval-input.ts';
import type { IgnoredApproval } from './approval-outcome.ts';
import { parseCommand } from './parse-command.ts';
import type { Vote } from './vote.ts';

export interface CollectedVotes {
  /** Lower-cased login → that person's votes, oldest first in a total order (independent of input order). */
  byUser: Map<string, Vote[]>;
  /** `/approve` comments that were edited after posting. */
  edited: IgnoredApproval[];
}

const MAX_REVIEW_BODY_CHARS = 2_000;

/**
 * Turns reviews and comment commands into votes. Bot comments are never commands. An edited `/approve`
 * never counts (someone may have put the words there later); an edited `/reject` still rejects, because
 * counting it can only block a change, never approve one, and it rejects from the time of the edit (an
 * approval given before the edit does not lift it).
 */
export function collectVotes(
  reviews: ReviewFact[],
  comments: CommentFact[],
  apiVotes: readonly ApiVote[] = [],
): CollectedVotes {
  const votes: Vote[] = apiVotes.map(apiVote);
  const edited: IgnoredApproval[] = [];
  for (const review of reviews) {
    const vote = reviewVote(review);
    if (vote) votes.push(vote);
  }
  for (const comment of comments) {
    if (comment.authorIsBot || typeof comment.author !== 'string') continue;
    const command = parseCommand(comment.body);
    if (!command) continue;
    const base = {
      key: comment.author.toLowerCase(),
      login: comment.author,
      via: 'command' as const,
      at: comment.createdAt,
      time: Date.parse(comment.createdAt),
      id: comment.id,
      sha: null,
    };
    if (command.kind === 'reject') {
      // Edited into (or within) a /reject: it rejects from the edit on, never backdated to the first post.
      const at = comment.edited ? comment.updatedAt : comment.createdAt;
      votes.push({
        ...base,
        at,
        time: Date.parse(at),
        kind: 'reject',
        comment: '',
        conditions: [],
        reason: command.reason || '(no reason given)',
      });
    } else if (comment.edited) {
      edited.push({
        login: comment.author,
        at: comment.createdAt,
        via: 'command',
        reason: 'edited',
        detail: `@${comment.author}'s /approve comment was edited after it was posted, so it does not count; post a new /approve comment`,
      });
    } else {
      votes.push({
        ...base,
        kind: 'approve',
        comment: command.comment,
        conditions: command.conditions,
        reason: '',
      });
    }
  }
  const byUser = new Map<string, Vote[]>();
  for (const vote of votes.sort(compareVotes)) {
    const list = byUser.get(vote.key);
    if (list) list.push(vote);
    else byUser.set(vote.key, [vote]);
  }
  return { byUser, edited };
}

/** A vote given through the REST API: it binds to the head and block its signed entry recorded. */
function apiVote(vote: ApiVote): Vote {
  return {
    key: vote.login.toLowerCase(),
    login: vote.login,
    kind: vote.approved ? 'approve' : 'reject',
    via: 'api',
    at: vote.at,
    time: Date.parse(vote.at),
    id: vote.id,
    sha: vote.headSha,
    blockHash: vote.blockHash,
    comment: vote.approved ? vote.comment.slice(0, MAX_REVIEW_BODY_CHARS) : '',
    conditions: vote.approved ? vote.conditions : [],
    reason: vote.approved ? '' : vote.comment.slice(0, MAX_REVIEW_BODY_CHARS) || 'rejected through the API',
  };
}

function reviewVote(review: ReviewFact): Vote | null {
  if (typeof review.author !== 'string') return null;
  const kind =
    review.state === 'APPROVED'
      ? 'approve'
      : review.state === 'CHANGES_REQUESTED'
        ? 'reject'
        : review.state === 'DISMISSED'
          ? 'withdraw'
          : null;
  if (!kind) return null; // COMMENTED and PENDING do not change a reviewer's state
  const body = typeof review.body === 'string' ? review.body.slice(0, MAX_REVIEW_BODY_CHARS).trim() : '';
  return {
    key: review.author.toLowerCase(),
    login: review.author,
    kind,
    via: 'review',
    at: review.submittedAt,
    time: Date.parse(review.submittedAt),
    id: review.id,
    sha: typeof review.commitId === 'string' ? review.commitId : null,
    comment: kind === 'approve' ? body : '',
    conditions: [],
    reason: kind === 'reject' ? body || 'changes requested in a review' : '',
  };
}

const KIND_RANK = { approve: 0, withdraw: 1, reject: 2 } as const;
const VIA_RANK = { review: 0, api: 1, command: 2 } as const;

/**
 * Total order: time, then (at the same instant) a rejection is the later, then reviews before API votes before commands,
 * then id. Unreadable times sort so that they can never supersede: approvals and withdrawals first,
 * rejections last (fail closed).
 */
export function compareVotes(a: Vote, b: Vote): number {
  return (
    sortTime(a) - sortTime(b) ||
    KIND_RANK[a.kind] - KIND_RANK[b.kind] ||
    VIA_RANK[a.via] - VIA_RANK[b.via] ||
    a.id - b.id ||
    (a.login < b.login ? -1 : a.login > b.login ? 1 : 0)
  );
}

function sortTime(vote: Vote): number {
  if (!Number.isNaN(vote.time)) return vote.time;
  return vote.kind === 'reject' ? Number.MAX_VALUE : -Number.MAX_VALUE;
}
