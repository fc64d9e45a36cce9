import type { CommentEdit } from '../core/decision/evaluation-context.ts';
import type { ChangeRef } from '../github/ports/github-port.ts';

/**
 * The key under which an event's evaluation may join another (JoinableEvaluations), or null when the event
 * must be evaluated on its own. Only an event whose whole work is a re-read of GitHub's state may join:
 * - everything else the evaluation depends on is in the key: the installation (whose token reads), the
 *   change, and the sender, who is the actor of the history entries the evaluation records;
 * - an edit of the app's steps comment carries ticks the re-read cannot see (`changes.body.from`): never.
 * Commands, protection rule callbacks and deployment statuses do not come through here at all.
 */
export const evaluationJoinKey = (options: {
  installationId: number | null;
  ref: ChangeRef;
  sender: string;
  commentEdit?: CommentEdit;
}): string | null => {
  if (options.commentEdit !== undefined) return null;
  const { ref } = options;
  return JSON.stringify([
    options.installationId,
    ref.owner.toLowerCase(),
    ref.repo.toLowerCase(),
    ref.number,
    options.sender.toLowerCase(),
  ]);
};
