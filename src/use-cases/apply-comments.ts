import type { ChangeFacts } from '../core/decision/change-facts.ts';
import type { Decision } from '../core/decision/decision.ts';
import { dueMarker } from '../core/decision/due-marker.ts';
import { STATUS_COMMENT_MARKER } from '../core/decision/evaluation-context.ts';
import type { ChainHead } from '../core/history/chain-head-marker.ts';
import type { ChangeRef, GitHubPort } from '../github/ports/github-port.ts';
import { chainHeadLine } from './chain-head-placement.ts';

/** What an apply did to one of the app's own comments. */
export type CommentOutcome = 'created' | 'updated' | 'unchanged' | 'none';

/** What the app's own comments on a change are written from. */
export interface ApplyCommentsOptions {
  port: Pick<GitHubPort, 'createComment' | 'updateComment'>;
  ref: ChangeRef;
  facts: Pick<ChangeFacts, 'comments'>;
  decision: Pick<Decision, 'statusComment' | 'nextDueAt' | 'stepsComment'>;
  app: { botLogin: string };
}

/** The app's own comment (by a bot with its login) that starts with `marker`, if any. */
const ourComment = (options: ApplyCommentsOptions, marker: string) =>
  options.facts.comments.find(
    (comment) =>
      comment.author.toLowerCase() === options.app.botLogin.toLowerCase() &&
      comment.authorIsBot &&
      comment.body.startsWith(marker),
  );

/**
 * The status comment of an issue change (issues have no check run): the decision, the due marker the sweep
 * reads, and the chain head; created, edited or left as it is.
 */
export const applyStatusComment = async (
  options: ApplyCommentsOptions,
  head: ChainHead,
): Promise<CommentOutcome> => {
  const { decision, port, ref } = options;
  if (decision.statusComment === null) return 'none';
  // The sweep reads when the change is next due from here (issues have no check run).
  const body = `${decision.statusComment}\n\n${dueMarker(decision.nextDueAt ?? null)}\n\n${chainHeadLine(ref, head)}`;
  const existing = ourComment(options, STATUS_COMMENT_MARKER);
  if (!existing) {
    await port.createComment(ref, body);
    return 'created';
  }
  if (existing.body === body) return 'unchanged';
  await port.updateComment({ owner: ref.owner, repo: ref.repo }, existing.id, body);
  return 'updated';
};

/** What the implementation-steps comment needs: an edit of ours, a new one, or nothing. */
export const stepsCommentWrite = (
  options: ApplyCommentsOptions,
): { outcome: CommentOutcome; write?: { id: number; body: string } | { body: string } } => {
  const plan = options.decision.stepsComment;
  if (!plan) return { outcome: 'none' };
  const existing = ourComment(options, plan.marker);
  if (!existing)
    return plan.create ? { outcome: 'created', write: { body: plan.body } } : { outcome: 'none' };
  if (existing.body === plan.body) return { outcome: 'unchanged' };
  return { outcome: 'updated', write: { id: existing.id, body: plan.body } };
};
